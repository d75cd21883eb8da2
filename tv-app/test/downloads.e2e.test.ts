import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startTvHarness, waitForState } from './support/app';
import { countMedia, hooks, waitForDownload } from './support/downloads';
import { movieId, SUBTITLED_FILM } from './support/media';

// The free demo film with English and Lao subtitles, and the rental one; each is a 12 s clip
// with a 720p/480p/360p ladder of two 6 s segments per rung.
const FREE = SUBTITLED_FILM;
const RENTAL = 'monsoon-letters';

let harness: Awaited<ReturnType<typeof startTvHarness>>;
let freeId: number;
let rentalId: number;
let rentalEndsAt: Date | null = null;
let apiStopped = false;

beforeAll(async () => {
  harness = await startTvHarness();
  freeId = await movieId(harness.admin, FREE);
  rentalId = await movieId(harness.admin, RENTAL);
  // Whoever asks holds a rental of the rental film until `rentalEndsAt`.
  const { entitlements } = harness.api.media;
  entitlements.activeRentalEnd = (_em, _owner, id) =>
    Promise.resolve(id === rentalId ? rentalEndsAt : null);
});

afterAll(async () => {
  if (apiStopped) {
    // The API was stopped on purpose; close the rest.
    await harness.browser.close();
    return;
  }
  await harness?.close();
});

describe('downloads', () => {
  it('refuses a download that does not fit before fetching anything', async () => {
    const page = await openApp(harness, '', '', { keepPreferences: true });
    const fetched = countMedia(page);
    await page.evaluate(() => window.__lanxangDownloads!.setBudget(100_000));
    const refused = await page.evaluate(
      (slug) => window.__lanxangDownloads!.start(slug, 720),
      FREE,
    );
    expect(refused).toMatchObject({ error: 'does_not_fit' });
    expect(fetched.size).toBe(0);
    expect(await hooks(page, (api) => api.list())).toEqual([]);
    await page.evaluate(() => window.__lanxangDownloads!.setBudget(5 * 1024 ** 3));
    await page.close();
  });

  it("a rental's download stops playing when the rental ends, also with the clock turned back", async () => {
    // Long enough for the download to finish on a loaded machine (it takes 1–2 s when quiet).
    rentalEndsAt = new Date(Date.now() + 15_000);
    const page = await openApp(harness, '', '', { keepPreferences: true });
    const started = await page.evaluate(
      (slug) => window.__lanxangDownloads!.start(slug, 360),
      RENTAL,
    );
    expect(started).toMatchObject({ id: rentalId, height: 360 });
    await waitForDownload(page, rentalId, "d.state === 'complete'");
    const before = await page.evaluate(
      (id) => window.__lanxangDownloads!.offlinePlayback(id),
      rentalId,
    );
    expect(before!.playable).toBe('ok');

    // The rental ends; the next start shows the license to the server, which no longer knows it.
    await page.waitForTimeout(Math.max(0, rentalEndsAt.getTime() - Date.now()) + 1_500);
    rentalEndsAt = null;
    await page.reload();
    await waitForState(page, (s) => s.ready);
    await page.waitForTimeout(1_000);
    await page.clock.setSystemTime(new Date(Date.now() - 7 * 86_400_000));
    const after = await page.evaluate(
      (id) => window.__lanxangDownloads!.offlinePlayback(id),
      rentalId,
    );
    expect(after!.playable).toBe('rental_ended');
    await page.evaluate((id) => window.__lanxangDownloads!.remove(id), rentalId);
    await page.close();
  });

  it('stores only the chosen rung, every byte once, and plays it with no network and no API', async () => {
    const page = await openApp(harness, '', '', { keepPreferences: true });
    const fetched = countMedia(page);
    const started = await page.evaluate(
      (slug) => window.__lanxangDownloads!.start(slug, 480),
      FREE,
    );
    expect(started).toMatchObject({ id: freeId, height: 480 });
    await waitForDownload(page, freeId, "d.state === 'complete'");

    const segments = [...fetched.keys()].filter((key) => key.endsWith('.m4s'));
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.every((key) => key.includes('/480p/'))).toBe(true);
    expect([...fetched.keys()].some((key) => /\/(720p|360p)\//.test(key))).toBe(false);
    expect([...fetched.values()].every((count) => count === 1)).toBe(true);

    const [download] = await hooks(page, (api) => api.list());
    const stored = await page.evaluate((id) => window.__lanxangDownloads!.stored(id), freeId);
    expect(stored.keys).toBe(stored.record!.files.length);
    // Stored ÷ fetched: the master is kept with one rung, so a little under 1.
    expect(stored.bytes / download!.progress.bytesTotal).toBeLessThanOrEqual(1.02);
    expect(download!.progress).toMatchObject({ percent: 100 });
    expect(download!.progress.segmentsDone).toBe(download!.progress.segmentsTotal);

    // The shell is cached by the service worker before the network goes.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForTimeout(500);
    await page.close();

    await harness.browser.browser.setOffline(true);
    await harness.api.close();
    apiStopped = true;
    const offline = await harness.browser.newPage();
    await offline.goto(`${harness.appUrl}/#play/${FREE}`);
    const playing = await waitForState(offline, (s) => (s.player?.currentTime ?? 0) > 5.2, 30_000);
    expect(playing.player!.qualities).toEqual([480]);
    expect(playing.error).toBeNull();
    await offline.close();
    await harness.browser.browser.setOffline(false);
  });
});
