import type { WatchProgress } from '@lanxang/contracts';
import type { Page } from '@lanxang/testing';
import { expect } from 'vitest';
import { press, state } from './app';

/** The anonymous viewer the page's app is. */
export const viewerOf = (page: Page): Promise<string> =>
  page.evaluate(
    () =>
      (
        JSON.parse(window.localStorage.getItem('lanxang.anonymousId') ?? '{}') as {
          anonymousId?: string;
        }
      ).anonymousId ?? '',
  );

/**
 * What the API keeps for the anonymous viewer and `movieId` (`GET /api/watch-progress/:id`), or
 * null when it has nothing.
 */
export async function progressOf(
  apiUrl: string,
  anonymousId: string,
  movieId: number,
): Promise<WatchProgress | null> {
  const response = await fetch(`${apiUrl}/api/watch-progress/${movieId}`, {
    headers: { 'x-anonymous-id': anonymousId },
  });
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  return (await response.json()) as WatchProgress;
}

/** The same, for the viewer the page's app is. */
export const storedProgress = async (
  apiUrl: string,
  page: Page,
  movieId: number,
): Promise<WatchProgress | null> => progressOf(apiUrl, await viewerOf(page), movieId);

/** Seeks forward with the remote's Right key until the player is past `seconds`. */
export async function seekPast(page: Page, seconds: number): Promise<void> {
  while (((await state(page)).player?.currentTime ?? 0) < seconds) {
    await press(page, 'ArrowRight');
    // The player seeks once the presses stop (600 ms): wait for that one.
    await page.waitForTimeout(800);
  }
}
