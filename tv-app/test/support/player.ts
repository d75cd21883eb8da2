import type { WatchProgress } from '@lanxang/contracts';
import type { Page } from '@lanxang/testing';
import { expect } from 'vitest';
import { press, state } from './app';

/**
 * What the API keeps for this TV's anonymous viewer and `movieId` (`GET /api/watch-progress/:id`),
 * or null when it has nothing.
 */
export async function storedProgress(
  apiUrl: string,
  page: Page,
  movieId: number,
): Promise<WatchProgress | null> {
  const anonymousId = await page.evaluate(
    () =>
      (
        JSON.parse(window.localStorage.getItem('lanxang.anonymousId') ?? '{}') as {
          anonymousId?: string;
        }
      ).anonymousId,
  );
  const response = await fetch(`${apiUrl}/api/watch-progress/${movieId}`, {
    headers: { 'x-anonymous-id': anonymousId ?? '' },
  });
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  return (await response.json()) as WatchProgress;
}

/** Seeks forward with the remote's Right key until the player is past `seconds`. */
export async function seekPast(page: Page, seconds: number): Promise<void> {
  while (((await state(page)).player?.currentTime ?? 0) < seconds) {
    await press(page, 'ArrowRight');
    // The player seeks once the presses stop (600 ms): wait for that one.
    await page.waitForTimeout(800);
  }
}
