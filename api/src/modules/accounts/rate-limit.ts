import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tooManyRequests } from '../../http/errors.js';

export interface Limit {
  /** What is limited and for whom, e.g. `code-entry:ip:203.0.113.7`. */
  key: string;
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL: one upsert per check, shared by every API process and kept
 * across restarts (an in-process counter would let each instance, or each restart, grant the full
 * allowance again). Counts every attempt; refuses with 429 and `Retry-After` once over `max`.
 */
export async function hit(em: EntityManager, limit: Limit, now: Date): Promise<void> {
  const { hits, windowEnd } = await count(em, limit, now);
  if (hits > limit.max) {
    throw tooManyRequests(secondsUntil(windowEnd, now));
  }
}

/** Counts one event in `key`'s current window without refusing anything; answers the count. */
export async function count(
  em: EntityManager,
  { key, windowSeconds }: Pick<Limit, 'key' | 'windowSeconds'>,
  now: Date,
): Promise<{ hits: number; windowEnd: Date }> {
  const { windowStart, windowEnd } = windowOf(windowSeconds, now);
  const rows: { hits: number }[] = await em.getConnection().execute(
    `insert into rate_limit_windows (key, window_start, hits, expires_at) values (?, ?, 1, ?)
     on conflict (key, window_start) do update set hits = rate_limit_windows.hits + 1
     returning hits`,
    [storedKey(key), windowStart, windowEnd],
  );
  return { hits: rows[0]?.hits ?? 0, windowEnd };
}

/** How many events `key`'s current window has counted so far. */
export async function counted(
  em: EntityManager,
  { key, windowSeconds }: Pick<Limit, 'key' | 'windowSeconds'>,
  now: Date,
): Promise<number> {
  const rows: { hits: number }[] = await em
    .getConnection()
    .execute(`select hits from rate_limit_windows where key = ? and window_start = ?`, [
      storedKey(key),
      windowOf(windowSeconds, now).windowStart,
    ]);
  return rows[0]?.hits ?? 0;
}

/**
 * Keys are stored as a digest: every key fits the column whatever it holds (a 254-character email,
 * an IPv6 address), and the table keeps no addresses in the clear.
 */
const storedKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Whole seconds from `now` until `then`, at least 1: a `Retry-After` value. */
export const secondsUntil = (then: Date, now: Date) =>
  Math.max(1, Math.ceil((then.getTime() - now.getTime()) / 1000));

function windowOf(windowSeconds: number, now: Date) {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { windowStart, windowEnd: new Date(windowStart.getTime() + windowMs) };
}

/** Old windows are worthless; dropped now and then so the table stays small. */
export async function pruneWindows(em: EntityManager, now: Date): Promise<void> {
  await em.getConnection().execute(`delete from rate_limit_windows where expires_at < ?`, [now]);
}
