import type { Page } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../src/components/DownloadProgressView';
import type { QualityOption } from '../src/components/QualityMenu';
import type { DownloadsInfo } from '../src/pages/Downloads';
import { press, shot, startTvHarness, state, waitForState, type TvHarness } from './support/app';
import { setBudget, slowSegments } from './support/downloads';
import { SUBTITLED_FILM } from './support/media';

/**
 * The download screens driven by the remote alone, in the built app in Chromium against the real
 * API and media: the quality menu, the progress view (pause, resume, cancel), the indicator, the
 * Downloads page (play, delete, delete all), Settings' budget, and the offline screens; each in
 * English and Lao where the issue asks for screenshots.
 */
const FILM = SUBTITLED_FILM;

type DetailsInfo = {
  slug: string;
  download: string;
  qualityMenu: { index: number; options: QualityOption[] } | null;
  progress: ProgressSnapshot | null;
};
const details = (s: { page: unknown }) => s.page as DetailsInfo;
const downloadsPage = (s: { page: unknown }) => s.page as DownloadsInfo;

let harness: TvHarness;

beforeAll(async () => {
  harness = await startTvHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** Opens the app in `locale`, keeping what the browser stored (downloads live in IndexedDB). */
async function openIn(locale: 'en' | 'lo', hash: string): Promise<Page> {
  const page = await harness.browser.newPage();
  await page.addInitScript((value) => window.localStorage.setItem('lanxang.locale', value), locale);
  page.on('pageerror', (error) => console.error('[tv-app]', error.message));
  await page.goto(`${harness.appUrl}/#${hash}`);
  await waitForState(page, (s) => s.ready);
  return page;
}

/** Details with its Download button shown, and that button focused (Play, then Download). */
async function focusDownload(page: Page, label: string): Promise<void> {
  await waitForState(page, (s) => s.route === 'movie/the-rivers-daughter' && s.ready);
  await waitForState(
    page,
    new Function('s', `return s.page.download === ${JSON.stringify(label)}`) as (
      s: unknown,
    ) => boolean,
  );
  await press(page, 'ArrowRight');
  const current = await state(page);
  expect(current.focusPath.at(-1)).toBe('Download');
}

async function openMenu(page: Page): Promise<DetailsInfo['qualityMenu']> {
  await press(page, 'Enter');
  const shown = await waitForState(
    page,
    (s) => ((s.page as DetailsInfo).qualityMenu?.options.length ?? 0) > 1,
  );
  return details(shown).qualityMenu;
}

/**
 * Picks the menu's line `steps` below Auto, then waits for the progress view with a segment in,
 * so the speed and time left are known.
 */
async function downloadRung(page: Page, steps: number) {
  await press(page, 'ArrowDown', steps);
  await press(page, 'Enter');
  return waitForState(
    page,
    (s) =>
      (s.page as DetailsInfo).progress?.state === 'downloading' &&
      !(s.page as DetailsInfo).progress?.segments.startsWith('0 '),
    40_000,
  );
}

describe('downloading a film from its Details, with the remote', () => {
  it('offers Auto and every rung with its size, refuses what does not fit, and Back returns to Download', async () => {
    const page = await openIn('en', `movie/${FILM}`);
    await focusDownload(page, 'Download');
    const menu = (await openMenu(page))!;
    expect(menu.options.map((option) => option.label)).toEqual([
      expect.stringMatching(/^Auto · 720p · [\d.]+ [KM]B$/),
      expect.stringMatching(/^720p · [\d.]+ [KM]B$/),
      expect.stringMatching(/^480p · [\d.]+ [KM]B$/),
      expect.stringMatching(/^360p · [\d.]+ [KM]B$/),
    ]);
    expect(menu.options.every((option) => option.refusal === null)).toBe(true);
    expect((await state(page)).focusPath.at(-1)).toBe('QualityOptionItem');
    await shot(page, 'download-quality-menu-en');

    await press(page, 'Escape');
    let current = await waitForState(page, (s) => (s.page as DetailsInfo).qualityMenu === null);
    expect(current.focusPath.at(-1)).toBe('Download');

    // Room for the smallest rung only: Auto picks it, the others say why, and OK on one of them
    // starts nothing.
    const sizes = menu.options.slice(1).map((option) => option.bytes!);
    await setBudget(page, Math.min(...sizes) + 1024);
    const tight = (await openMenu(page))!;
    expect(tight.options[0]!.label).toMatch(/^Auto · 360p/);
    expect(tight.options.map((option) => option.refusal)).toEqual([
      null,
      expect.stringMatching(/^Doesn’t fit: /),
      expect.stringMatching(/^Doesn’t fit: /),
      null,
    ]);
    await press(page, 'ArrowDown');
    await press(page, 'Enter');
    await page.waitForTimeout(500);
    current = await state(page);
    expect(details(current).qualityMenu).not.toBeNull();
    expect(await page.evaluate(() => window.__lanxangDownloads!.list())).toEqual([]);
    await shot(page, 'download-quality-menu-tight-en');
    await press(page, 'Escape');
    await setBudget(page, 5 * 1024 ** 3);
    await page.close();
  });

  it('shows progress, pauses, resumes and cancels from the remote, and goes on after Back', async () => {
    const page = await openIn('en', `movie/${FILM}`);
    // Slow enough that pause, resume and cancel land before the last segment, even on a busy CI.
    await slowSegments(page, 5000);
    await focusDownload(page, 'Download');
    await openMenu(page);
    // 480p: the second rung.
    let current = await downloadRung(page, 2);
    expect(details(current).progress?.speed).toMatch(/^[\d.]+ [MK]B\/s$/);
    expect(details(current).progress?.segments).toMatch(/^\d+ of \d+ segments$/);
    expect(current.focusPath.at(-1)).toBe('Toggle');
    expect(current.downloadIndicator).toMatch(/^Downloading \d+ %$/);
    await shot(page, 'download-progress-en');

    await press(page, 'Enter');
    current = await waitForState(page, (s) => (s.page as DetailsInfo).progress?.state === 'paused');
    expect(details(current).download).toMatch(/^Paused \d+ %$/);
    await shot(page, 'download-progress-paused-en');
    await press(page, 'Enter');
    await waitForState(page, (s) =>
      ['downloading', 'complete'].includes((s.page as DetailsInfo).progress?.state ?? ''),
    );

    // Cancel: the view closes, focus is back on Download, and nothing is left stored.
    await press(page, 'ArrowRight');
    expect((await state(page)).focusPath.at(-1)).toBe('Cancel');
    await press(page, 'Enter');
    current = await waitForState(
      page,
      (s) =>
        (s.page as DetailsInfo).progress === null &&
        (s.page as DetailsInfo).download === 'Download',
    );
    expect(current.focusPath.at(-1)).toBe('Download');
    expect(await page.evaluate(() => window.__lanxangDownloads!.list())).toEqual([]);

    // Again, and leave the view: the download goes on while the viewer browses, with the indicator.
    await openMenu(page);
    await press(page, 'ArrowDown', 2);
    await press(page, 'Enter');
    await waitForState(page, (s) => (s.page as DetailsInfo).progress?.state === 'downloading');
    await press(page, 'Escape');
    current = await waitForState(page, (s) => (s.page as DetailsInfo).progress === null);
    expect(current.focusPath.at(-1)).toBe('Download');
    await press(page, 'Escape');
    current = await waitForState(page, (s) => s.route === 'home' && s.ready);
    expect(current.downloadIndicator).toMatch(/^Downloading \d+ %$/);
    await shot(page, 'download-indicator-home-en');
    await waitForState(page, (s) => s.downloadIndicator === null, 60_000);
    const [stored] = await page.evaluate(() => window.__lanxangDownloads!.list());
    expect(stored).toMatchObject({ state: 'complete', height: 480 });
    await page.close();
  });
});

describe('the Downloads page', () => {
  it('lists the film with its quality, size and date, plays it, deletes it, and deletes all after asking', async () => {
    // From Home's nav: Downloads sits left of Search.
    const page = await openIn('en', 'home');
    await press(page, 'ArrowUp', 2);
    await press(page, 'ArrowLeft');
    expect((await state(page)).focusPath.at(-1)).toBe('Downloads');
    await press(page, 'Enter');
    let current = await waitForState(
      page,
      (s) => s.route === 'downloads' && (s.page as DownloadsInfo).films.length === 1,
    );
    const [film] = downloadsPage(current).films;
    expect(film).toMatchObject({ slug: FILM, state: 'complete', status: 'Downloaded' });
    expect(film!.meta).toMatch(/^480p {2}· {2}[\d.]+ [KM]B {2}· {2}\d{4}-\d\d-\d\d$/);
    expect(downloadsPage(current).space).toMatch(/^[\d.]+ [KM]B of 5 GB used$/);
    expect(current.focusPath.slice(-2)).toEqual(['DownloadCard', 'Primary']);
    await shot(page, 'downloads-en');

    await press(page, 'Enter');
    current = await waitForState(
      page,
      (s) => s.route === `play/the-rivers-daughter` && (s.player?.currentTime ?? 0) > 1,
      20_000,
    );
    expect(current.error).toBeNull();
    expect(current.player?.activeHeight).toBe(480);
    await press(page, 'Escape');
    await waitForState(page, (s) => s.route === 'downloads' && s.ready);

    // Delete (Right, OK): the page is empty and says how to fill it.
    await press(page, 'ArrowRight');
    expect((await state(page)).focusPath.at(-1)).toBe('Delete');
    await press(page, 'Enter');
    current = await waitForState(page, (s) => (s.page as DownloadsInfo).empty);
    expect(current.focusPath.at(-1)).toBe('Home');
    expect(current.message).toMatch(/^Deleted “/);
    expect(await page.evaluate(() => window.__lanxangDownloads!.list())).toEqual([]);
    await shot(page, 'downloads-empty-en');

    // Delete all asks first; Keep (focused first) keeps, Delete all empties.
    await page.evaluate((slug) => window.__lanxangDownloads!.start(slug, 360), FILM);
    await waitForState(
      page,
      (s) => (s.page as DownloadsInfo).films[0]?.state === 'complete',
      30_000,
    );
    await press(page, 'ArrowUp');
    expect((await state(page)).focusPath.at(-1)).toBe('DeleteAll');
    await press(page, 'Enter');
    current = await waitForState(page, (s) => (s.page as DownloadsInfo).confirmOpen);
    expect(current.focusPath.at(-1)).toBe('Keep');
    await press(page, 'Enter');
    current = await waitForState(page, (s) => !(s.page as DownloadsInfo).confirmOpen);
    expect(downloadsPage(current).films).toHaveLength(1);
    await press(page, 'Enter');
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    await waitForState(page, (s) => (s.page as DownloadsInfo).empty);
    expect(await page.evaluate(() => window.__lanxangDownloads!.list())).toEqual([]);
    await page.close();
  });
});

describe('in Lao', () => {
  it('shows the quality menu, the progress view and the Downloads page in Lao, with its font', async () => {
    const page = await openIn('lo', `movie/${FILM}`);
    // Two segments at 360p: 3 s apart, so the view is seen with one in and one to come.
    await slowSegments(page, 3000);
    await focusDownload(page, 'ດາວໂຫຼດ');
    const menu = (await openMenu(page))!;
    expect(menu.options[0]!.label).toMatch(/^ອັດຕະໂນມັດ · 720p · /);
    await shot(page, 'download-quality-menu-lo');
    const current = await downloadRung(page, 3);
    expect(details(current).progress?.segments).toMatch(/^\d+ ຈາກ \d+ ທ່ອນ$/);
    await shot(page, 'download-progress-lo');
    await press(page, 'Escape');
    await waitForState(page, (s) => s.downloadIndicator === null, 30_000);
    await page.goto(`${harness.appUrl}/#downloads`);
    const listed = await waitForState(
      page,
      (s) => s.route === 'downloads' && (s.page as DownloadsInfo).films.length === 1,
    );
    expect(downloadsPage(listed).space).toMatch(/^ໃຊ້ໄປ /);
    await shot(page, 'downloads-lo');
    await page.goto(`${harness.appUrl}/#settings`);
    await waitForState(page, (s) => s.route === 'settings' && s.ready);
    await press(page, 'ArrowDown', 3);
    const settings = await waitForState(
      page,
      (s) => (s.page as { section: string }).section === 'downloads',
    );
    expect((settings.page as { downloads: { options: string[] } }).downloads.options).toEqual([
      '1 GB',
      '2 GB',
      '5 GB',
      '10 GB',
      '20 GB',
      'ເປີດ ດາວໂຫຼດ',
    ]);
    await shot(page, 'settings-downloads-lo');
    await page.close();
  });
});

describe('offline', () => {
  it('says it is offline, explains that a film not downloaded needs the network, offers Downloads, and carries on when back online', async () => {
    const page = await openIn('en', 'home');
    await harness.browser.browser.setOffline(true);
    try {
      let current = await waitForState(page, (s) => s.offlineBanner !== null);
      expect(current.offlineBanner).toBe('You’re offline. Downloaded films still play.');
      await page.evaluate(() => {
        window.location.hash = '#movie/monsoon-letters';
      });
      current = await waitForState(page, (s) => s.error !== null);
      expect(current.error).toMatchObject({ kind: 'network' });
      await press(page, 'ArrowRight');
      expect((await state(page)).focusPath.at(-1)).toBe('Downloads');
      await shot(page, 'offline-needs-network-en');
      await harness.browser.browser.setOffline(false);
      current = await waitForState(
        page,
        (s) => s.route === 'movie/monsoon-letters' && s.ready && s.error === null,
      );
      expect(current.offlineBanner).toBeNull();
    } finally {
      await harness.browser.browser.setOffline(false);
      await page.close();
    }
  });
});
