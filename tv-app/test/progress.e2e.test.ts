import { screenshot, type Request } from '@lanxang/testing';
import { startAdmin } from '@lanxang/testing/admin-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openApp,
  press,
  shot,
  startTvHarness,
  state,
  waitForState,
  type TvHarness,
} from './support/app';
import { movieId, setLoopedVideo } from './support/media';
import {
  progressOf,
  seekPast,
  storedProgress as storedProgressOf,
  viewerOf,
} from './support/player';

/**
 * Watch progress and playback analytics on the real TV app, the real API and PostgreSQL (and the
 * real admin portal for the figures): saves while playing, Continue watching, resuming, saves
 * made while the API is unreachable, and a playback's events on the Analytics page. The film is five minutes long
 * (the demo clip played over and over): a resume point is never offered in a film's last two.
 */
const FILM = 'the-last-tuk-tuk';
const FILM_SECONDS = 300;

let harness: TvHarness;
let filmId: number;

beforeAll(async () => {
  harness = await startTvHarness();
  await setLoopedVideo(harness.admin, harness.mediaDir, {
    slug: FILM,
    source: 'monsoon-letters',
    seconds: FILM_SECONDS,
  });
  filmId = await movieId(harness.admin, FILM);
});

afterAll(async () => {
  await harness?.close();
});

type Page = Parameters<typeof press>[0];
type HomeInfo = {
  focusedSlug?: string;
  continueWatching: Array<{ slug: string; positionSeconds: number; fraction: number }>;
};
type DetailsInfo = { slug?: string; resumeAt: number | null };
const home = (s: { page: unknown }) => s.page as HomeInfo;
const details = (s: { page: unknown }) => s.page as DetailsInfo;

const storedProgress = (page: Page) => storedProgressOf(harness.apiUrl, page, filmId);

/** Saves waiting in the TV's outbox (IndexedDB), read the way any page script could. */
function queuedSaves(page: Page): Promise<number> {
  return queued(page, 'outbox_progress');
}

/** Items waiting in one of the TV's outboxes (IndexedDB stores `outbox_<name>`). */
function queued(page: Page, storeName: string): Promise<number> {
  return page.evaluate(
    (storeName) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('lanxang');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(storeName)) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction(storeName).objectStore(storeName).count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
      }),
    storeName,
  );
}

/** Opens the film's Details, plays it, and seeks about 70 s in with the remote's Right key. */
async function playIntoTheFilm(page: Page, whilePlaying?: () => Promise<void>): Promise<void> {
  await waitForState(page, (s) => s.route === 'movie/the-last-tuk-tuk' && s.ready);
  expect((await state(page)).focusPath.at(-1)).toBe('Play');
  await press(page, 'Enter');
  await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 2, 30_000);
  await whilePlaying?.();
  await seekPast(page, 70);
  await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 72 && !s.player?.paused, 30_000);
}

describe('watch progress', () => {
  it('saves where the viewer stopped, shows it in Continue watching, and resumes there', async () => {
    const page = await openApp(harness, `movie/${FILM}`);
    await playIntoTheFilm(page);
    const stoppedAt = (await state(page)).player!.currentTime;
    await press(page, 'Escape');

    // Details offers Resume, with the time, beside Play from start.
    let current = await waitForState(
      page,
      (s) => s.route === 'movie/the-last-tuk-tuk' && (s.page as DetailsInfo).resumeAt !== null,
    );
    expect(details(current).resumeAt).toBeCloseTo(stoppedAt, 0);
    expect(current.focusPath.at(-1)).toBe('Resume');
    await shot(page, 'details-resume');
    await expect
      .poll(async () => Math.abs(((await storedProgress(page))?.positionSeconds ?? 0) - stoppedAt))
      .toBeLessThan(2);

    // Home, without a reload: Continue watching comes first, with the film where it stopped.
    await press(page, 'Escape');
    current = await waitForState(
      page,
      (s) => s.route === 'home' && (s.page as HomeInfo).continueWatching.length > 0,
    );
    expect(current.focusPath).toContain('Row-continue-watching');
    expect(home(current).continueWatching).toHaveLength(1);
    expect(home(current).continueWatching[0]!.slug).toBe(FILM);
    expect(Math.abs(home(current).continueWatching[0]!.positionSeconds - stoppedAt)).toBeLessThan(
      2,
    );
    expect(home(current).focusedSlug).toBe(FILM);
    await shot(page, 'home-continue-watching');

    // Reopen it: the player asks, Resume is focused, and playback starts there.
    await press(page, 'Enter');
    current = await waitForState(page, (s) => s.focusPath.includes('ResumeDialog'), 30_000);
    expect(current.focusPath.at(-1)).toBe('Resume');
    await shot(page, 'resume-dialog');
    await press(page, 'Enter');
    // Within 2 s of the choice (the promise), playing at the position it stopped (±2 s).
    current = await waitForState(
      page,
      (s) => s.player !== null && !s.player.paused && s.player.currentTime > 0,
      2000,
    );
    expect(Math.abs(current.player!.currentTime - stoppedAt)).toBeLessThanOrEqual(2);

    // To the end: the film is finished, and leaves the row.
    await seekPast(page, FILM_SECONDS - 5);
    current = await waitForState(
      page,
      (s) => s.route === 'home' && (s.page as HomeInfo).continueWatching.length === 0,
      30_000,
    );
    expect(current.focusPath).not.toContain('Row-continue-watching');
    const finished = await storedProgress(page);
    expect(finished?.completed).toBe(true);
    await page.close();
  });

  it('keeps saves made while the API is unreachable and sends them all, in order, when it is back', async () => {
    const page = await openApp(harness, `movie/${FILM}`);
    await playIntoTheFilm(page, async () => {
      // The API stops answering; the media (served elsewhere in production) keeps flowing.
      await page.route(`${harness.apiUrl}/api/**`, (route) => route.abort('connectionrefused'));
    });
    // A pause and a resume (a save each), then at least one of the saves made every 10 s.
    await press(page, 'Enter');
    await waitForState(page, (s) => s.player?.paused === true);
    await press(page, 'Enter');
    await waitForState(page, (s) => s.player?.paused === false);
    await page.waitForTimeout(10_500);
    const stoppedAt = (await state(page)).player!.currentTime;
    await press(page, 'Escape');

    // The app still knows where the viewer stopped; the API does not, yet.
    const current = await waitForState(
      page,
      (s) => s.route === 'movie/the-last-tuk-tuk' && (s.page as DetailsInfo).resumeAt !== null,
    );
    expect(Math.abs(details(current).resumeAt! - stoppedAt)).toBeLessThan(1);
    const queued = await queuedSaves(page);
    // Seek, pause, play's seek-free resume (no save), the 10 s save, Back: at least four.
    expect(queued).toBeGreaterThanOrEqual(4);
    expect(await storedProgress(page)).toBeNull();
    await shot(page, 'details-resume-offline');

    // The API is back: every queued save arrives once, oldest first.
    const delivered: string[] = [];
    page.on('response', (response) => {
      const request = response.request();
      if (
        request.method() === 'PUT' &&
        response.ok() &&
        request.url().includes('/watch-progress/')
      ) {
        delivered.push((request.postDataJSON() as { clientTimestamp: string }).clientTimestamp);
      }
    });
    await page.unroute(`${harness.apiUrl}/api/**`);
    await press(page, 'Escape');
    await waitForState(page, (s) => s.route === 'home' && s.ready);
    await expect.poll(() => queuedSaves(page), { timeout: 20_000 }).toBe(0);
    expect(delivered).toHaveLength(queued);
    expect([...delivered].sort()).toEqual(delivered);
    const stored = await storedProgress(page);
    expect(Math.abs(stored!.positionSeconds - stoppedAt)).toBeLessThan(1);
    const home = await waitForState(
      page,
      (s) => (s.page as HomeInfo).continueWatching[0]?.slug === 'the-last-tuk-tuk',
    );
    expect(home.focusPath).toContain('Row-continue-watching');
    await page.close();

    // The app opened again on this TV: Home's catalog is asked for with nothing of the viewer's
    // (so the API, or the browser, answers from a shared cache, with no CORS preflight), Continue
    // watching beside it, and the row is first on the first screen drawn.
    const reopened = await harness.browser.newPage();
    const homeRequests: Request[] = [];
    reopened.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/home') homeRequests.push(request);
    });
    await reopened.goto(`${harness.appUrl}/`);
    const restarted = await waitForState(reopened, (s) => s.route === 'home' && s.ready);
    expect(restarted.focusPath).toContain('Row-continue-watching');
    expect((restarted.page as HomeInfo).continueWatching.map((entry) => entry.slug)).toEqual([
      FILM,
    ]);
    // The browser may answer from its own cache and revalidate behind it: a second request, with
    // nothing of the viewer's either.
    expect(homeRequests.length).toBeGreaterThan(0);
    for (const request of homeRequests) {
      const sent = await request.allHeaders();
      expect(sent['authorization']).toBeUndefined();
      expect(sent['x-anonymous-id']).toBeUndefined();
    }
    const answer = await homeRequests[0]!.response();
    expect(answer?.headers()['cache-control']).toContain('public');
    await reopened.close();
  });
});

describe('closing the app mid-film', () => {
  it('saves where the viewer was, with a request that outlives the page', async () => {
    const page = await openApp(harness, `movie/${FILM}`);
    await playIntoTheFilm(page);
    // Just after one of the saves made every 10 s (not the seek's), so the next is 10 s away.
    await page.waitForRequest(
      (request) =>
        request.method() === 'PUT' &&
        request.url().includes('/watch-progress/') &&
        (request.postDataJSON() as { positionSeconds: number }).positionSeconds > 74,
      { timeout: 20_000 },
    );
    await page.waitForTimeout(5000);
    const viewer = await viewerOf(page);
    const closedAt = (await state(page)).player!.currentTime;
    await page.close({ runBeforeUnload: true });
    await expect
      .poll(async () => (await progressOf(harness.apiUrl, viewer, filmId))?.positionSeconds ?? 0, {
        timeout: 10_000,
      })
      .toBeGreaterThan(closedAt - 1);
  });
});

describe('playback analytics', () => {
  it('shows a real playback on the admin Analytics page: the play, its first frame, a quality switch', async () => {
    const page = await openApp(harness, 'play/the-rivers-daughter');
    await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 1, 30_000);
    // A quality switch by the viewer: pin a rung other than the one playing.
    const playing = (await state(page)).player!.activeHeight;
    const target = playing === 360 ? 720 : 360;
    await press(page, 'ArrowDown');
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    expect((await state(page)).focusPath).toContain('Menu');
    // The menu: Auto, 720p, 480p, 360p.
    await press(page, 'ArrowDown', target === 720 ? 1 : 3);
    await press(page, 'Enter');
    const switched = await waitForState(
      page,
      (s) =>
        s.player?.selectedQuality != null && s.player.activeHeight === s.player.selectedQuality,
      20_000,
    );
    expect(switched.player!.activeHeight).toBe(target);
    // Leaving the player sends the session's batch at once.
    const batchStored = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/analytics/events') &&
        response.request().method() === 'POST' &&
        response.status() === 202,
    );
    await press(page, 'Escape');
    await batchStored;
    // Every batch delivered, this session's and any an earlier test's closed page left queued
    // in the same browser storage (the first 202 may be one of those).
    await expect.poll(() => queued(page, 'outbox_analytics'), { timeout: 20_000 }).toBe(0);
    await page.close();

    const admin = await startAdmin(harness.apiUrl);
    try {
      const portal = await harness.browser.newPage();
      await portal.goto(`${admin.url}/admin/analytics`);
      await portal.waitForURL((url) => url.pathname === '/signin');
      await portal.fill('#login-email', harness.adminAccount.email);
      await portal.fill('#login-password', harness.adminAccount.password);
      await portal.click('button[value="login"]');
      await portal.waitForURL(`${admin.url}/admin/analytics`);
      const stat = (id: string) => portal.textContent(`[data-testid="stat-${id}"]`);
      expect(Number(await stat('plays'))).toBeGreaterThanOrEqual(1);
      expect(await stat('first-frame-median')).toMatch(/^[\d,]+ ms$/);
      // Seconds of playback: shown as such, not rounded down to "0 h".
      expect(await stat('watch-time')).toMatch(/^(under 1 min|\d+ min)$/);
      expect(Number(await stat('quality-switches'))).toBeGreaterThanOrEqual(1);
      expect(await portal.textContent('[data-testid="top-films"]')).toContain(
        "The River's Daughter",
      );
      // The charts are drawn (in the browser, once hydrated).
      await portal.waitForSelector('.analytics-chart .recharts-surface');
      await screenshot(portal, 'admin-analytics');
      await portal.close();
    } finally {
      await admin.stop();
    }
  });
});
