import type { Page } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../src/components/DownloadProgressView';
import type { DownloadsInfo } from '../src/pages/Downloads';
import { openApp, press, shot, startTvHarness, state, waitForState } from './support/app';
import {
  countMedia,
  hooks,
  mediaKey,
  setBudget,
  slowSegments,
  waitForDownload,
} from './support/downloads';
import { loopStoredVideo, movieId, SUBTITLED_FILM } from './support/media';
import { seekPast, storedProgress } from './support/player';

/**
 * Downloads over time, in the built app in Chromium against the real API and media: pause and
 * resume from the remote, a page closed mid-download and reopened, the resume point and progress
 * made with no network, and cleanup and the 30-day rules on moved clocks (the device's through
 * Playwright's clock, the API's through its own). The free film is five minutes long (its demo
 * clip looped, each pass its own segment files), so a download has ~50 segments per rung and a
 * resume point can be offered; the rental film is the 12 s clip.
 */
const FREE = SUBTITLED_FILM;
const FREE_SECONDS = 300;
const RENTAL = 'monsoon-letters';
const DAY_MS = 86_400_000;
/** The engine's files fetched at once (src/downloads/engine.ts `PARALLEL`). */
const IN_FLIGHT = 3;

type DetailsInfo = {
  download: string;
  qualityMenu: { options: unknown[] } | null;
  progress: ProgressSnapshot | null;
};
const details = (s: { page: unknown }) => s.page as DetailsInfo;
const downloadsPage = (s: { page: unknown }) => s.page as DownloadsInfo;
type SettingsInfo = { section: string; downloads?: { log: string } };

let harness: Awaited<ReturnType<typeof startTvHarness>>;
let freeId: number;
let rentalId: number;
/** How far the API's clock is ahead of the real one. */
let apiClockAhead = 0;

beforeAll(async () => {
  harness = await startTvHarness({}, { clock: () => new Date(Date.now() + apiClockAhead) });
  await loopStoredVideo(harness.api, FREE, FREE_SECONDS);
  freeId = await movieId(harness.admin, FREE);
  rentalId = await movieId(harness.admin, RENTAL);
  // Whoever asks has rented the rental film for a year.
  harness.api.media.entitlements.activeRentalEnd = (_em, _owner, id) =>
    Promise.resolve(id === rentalId ? new Date(Date.now() + 365 * DAY_MS) : null);
});

afterAll(async () => {
  await harness?.browser.browser.setOffline(false);
  await harness?.close();
});

const open = (hash: string) => openApp(harness, hash, '', { keepPreferences: true });
const go = (page: Page, hash: string) =>
  page.evaluate((value) => {
    window.location.hash = value;
  }, `#${hash}`);
const segmentsOf = (counts: Map<string, number>) =>
  [...counts].filter(([key]) => key.endsWith('.m4s'));
/** The stored rung's segments (streaming the other film meanwhile fetches its own). */
const ofStoredRung = ([key]: [string, number]) => key.startsWith(`video/${FREE}/hls/360p/`);
/** `N % watched` for a position, give or take the second between reading it and the save. */
const watchedPattern = (seconds: number) => {
  const percent = Math.round((seconds / FREE_SECONDS) * 100);
  return `(${percent - 1}|${percent}|${percent + 1}) % watched`;
};
/** How far the server's saved position is from `seconds` (Infinity while it has none). */
const serverDistance = async (page: Page, seconds: number) =>
  Math.abs(
    ((await storedProgress(harness.apiUrl, page, freeId))?.positionSeconds ?? -1e9) - seconds,
  );

/** A page opened with the device clock moved `days` ahead; downloads live in the context. */
async function openOnDay(days: number, hash: string): Promise<Page> {
  const page = await harness.browser.newPage();
  page.on('pageerror', (error) => console.error('[tv-app]', error.message));
  await page.clock.setSystemTime(new Date(Date.now() + days * DAY_MS));
  await page.goto(`${harness.appUrl}/#${hash}`);
  await waitForState(page, (s) => s.ready, 30_000);
  return page;
}

/** Settings' Downloads section, and what its cleanup log says. */
async function cleanupLogShown(page: Page): Promise<string> {
  await go(page, 'settings');
  await waitForState(
    page,
    (s) => s.route === 'settings' && s.ready && s.focusPath.includes('Sections'),
  );
  // One section per press, as the viewer sees the focus move down to Downloads (the predicates
  // run in the page, as source: no variables from here).
  await press(page, 'ArrowDown');
  await waitForState(page, (s) => (s.page as { section?: string }).section === 'quality');
  await press(page, 'ArrowDown');
  await waitForState(page, (s) => (s.page as { section?: string }).section === 'account');
  await press(page, 'ArrowDown');
  const shown = await waitForState(
    page,
    (s) => (s.page as { downloads?: { log: string } }).downloads?.log.includes(':') === true,
  );
  return (shown.page as SettingsInfo).downloads!.log;
}

describe('a download over time', () => {
  it('pauses and resumes from the remote: nothing arrives while paused, it finishes after, and plays', async () => {
    const page = await open(`movie/${FREE}`);
    const fetched = countMedia(page);
    await slowSegments(page, 800);
    await waitForState(page, (s) => (s.page as DetailsInfo).download === 'Download');
    await press(page, 'ArrowRight');
    expect((await state(page)).focusPath.at(-1)).toBe('Download');
    await press(page, 'Enter');
    await waitForState(page, (s) => ((s.page as DetailsInfo).qualityMenu?.options.length ?? 0) > 1);
    // Auto, 720p, 480p, 360p.
    await press(page, 'ArrowDown', 3);
    await press(page, 'Enter');
    await waitForState(
      page,
      (s) =>
        (s.page as DetailsInfo).progress?.state === 'downloading' &&
        !(s.page as DetailsInfo).progress!.segments.startsWith('0 '),
      40_000,
    );
    expect((await state(page)).focusPath.at(-1)).toBe('Toggle');

    await press(page, 'Enter');
    await waitForState(page, (s) => (s.page as DetailsInfo).progress?.state === 'paused');
    // A file already received as the viewer paused is kept; from here on nothing may arrive.
    await page.waitForTimeout(1_000);
    const paused = await state(page);
    const atPause = await waitForDownload(page, freeId, "d.state === 'paused'");
    const segmentsAtPause = segmentsOf(fetched).length;
    await page.waitForTimeout(4_000);
    const still = await waitForDownload(page, freeId, "d.state === 'paused'");
    expect(still.progress.bytesDone).toBe(atPause.progress.bytesDone);
    expect(still.progress.segmentsDone).toBeLessThan(still.progress.segmentsTotal);
    expect(segmentsOf(fetched)).toHaveLength(segmentsAtPause);
    const shown = await state(page);
    expect(details(shown).progress!.segments).toBe(details(paused).progress!.segments);
    expect(details(shown).download).toMatch(/^Paused \d+ %$/);
    await shot(page, 'download-paused-en');

    await press(page, 'Enter');
    await waitForState(page, (s) => (s.page as DetailsInfo).progress?.state === 'downloading');

    // The viewer leaves the view and plays another film meanwhile: the corner indicator keeps
    // off the picture, and is back on Details.
    await press(page, 'Escape');
    await waitForState(page, (s) => s.downloadIndicator !== null);
    await go(page, `play/${RENTAL}`);
    const playing = await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 1, 30_000);
    expect(playing.downloadIndicator).toBeNull();
    expect((await hooks(page, (api) => api.list()))[0]!.state).toBe('downloading');
    await shot(page, 'player-while-downloading-en');
    await press(page, 'Escape');
    await waitForState(page, (s) => s.route === 'movie/the-rivers-daughter' && s.ready);

    const done = await waitForDownload(page, freeId, "d.state === 'complete'", 90_000);
    expect(done.progress.segmentsDone).toBe(done.progress.segmentsTotal);
    // Every segment arrived once: the ones dropped at the pause never arrived the first time.
    const segments = segmentsOf(fetched).filter(ofStoredRung);
    expect(segments).toHaveLength(done.progress.segmentsTotal);
    expect(segments.every(([, count]) => count === 1)).toBe(true);
    const current = await waitForState(page, (s) =>
      (s.page as DetailsInfo).download.startsWith('Downloaded'),
    );
    expect(current.downloadIndicator).toBeNull();

    // It plays, from the store: its one rung only.
    await go(page, `play/${FREE}`);
    const stored = await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 2, 30_000);
    expect(stored.player!.qualities).toEqual([360]);
    expect(stored.error).toBeNull();
    await press(page, 'Escape');
    await page.evaluate((id) => window.__lanxangDownloads!.remove(id), freeId);
    await page.close();
  });

  it('carries on after the page was closed mid-download, without fetching a stored segment again', async () => {
    const context = harness.browser.browser;
    const asked = new Map<string, number>();
    const countAsked = (request: { url(): string }) => {
      const key = mediaKey(request.url());
      if (key?.endsWith('.m4s')) asked.set(key, (asked.get(key) ?? 0) + 1);
    };
    context.on('request', countAsked);
    const fetched = countMedia(context);
    const fullSpeed = await slowSegments(context, 300);
    try {
      const first = await open('home');
      // A clean start, whatever the test before left.
      await first.evaluate((id) => window.__lanxangDownloads!.remove(id), freeId);
      const started = await first.evaluate(
        (slug) => window.__lanxangDownloads!.start(slug, 360),
        FREE,
      );
      expect(started).toMatchObject({ id: freeId, state: 'downloading' });
      await waitForDownload(first, freeId, 'd.progress.segmentsDone >= 12', 60_000);
      const before = await first.evaluate((id) => window.__lanxangDownloads!.stored(id), freeId);
      const storedBefore = before.record!.files.filter((file) => file.done).map((file) => file.key);
      await first.close();

      // Reopened: the download carries on by itself, from the Downloads page's point of view too.
      const page = await open('downloads');
      const listed = await waitForState(
        page,
        (s) => (s.page as DownloadsInfo).films[0]?.state === 'downloading',
      );
      expect(downloadsPage(listed).films[0]!.status).toMatch(/^Downloading \d+ %$/);
      await shot(page, 'downloads-resumed-after-reopen-en');
      const done = await waitForDownload(page, freeId, "d.state === 'complete'", 120_000);

      const segmentKeys = done.progress.segmentsTotal;
      const asked360 = [...asked].filter(ofStoredRung);
      expect(asked360).toHaveLength(segmentKeys);
      const askedAgain = asked360.filter(([, count]) => count > 1).map(([key]) => key);
      // Nothing stored before the close was asked for again; only what was in flight then.
      expect(askedAgain.filter((key) => storedBefore.includes(key))).toEqual([]);
      expect(askedAgain.length).toBeLessThanOrEqual(IN_FLIGHT);
      const arrived = segmentsOf(fetched).filter(ofStoredRung);
      expect(arrived).toHaveLength(segmentKeys);
      const extra = arrived.reduce((sum, [, count]) => sum + count - 1, 0);
      expect(extra).toBeLessThanOrEqual(IN_FLIGHT);

      const stored = await page.evaluate((id) => window.__lanxangDownloads!.stored(id), freeId);
      expect(stored.keys).toBe(stored.record!.files.length);
      expect(stored.bytes / done.progress.bytesTotal).toBeLessThanOrEqual(1.02);
      await page.close();
    } finally {
      context.off('request', countAsked);
      await fullSpeed();
    }
  });

  it('shows how much was watched, resumes there with no network, and sends progress made offline on reconnect', async () => {
    const context = harness.browser.browser;
    const page = await open(`movie/${FREE}`);
    await waitForState(page, (s) => s.route === 'movie/the-rivers-daughter' && s.ready);
    expect((await state(page)).focusPath.at(-1)).toBe('Play');
    await press(page, 'Enter');
    await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 1, 30_000);
    await seekPast(page, 70);
    await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 72 && !s.player?.paused);
    const stoppedOnline = (await state(page)).player!.currentTime;
    await press(page, 'Escape');
    await waitForState(page, (s) => s.route === 'movie/the-rivers-daughter');
    await go(page, 'downloads');
    let current = await waitForState(
      page,
      (s) => s.route === 'downloads' && (s.page as DownloadsInfo).films.length === 1,
    );
    expect(downloadsPage(current).films[0]!.meta).toMatch(
      new RegExp(
        `^360p {2}· {2}[\\d.]+ MB {2}· {2}\\d{4}-\\d\\d-\\d\\d {2}· {2}${watchedPattern(stoppedOnline)}$`,
      ),
    );
    await shot(page, 'downloads-watched-en');
    await expect
      .poll(() => serverDistance(page, stoppedOnline), { timeout: 15_000 })
      .toBeLessThan(2);
    await page.close();

    // No network: the app starts on Downloads, and Play offers to resume where the viewer stopped.
    await context.setOffline(true);
    try {
      const offline = await harness.browser.newPage();
      offline.on('pageerror', (error) => console.error('[tv-app]', error.message));
      await offline.goto(`${harness.appUrl}/#downloads`);
      current = await waitForState(
        offline,
        (s) => s.route === 'downloads' && s.ready && (s.page as DownloadsInfo).films.length === 1,
        30_000,
      );
      expect(downloadsPage(current).films[0]!.meta).toMatch(
        new RegExp(`${watchedPattern(stoppedOnline)}$`),
      );
      expect(current.offlineBanner).not.toBeNull();
      expect(current.focusPath.slice(-2)).toEqual(['DownloadCard', 'Primary']);
      await press(offline, 'Enter');
      current = await waitForState(offline, (s) => s.focusPath.includes('ResumeDialog'), 30_000);
      expect(current.focusPath.at(-1)).toBe('Resume');
      await shot(offline, 'resume-offline-download-en');
      await press(offline, 'Enter');
      current = await waitForState(
        offline,
        (s) => s.player !== null && !s.player.paused && s.player.currentTime > 0,
        10_000,
      );
      expect(Math.abs(current.player!.currentTime - stoppedOnline)).toBeLessThanOrEqual(2);

      await seekPast(offline, 130);
      await waitForState(offline, (s) => (s.player?.currentTime ?? 0) > 132 && !s.player?.paused);
      const stoppedOffline = (await state(offline)).player!.currentTime;
      await press(offline, 'Escape');
      current = await waitForState(offline, (s) => s.route === 'downloads' && s.ready);
      await expect
        .poll(async () => downloadsPage(await state(offline)).films[0]?.meta)
        .toMatch(new RegExp(`${watchedPattern(stoppedOffline)}$`));
      // The server has not heard of it yet.
      expect(await serverDistance(offline, stoppedOnline)).toBeLessThan(2);

      await context.setOffline(false);
      await expect
        .poll(() => serverDistance(offline, stoppedOffline), { timeout: 30_000 })
        .toBeLessThan(2);
      await offline.close();
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('cleanup and the 30-day rules, on moved clocks', () => {
  it('over 90 % removes the least recently watched first, stops a free film unseen for 30 days until online, removes one expired for 30 days, and logs each in Settings', async () => {
    const context = harness.browser.browser;
    let page = await open('home');
    // The rental film is stored after the free one was, and then the free one is watched again:
    // the rental is the least recently watched, though the free one is older.
    await page.evaluate((slug) => window.__lanxangDownloads!.start(slug, 360), RENTAL);
    await waitForDownload(page, rentalId, "d.state === 'complete'", 60_000);
    await go(page, `play/${FREE}`);
    await waitForState(page, (s) => s.focusPath.includes('ResumeDialog'), 30_000);
    await press(page, 'Enter');
    await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 1 && !s.player?.paused, 30_000);
    await press(page, 'Escape');
    await waitForState(page, (s) => s.route === 'home' && s.ready);
    const list = await hooks(page, (api) => api.list());
    const used = list.reduce((sum, download) => sum + download.progress.bytesDone, 0);
    const rentalBytes = list.find((download) => download.id === rentalId)!.progress.bytesDone;
    // Above 90 % with both, under it without the rental.
    await setBudget(page, Math.floor((used - rentalBytes / 2) / 0.9));

    // Cleanup runs as the app starts.
    await page.reload();
    await waitForState(page, (s) => s.ready);
    await go(page, 'downloads');
    let current = await waitForState(
      page,
      (s) => s.route === 'downloads' && (s.page as DownloadsInfo).films.length === 1,
    );
    expect(downloadsPage(current).films.map((film) => film.slug)).toEqual([FREE]);
    await shot(page, 'downloads-after-cleanup-en');
    let log = await cleanupLogShown(page);
    expect(log).toMatch(
      /^What cleanup did last:\n\d{4}-\d\d-\d\d · “.+” \([\d.]+ [KM]B\): downloads were over 90 % of the limit$/,
    );
    const rentalTitle = (await hooks(page, (api) => api.cleanupLog()))[0]!.title.en;
    expect(log).toContain(`“${rentalTitle}”`);
    await setBudget(page, 5 * 1024 ** 3);
    await page.close();

    // 31 days later with no network: the free film was not seen by the server for 30 days.
    await context.setOffline(true);
    try {
      page = await openOnDay(31, 'downloads');
      current = await waitForState(
        page,
        (s) => s.route === 'downloads' && (s.page as DownloadsInfo).films.length === 1,
      );
      expect(downloadsPage(current).films[0]!.status).toBe(
        'Connect the TV to the network once to keep playing this download.',
      );
      await shot(page, 'downloads-needs-server-check-en');
      await go(page, `play/${FREE}`);
      current = await waitForState(page, (s) => s.error !== null, 30_000);
      expect(current.error).toMatchObject({ kind: 'network', code: 'needs_server_check' });
      expect(current.player).toBeNull();
      await shot(page, 'play-needs-server-check-en');

      // Online again (the server's clock a month on too): the error page retries by itself, the
      // license is renewed, and it plays (from where the viewer stopped, when they say so).
      apiClockAhead = 31 * DAY_MS;
      await context.setOffline(false);
      await waitForState(page, (s) => s.focusPath.includes('ResumeDialog'), 30_000);
      await press(page, 'Enter');
      current = await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 1, 30_000);
      expect(current.error).toBeNull();
      await press(page, 'Escape');
      const [renewed] = await hooks(page, (api) => api.list());
      expect(Date.parse(renewed!.renewBy)).toBeGreaterThan(Date.now() + 60 * DAY_MS);
      await page.close();
    } finally {
      await context.setOffline(false);
    }

    // 30 days after that renewal ran out: the copy is removed as the app starts, and logged.
    page = await openOnDay(31 + 30 + 31, 'downloads');
    await expect.poll(async () => (await hooks(page, (api) => api.list())).length).toBe(0);
    current = await waitForState(
      page,
      (s) => s.route === 'downloads' && (s.page as DownloadsInfo).empty,
    );
    expect(current.focusPath.at(-1)).toBe('Home');
    log = await cleanupLogShown(page);
    const lines = log.split('\n');
    expect(lines[1]).toMatch(/ \([\d.]+ [KM]B\): expired over 30 days ago$/);
    expect(lines[1]).not.toContain(`“${rentalTitle}”`);
    expect(lines[2]).toContain(`“${rentalTitle}”`);
    expect(lines[2]).toMatch(/downloads were over 90 % of the limit$/);
    await shot(page, 'settings-cleanup-log-en');
    await page.close();
  });
});
