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
  // Stored as a digest: every key fits the column whatever it holds (a 254-character email, an
  // IPv6 address), and the table keeps no addresses in the clear.
  const key = createHash('sha256').update(limit.key).digest('hex');
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const windowEnd = new Date(windowStart.getTime() + windowMs);
  const rows: { hits: number }[] = await em.getConnection().execute(
    `insert into rate_limit_windows (key, window_start, hits, expires_at) values (?, ?, 1, ?)
     on conflict (key, window_start) do update set hits = rate_limit_windows.hits + 1
     returning hits`,
    [key, windowStart, windowEnd],
  );
  if ((rows[0]?.hits ?? 0) > limit.max) {
    throw tooManyRequests(Math.max(1, Math.ceil((windowEnd.getTime() - now.getTime()) / 1000)));
  }
}

/** Old windows are worthless; dropped now and then so the table stays small. */
export async function pruneWindows(em: EntityManager, now: Date): Promise<void> {
  await em.getConnection().execute(`delete from rate_limit_windows where expires_at < ?`, [now]);
}
