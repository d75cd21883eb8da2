import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Playback } from '@lanxang/contracts';
import { testMediaMaker } from '@lanxang/api/testing';
import { freePort, screenshot } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openApp,
  relayApi,
  press,
  shot,
  startTvHarness,
  state,
  waitForState,
  type TvHarness,
} from './support/app';
import { setExternalVideo, SUBTITLED_FILM } from './support/media';

let harness: TvHarness;

beforeAll(async () => {
  harness = await startTvHarness();
});

afterAll(async () => {
  await harness?.close();
});

type HomeInfo = { focusedRow?: string; focusedSlug?: string; heroSlug?: string; rowTitle?: string };
type DetailsInfo = { slug?: string; section: string; playable: boolean };
type SearchInfo = {
  query: string;
  shownQuery: string;
  results: string[];
  recent: string[];
  layout: string;
  key: { row: number; column: number };
};
type Page = Parameters<typeof press>[0];

const LAYOUTS = {
  latin: ['abcdefghi', 'jklmnopqr', 'stuvwxyz-', '123456789'],
  lao: ['ກຂຄງຈສຊຍດ', 'ຕຖທນບປຜຝພ', 'ຟມຢຣລວຫອຮ', 'ະາິີຶືຸູົ', 'ເແໂໃໄັຳ່້'],
};
const ACTIONS = ['space', 'delete', 'clear', 'layout'];

/** Moves keyboard focus to a grid position with arrows only, reading where focus is after each move. */
async function goToKey(page: Page, row: number, column: number): Promise<void> {
  let at = ((await state(page)).page as SearchInfo).key;
  await press(page, row > at.row ? 'ArrowDown' : 'ArrowUp', Math.abs(row - at.row));
  at = ((await state(page)).page as SearchInfo).key;
  await press(page, column > at.column ? 'ArrowRight' : 'ArrowLeft', Math.abs(column - at.column));
  expect(((await state(page)).page as SearchInfo).key).toEqual({ row, column });
}

/** Types on the on-screen keyboard with arrows and OK only, the way a remote does. */
async function typeOnKeyboard(page: Page, text: string): Promise<void> {
  for (const char of Array.from(text)) {
    const rows = LAYOUTS[((await state(page)).page as SearchInfo).layout as 'latin' | 'lao'];
    const row = rows.findIndex((line) => Array.from(line).includes(char));
    await goToKey(page, row, Array.from(rows[row]!).indexOf(char));
    await press(page, 'Enter');
  }
}

async function pressAction(page: Page, action: string): Promise<void> {
  const layout = ((await state(page)).page as SearchInfo).layout as 'latin' | 'lao';
  await goToKey(page, LAYOUTS[layout].length, ACTIONS.indexOf(action));
  await press(page, 'Enter');
}

describe('browsing', () => {
  it('browses Home, opens a film and a cast member, and Backs out with focus restored', async () => {
    const page = await openApp(harness);
    let current = await state(page);
    expect(current.route).toBe('home');
    // The demo catalog's Home: New releases, then a row per genre (Drama has the most films).
    expect(current.focusPath).toContain('Row-new');
    const first = (current.page as HomeInfo).focusedSlug;
    expect(first).toBeTruthy();
    // The hero follows focus.
    await press(page, 'ArrowRight', 2);
    current = await waitForState(
      page,
      (s) => (s.page as HomeInfo).heroSlug === (s.page as HomeInfo).focusedSlug,
    );
    expect((current.page as HomeInfo).focusedSlug).not.toBe(first);
    await shot(page, 'home');

    await press(page, 'ArrowDown');
    current = await state(page);
    const genreRow = current.focusPath.find((ref) => ref.startsWith('Row-genre-'));
    expect(genreRow).toBeDefined();
    await press(page, 'ArrowRight');
    const slug = ((await state(page)).page as HomeInfo).focusedSlug!;
    await press(page, 'Enter');
    current = await waitForState(page, (s) => s.route?.startsWith('movie/') && s.ready);
    expect(current.route).toBe(`movie/${slug}`);
    expect(current.focusPath.at(-1)).toBe('Play');
    await shot(page, 'details');

    await press(page, 'ArrowDown');
    expect((await state(page)).focusPath).toContain('Cast');
    await press(page, 'Enter');
    current = await waitForState(page, (s) => s.route?.startsWith('person/') && s.ready);
    expect((current.page as { films: string[] }).films).toContain(slug);
    await shot(page, 'person');

    await press(page, 'Escape');
    current = await waitForState(page, (s) => s.route?.startsWith('movie/') && s.ready);
    expect(current.route).toBe(`movie/${slug}`);
    // Back keys of every platform: Backspace here, webOS 461 and Tizen 10009 below.
    await press(page, 'Backspace');
    current = await waitForState(page, (s) => s.route === 'home' && s.ready);
    expect(current.focusPath).toContain(genreRow);
    expect((current.page as HomeInfo).focusedSlug).toBe(slug);

    // Number keys do nothing at all.
    await press(page, 'Digit5');
    expect((await state(page)).focusPath).toEqual(current.focusPath);

    await press(page, 'Escape');
    current = await state(page);
    expect(current.exitDialogOpen).toBe(true);
    await shot(page, 'exit-dialog');
    await press(page, 'Escape');
    expect((await state(page)).exitDialogOpen).toBe(false);
    expect((await state(page)).focusPath).toContain(genreRow);
    await press(page, 'Escape');
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    expect((await state(page)).exited).toBe(true);
    await page.close();
  });

  it('scrolls Home down to its later rows, whose cards load as they come near', async () => {
    const page = await openApp(harness);
    const fetched: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/home/rows/'))
        fetched.push(pathname.slice('/api/home/rows/'.length));
    });
    // Home came with the first rows' cards: the rows on screen needed nothing more.
    expect(fetched).toEqual([]);
    const rows: string[] = [];
    for (;;) {
      const current = await waitForState(page, (s) => Boolean((s.page as HomeInfo).focusedSlug));
      const { focusedRow } = current.page as HomeInfo;
      if (focusedRow === rows.at(-1)) break;
      rows.push(focusedRow!);
      await press(page, 'ArrowDown');
    }
    // New releases, the demo's seven genres, Top rated last: each later row showed its films.
    expect(rows).toHaveLength(9);
    expect(rows.at(-1)).toBe('top-rated');
    expect(fetched).toEqual(expect.arrayContaining(rows.slice(3)));
    expect(fetched).not.toContain(rows[0]);
    await shot(page, 'home-later-rows');
    await page.close();
  });

  it('maps the webOS and Tizen Back keys, and a deep link Backs out to Home', async () => {
    const page = await openApp(harness, 'movie/the-rivers-daughter');
    expect((await state(page)).route).toBe('movie/the-rivers-daughter');
    await page.evaluate(() =>
      document.dispatchEvent(
        new KeyboardEvent('keydown', { keyCode: 461, bubbles: true } as KeyboardEventInit),
      ),
    );
    await waitForState(page, (s) => s.route === 'home' && s.ready);
    await press(page, 'ArrowUp', 2);
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    await waitForState(page, (s) => s.route === 'settings' && s.ready);
    await page.evaluate(() =>
      document.dispatchEvent(
        new KeyboardEvent('keydown', { keyCode: 10009, bubbles: true } as KeyboardEventInit),
      ),
    );
    const current = await waitForState(page, (s) => s.route === 'home' && s.ready);
    expect(current.focusPath).toContain('Settings');
    await page.close();
  });
});

describe('search', () => {
  it('searches in Latin and in Lao with results as you type, and remembers searches', async () => {
    const page = await openApp(harness, 'search');
    expect((await state(page)).focusPath).toContain('Keyboard');
    await typeOnKeyboard(page, 'the');
    let current = await waitForState(
      page,
      (s) => (s.page as { shownQuery: string }).shownQuery === 'the',
    );
    expect([...(current.page as SearchInfo).results].sort()).toEqual([
      'the-last-tuk-tuk',
      'the-rivers-daughter',
      'the-weaver',
    ]);
    await shot(page, 'search-latin');

    // Right off the keyboard's last column reaches the results.
    await goToKey(page, 0, 8);
    await press(page, 'ArrowRight');
    expect((await state(page)).focusPath).toContain('Results');
    await press(page, 'Enter');
    await waitForState(page, (s) => Boolean(s.route?.startsWith('movie/')) && s.ready);
    await press(page, 'Escape');
    current = await waitForState(page, (s) => s.route === 'search' && s.ready);
    expect(current.focusPath).toContain('Results');
    await press(page, 'ArrowLeft');
    expect((await state(page)).focusPath).toContain('Keyboard');

    await pressAction(page, 'clear');
    current = await waitForState(page, (s) => (s.page as { query: string }).query === '');
    expect((current.page as SearchInfo).recent[0]).toBe('the');
    await pressAction(page, 'layout');
    expect(((await state(page)).page as SearchInfo).layout).toBe('lao');
    // "ແມ່" (mother, as in ແມ່ນ້ຳ river and ແມ່ຂອງ Mekong): a vowel, a consonant and a tone mark.
    await typeOnKeyboard(page, 'ແມ່');
    current = await waitForState(
      page,
      (s) => (s.page as { shownQuery: string }).shownQuery === 'ແມ່',
    );
    expect([...(current.page as SearchInfo).results].sort()).toEqual([
      'mekong-runner',
      'the-rivers-daughter',
    ]);
    await shot(page, 'search-lao');
    await page.close();
  });
});

describe('language', () => {
  it('switches to Lao at once, remembers it, renders Lao with its font (not tofu), and switches back', async () => {
    const page = await openApp(harness, 'settings');
    await press(page, 'ArrowRight');
    await press(page, 'ArrowDown');
    await press(page, 'Enter');
    await waitForState(page, (s) => s.locale === 'lo');
    await shot(page, 'settings-lao');
    await press(page, 'Escape');
    await press(page, 'Escape');
    let current = await waitForState(page, (s) => s.route === 'home' && s.ready);
    expect((current.page as HomeInfo).rowTitle).toBe('ໜັງໃໝ່');
    // The hero title, in Lao.
    const region = { x: 100, y: 100, width: 1200, height: 160 };
    const laoShot = await page.screenshot({ clip: region });
    await shot(page, 'home-lao');

    // The same screen with the Lao font withheld: the browser has no Lao glyphs, so tofu.
    const tofuPage = await openApp(harness, '', 'laoFont=off', { keepPreferences: true });
    expect((await state(tofuPage)).locale).toBe('lo');
    const tofuShot = await tofuPage.screenshot({ clip: region });
    await shot(tofuPage, 'home-lao-tofu');
    expect(Buffer.compare(laoShot, tofuShot)).not.toBe(0);
    expect(await differingPixels(page, laoShot, tofuShot)).toBeGreaterThan(500);
    await tofuPage.close();

    // Remembered across a reload, then back to English.
    await page.close();
    const reloaded = await openApp(harness, '', '', { keepPreferences: true });
    current = await state(reloaded);
    expect(current.locale).toBe('lo');
    await press(reloaded, 'ArrowUp', 2);
    await press(reloaded, 'ArrowRight');
    await press(reloaded, 'Enter');
    await waitForState(reloaded, (s) => s.route === 'settings' && s.ready);
    await press(reloaded, 'ArrowRight');
    await press(reloaded, 'ArrowUp');
    await press(reloaded, 'Enter');
    await waitForState(reloaded, (s) => s.locale === 'en');
    await reloaded.close();
  });
});

/** Counts pixels that differ between two PNG screenshots, decoded by the browser itself. */
async function differingPixels(
  reloaded: Parameters<typeof state>[0],
  a: Buffer,
  b: Buffer,
): Promise<number> {
  return reloaded.evaluate(
    async ([first, second]) => {
      const decode = async (base64: string) => {
        const bitmap = await createImageBitmap(
          await (await fetch(`data:image/png;base64,${base64}`)).blob(),
        );
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      };
      const [x, y] = await Promise.all([decode(first!), decode(second!)]);
      let count = 0;
      for (let i = 0; i < x.length; i += 4) {
        if (
          Math.abs(x[i]! - y[i]!) +
            Math.abs(x[i + 1]! - y[i + 1]!) +
            Math.abs(x[i + 2]! - y[i + 2]!) >
          60
        )
          count++;
      }
      return count;
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

describe('player', () => {
  it('plays a film, obeys media keys, seeks, changes quality, turns on Lao subtitles, and Backs out', async () => {
    const film = SUBTITLED_FILM;
    const page = await openApp(harness, `movie/${film}`);
    expect(((await state(page)).page as DetailsInfo).playable).toBe(true);
    await press(page, 'Enter');
    let current = await waitForState(
      page,
      (s) => s.route?.startsWith('play/') && (s.player?.currentTime ?? 0) > 1,
      30_000,
    );
    expect(current.route).toBe(`play/${film}`);
    // The demo ladder made by the media pipeline.
    expect(current.player!.qualities).toEqual([720, 480, 360]);
    expect(current.player!.textLanguages).toEqual(['en', 'lo']);
    await shot(page, 'player');
    // The admin's uploads listed the subtitles in this API's copy of the master playlist only.
    const playback = (await (
      await fetch(`${harness.apiUrl}/api/movies/${film}/playback`)
    ).json()) as Playback;
    expect(playback.subtitles.map((track) => track.locale)).toEqual(['en', 'lo']);
    expect(await (await fetch(playback.masterUrl)).text()).toContain('TYPE=SUBTITLES');
    const sharedMaster = path.join(testMediaMaker.mediaDir, 'video', film, 'hls', 'master.m3u8');
    expect(await readFile(sharedMaster, 'utf8')).not.toContain('SUBTITLES');

    // Media keys: pause here, so the 12 s demo clip cannot run out while the test looks around.
    await press(page, 'MediaPlayPause');
    await waitForState(page, (s) => s.player?.paused === true);

    // On a busy machine the clip may have run on a few seconds before the pause landed: seek back
    // to the start first (the thumbnail hides again once that seek settles), so the 10 s seek
    // forward below lands inside the 12 s clip instead of stopping at its end.
    await press(page, 'ArrowLeft');
    await waitForState(page, (s) => (s.player?.currentTime ?? 99) < 1 && !s.player?.thumbnail);

    // Seek forward 10 s (one press, committed when the presses stop), then back. While seeking,
    // the trickplay frame for the target time shows above the progress bar.
    current = await waitForState(page, (s) => (s.player?.trickplayFrames ?? 0) > 0);
    const before = current.player!.currentTime;
    await press(page, 'ArrowRight');
    current = await waitForState(page, (s) => s.player?.thumbnail?.drawn === true);
    const thumbnail = current.player!.thumbnail!;
    expect(thumbnail.time).toBeGreaterThan(before + 7);
    // The frame shown is the one the pipeline's index names for the target time.
    const index = await (await fetch(playback.trickplay!.vttUrl)).text();
    const cues = [
      ...index.matchAll(
        /(\d\d):(\d\d)\.(\d{3}) --> [\d:.]+\s*\n(\S+)#xywh=(\d+),(\d+),(\d+),(\d+)/g,
      ),
    ].map((cue) => ({
      start: Number(cue[1]) * 60 + Number(cue[2]) + Number(cue[3]) / 1000,
      sheet: new URL(cue[4]!, playback.trickplay!.vttUrl).toString(),
      region: cue.slice(5, 9).map(Number),
    }));
    const expected = cues.filter((cue) => cue.start <= thumbnail.time).at(-1);
    expect(expected).toBeDefined();
    // Signed for each viewer (`/media/t/<token>/…`): the TV's token is not the test's.
    const unsigned = (url: string) => url.replace(/\/media\/t\/[^/]+\//, '/media/');
    expect(unsigned(thumbnail.sheetUrl)).toBe(unsigned(expected!.sheet));
    expect(thumbnail.sheetUrl).toMatch(
      new RegExp(`^${harness.apiUrl}/media/t/[^/]+/video/${film}/trickplay/sprite-001\\.jpg$`),
    );
    expect(thumbnail.region).toEqual(expected!.region);
    await screenshot(page, 'tv-player-trickplay');
    current = await waitForState(page, (s) => (s.player?.currentTime ?? 0) > 9);
    expect(current.player!.currentTime).toBeGreaterThan(before + 7);
    await press(page, 'ArrowLeft');
    await waitForState(page, (s) => (s.player?.currentTime ?? 99) < 3);

    // Quality: the menu lists Auto and the three rungs the stream has; pick 360p.
    await press(page, 'ArrowDown');
    await press(page, 'ArrowRight');
    expect((await state(page)).focusPath.at(-1)).toBe('Quality');
    await press(page, 'Enter');
    const withMenu = await state(page);
    expect(withMenu.focusPath).toContain('Menu');
    // The last seek's thumbnail goes as the menu opens, not through it.
    expect(withMenu.player?.thumbnail).toBeNull();
    await shot(page, 'player-quality-menu');
    await press(page, 'ArrowDown', 3);
    await press(page, 'Enter');
    await waitForState(
      page,
      (s) => s.player?.selectedQuality === 360 && s.player.activeHeight === 360,
    );

    // Subtitles: Off, English, Lao; pick Lao and see a Lao cue showing.
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    await press(page, 'ArrowDown', 2);
    await press(page, 'Enter');
    await waitForState(page, (s) => s.player?.textLanguage === 'lo');
    await page.waitForFunction(
      () => {
        const track = Array.from(document.querySelector('video')!.textTracks).find(
          (t) => t.mode === 'showing',
        );
        return Array.from(track?.activeCues ?? []).some((cue) =>
          /[\u0E80-\u0EFF]/.test((cue as VTTCue).text),
        );
      },
      null,
      { timeout: 15_000 },
    );

    // Play again: time moves on from where the seek left it.
    const paused = (await state(page)).player!.currentTime;
    await press(page, 'MediaPlayPause');
    await waitForState(page, (s) => s.player?.paused === false);
    await page.waitForFunction(
      (from) => (document.querySelector('video')?.currentTime ?? 0) > from + 0.5,
      paused,
      { timeout: 15_000 },
    );
    await shot(page, 'player-lao-subtitles');

    // Back to the progress bar, then out: the next film is built from the page left in that state.
    await press(page, 'ArrowUp');
    expect((await state(page)).focusPath).not.toContain('Controls');
    await press(page, 'Escape');
    current = await waitForState(page, (s) => Boolean(s.route?.startsWith('movie/')) && s.ready);
    expect(current.route).toBe(`movie/${film}`);
    expect(current.player).toBeNull();
    expect(await page.evaluate(() => document.querySelector('video')?.paused ?? true)).toBe(true);

    // A second film in the same session plays too (the Router builds a new Player page).
    await press(page, 'Enter');
    await waitForState(
      page,
      (s) => s.route?.startsWith('play/') && (s.player?.currentTime ?? 0) > 1,
      30_000,
    );
    await press(page, 'Escape');
    await waitForState(page, (s) => Boolean(s.route?.startsWith('movie/')) && s.ready);
    await page.close();
  });
});

describe('error screens', () => {
  it('shows its name while a slow Home loads, then Home', async () => {
    const page = await harness.browser.newPage();
    await page.addInitScript(() => window.localStorage.clear());
    // Home's answer held for two seconds, as on a slow network.
    await page.route(`${harness.apiUrl}/api/home`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.continue();
    });
    await page.goto(`${harness.appUrl}/`);
    await waitForState(page, (s) => (s.page as { nameShown?: boolean } | null)?.nameShown === true);
    await shot(page, 'splash-slow-home');
    const current = await waitForState(page, (s) => s.route === 'home' && s.ready);
    expect(current.focusPath).toContain('Row-new');
    await page.close();
  });

  it('shows "API down" with a retry that recovers once the API is back', async () => {
    const port = await freePort();
    const page = await openApp(harness, '', `api=http://127.0.0.1:${port}`);
    let current = await waitForState(page, (s) => s.error !== null);
    expect(current.error).toMatchObject({ kind: 'unavailable', code: 'service_unavailable' });
    expect(current.focusPath.at(-1)).toBe('Retry');
    await shot(page, 'error-api-down');
    const relay = await relayApi(port, harness.apiUrl);
    try {
      await press(page, 'Enter');
      current = await waitForState(page, (s) => s.route === 'home' && s.ready);
      expect(current.error).toBeNull();
    } finally {
      await page.close();
      await relay.close();
    }
  });

  it('shows "no network" when the TV goes offline, and recovers on retry', async () => {
    const page = await openApp(harness);
    await harness.browser.browser.setOffline(true);
    // A row Home sent with its cards: later rows fetch theirs, which offline they cannot.
    await press(page, 'ArrowDown', 2);
    await press(page, 'Enter');
    let current = await waitForState(page, (s) => s.error !== null);
    expect(current.error).toMatchObject({ kind: 'network', code: 'offline' });
    await shot(page, 'error-offline');
    await harness.browser.browser.setOffline(false);
    await press(page, 'Enter');
    current = await waitForState(page, (s) => Boolean(s.route?.startsWith('movie/')) && s.ready);
    expect(current.error).toBeNull();
    await page.close();
  });

  it('shows "film unavailable" for a draft and for a film that does not exist', async () => {
    for (const slug of ['unfinished-cut', 'no-such-film']) {
      const page = await openApp(harness, `movie/${slug}`);
      const current = await waitForState(page, (s) => s.error !== null);
      expect(current.error).toMatchObject({ kind: 'not_found', code: 'not_found' });
      expect(current.focusPath.at(-1)).toBe('Home');
      await shot(page, `error-not-found-${slug}`);
      await press(page, 'Enter');
      await waitForState(page, (s) => s.route === 'home' && s.ready);
      await page.close();
    }
  });

  it('shows "playback failed" with Shaka\'s category and code when the master playlist is missing', async () => {
    // An admin registers a CDN stream that is not there: the API serves the film's playback, the
    // master playlist 404s. (`night-market` has no video of its own in the demo catalog.)
    await setExternalVideo(
      harness.admin,
      'night-market',
      `${harness.apiUrl}/media/gone/master.m3u8`,
    );
    const page = await openApp(harness, 'play/night-market');
    const current = await waitForState(page, (s) => s.error !== null, 30_000);
    // Category 1 is NETWORK; 1001 is BAD_HTTP_STATUS (the media server answered 404).
    expect(current.error).toMatchObject({ kind: 'playback', category: 1, code: '1001' });
    await shot(page, 'error-playback');
    await page.close();
  });

  it('lands a bad link on Home with a message', async () => {
    const page = await openApp(harness, 'no/such/screen');
    const current = await waitForState(page, (s) => s.route === 'home' && s.message !== null);
    expect(current.message).toMatch(/link/i);
    expect(current.focusPath).toContain('Row-new');
    await shot(page, 'bad-link');
    await page.close();
  });
});
