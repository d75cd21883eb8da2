import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PlaybackToken } from '@lanxang/contracts';
import { openApp, press, shot, startTvHarness, state, waitForState } from './support/app';
import { movieId } from './support/media';

// The demo catalog's rental film, with a real ladder (`waitForState` predicates run in the
// browser, so they spell the slug out).
const RENTAL = 'monsoon-letters';
const TOKEN = /\/media\/t\/([^/]+)\//;
const TOKEN_SECONDS = 30;

let harness: Awaited<ReturnType<typeof startTvHarness>>;
let rentalEndsAt: Date | null = null;

beforeAll(async () => {
  // The shortest token life the API allows, so the test sees a renewal within seconds.
  harness = await startTvHarness({ MEDIA_TOKEN_TTL_SECONDS: String(TOKEN_SECONDS) });
  const rentalId = await movieId(harness.admin, RENTAL);
  // No rentals table on this branch yet: whoever watches holds a rental of the rental film until
  // `rentalEndsAt` (the rentals module implements `Entitlements` for real).
  const { entitlements } = harness.api.media;
  entitlements.activeRentalEnd = (_em, _owner, movieId) =>
    Promise.resolve(movieId === rentalId ? rentalEndsAt : null);
});

afterAll(async () => {
  await harness?.close();
});

it('renews the media token while playing, then stops on a rental-ended screen that leads back to the film', async () => {
  rentalEndsAt = new Date(Date.now() + 3_600_000);
  const page = await openApp(harness, `play/${RENTAL}`);
  const media: { url: string; status: number }[] = [];
  page.on('response', (response) => {
    if (TOKEN.test(response.url())) media.push({ url: response.url(), status: response.status() });
  });
  await waitForState(
    page,
    (s) => s.route?.startsWith('play/') && (s.player?.currentTime ?? 0) > 0.5,
    30_000,
  );
  // Paused, so the 12 s clip cannot end before the rental does.
  await press(page, 'MediaPlayPause');
  await waitForState(page, (s) => s.player?.paused === true);
  const first = TOKEN.exec(media[0]!.url)![1];

  const renewal = await page.waitForResponse(
    (response) => response.url().endsWith(`/api/movies/${RENTAL}/playback/token`),
    // Renewal comes when a third of the token's life is left.
    { timeout: TOKEN_SECONDS * 1000 },
  );
  expect(renewal.status()).toBe(200);
  const renewed = (await renewal.json()) as PlaybackToken;
  expect(renewed.token).not.toBe(first);
  expect(renewed.rentalEndsAt).toBe(rentalEndsAt.toISOString());

  // Switch to a rung not playing yet (the menu: Auto, 720p, 480p, 360p): its playlist and
  // segments are fetched now, and must carry the renewed token.
  const active = (await state(page)).player!.activeHeight;
  const target = active === 360 ? 720 : 360;
  const fetchedBefore = media.length;
  await press(page, 'ArrowDown');
  await press(page, 'ArrowRight');
  await press(page, 'Enter');
  await press(page, 'ArrowDown', target === 720 ? 1 : 3);
  await press(page, 'Enter');
  await waitForState(page, (s) => s.player?.selectedQuality !== null);
  const fetched = () =>
    media.slice(fetchedBefore).filter((answer) => answer.url.includes(`/hls/${target}p/`));
  await expect.poll(() => fetched().length, { timeout: 15_000 }).toBeGreaterThan(0);
  const after = fetched();
  for (const answer of after) {
    expect(TOKEN.exec(answer.url)![1], answer.url).toBe(renewed.token);
    expect(answer.status, answer.url).toBe(200);
  }

  // The rental ends: the next renewal says so, and the player gives way to the rental-ended screen.
  rentalEndsAt = new Date();
  const ended = await waitForState(
    page,
    (s) => s.route === 'rental-ended/monsoon-letters',
    TOKEN_SECONDS * 1000,
  );
  expect(ended.player).toBeNull();
  expect(ended.focusPath.at(-1)).toBe('Back');
  expect(await page.evaluate(() => document.querySelector('video')?.paused ?? true)).toBe(true);
  await shot(page, 'rental-ended');

  await press(page, 'Enter');
  const details = await waitForState(page, (s) => s.route === 'movie/monsoon-letters' && s.ready);
  expect(details.route).toBe(`movie/${RENTAL}`);
  expect((await state(page)).error).toBeNull();
  await page.close();
}, 120_000);
