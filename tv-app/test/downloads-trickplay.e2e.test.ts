import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { screenshot } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, press, startTvHarness, waitForState, type TvHarness } from './support/app';
import { movieId, SUBTITLED_FILM } from './support/media';

/**
 * Seek thumbnails of a downloaded film with no network: the download stores the trickplay index
 * and its sprite sheets, and the player hands them to Lightning as URLs of the stored bytes.
 */
const FILM = SUBTITLED_FILM;

let harness: TvHarness;

beforeAll(async () => {
  harness = await startTvHarness();
});

afterAll(async () => {
  await harness?.browser.browser.setOffline(false);
  await harness?.close();
});

describe('offline trickplay', () => {
  it('shows the stored thumbnail while seeking a download with the network off', async () => {
    const id = await movieId(harness.admin, FILM);
    const page = await openApp(harness, '', '', { keepPreferences: true });
    await page.evaluate((slug) => window.__lanxangDownloads!.start(slug, 360), FILM);
    // Complete in the store itself (the engine's record is written behind its files).
    const stored = () => page.evaluate((movie) => window.__lanxangDownloads!.stored(movie), id);
    await expect
      .poll(async () => (await stored()).record?.state, { timeout: 30_000 })
      .toBe('complete');
    const { record } = await stored();
    const vttKey = record!.trickplay!.vttKey;
    const sheetKey = path.posix.join(path.posix.dirname(vttKey), 'sprite-001.jpg');
    expect(record!.files.filter((file) => file.key.includes('/trickplay/'))).toEqual([
      expect.objectContaining({ key: vttKey, done: true }),
      expect.objectContaining({ key: sheetKey, done: true }),
    ]);
    // The shell is cached by the service worker before the network goes.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.close();

    await harness.browser.browser.setOffline(true);
    const offline = await harness.browser.newPage();
    offline.on('pageerror', (error) => console.error('[tv-app]', error.message));
    await offline.goto(`${harness.appUrl}/#play/${FILM}`);
    await waitForState(offline, (s) => (s.player?.currentTime ?? 0) > 1, 30_000);
    // Paused at the start, so the 12 s clip cannot run out while the test seeks.
    await press(offline, 'MediaPlayPause');
    await waitForState(offline, (s) => s.player?.paused === true);
    await press(offline, 'ArrowLeft');
    await waitForState(offline, (s) => (s.player?.currentTime ?? 99) < 1 && !s.player?.thumbnail);
    await waitForState(offline, (s) => (s.player?.trickplayFrames ?? 0) > 0);

    // Ten seconds on: the index's second cue, drawn from the stored sheet.
    await press(offline, 'ArrowRight');
    const seeking = await waitForState(offline, (s) => s.player?.thumbnail?.drawn === true);
    const thumbnail = seeking.player!.thumbnail!;
    expect(thumbnail.time).toBeGreaterThanOrEqual(9);
    // A data: URL: Lightning's image worker opens no blob: (nor lxoffline:) URLs.
    expect(thumbnail.sheetUrl).toMatch(/^data:image\/jpeg;base64,/);
    const index = await readFile(path.join(harness.mediaDir, vttKey), 'utf8');
    const cue = [...index.matchAll(/(\d\d):(\d\d)\.\d{3} --> .*\n\S+#xywh=([\d,]+)/g)]
      .filter((match) => Number(match[1]) * 60 + Number(match[2]) <= thumbnail.time)
      .at(-1)!;
    expect(thumbnail.region).toEqual(cue[3]!.split(',').map(Number));
    // The stored sheet's very bytes.
    const onDisk = await readFile(path.join(harness.mediaDir, sheetKey));
    expect(Buffer.from(thumbnail.sheetUrl.split(',')[1]!, 'base64').equals(onDisk)).toBe(true);
    await offline.waitForTimeout(300);
    await screenshot(offline, 'tv-player-trickplay-offline');
    await offline.close();
  });
});
