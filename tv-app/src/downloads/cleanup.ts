import { storedBytes, type DownloadRecord } from './store';

const DAY_MS = 86_400_000;
/** Cleanup starts above this share of the budget and removes until back under it. */
const HIGH_WATER = 0.9;
/** An expired copy is kept this long (its card tells the viewer), then removed. */
const EXPIRED_KEEP_MS = 30 * DAY_MS;

const IN_PROGRESS = new Set(['queued', 'downloading', 'paused']);

export interface Removal {
  record: DownloadRecord;
  reason: 'expired' | 'over_budget';
}

/** When a copy stopped being playable: a rental's end, or a free film's missed renewal. */
const expiredAt = (record: DownloadRecord) =>
  Math.min(
    record.license.rentalEndsAt ? Date.parse(record.license.rentalEndsAt) : Infinity,
    Date.parse(record.license.renewBy),
  );

/**
 * What cleanup removes, in order: copies expired for 30 days, then, while the store is above 90 %
 * of the budget, completed copies least recently watched first (never watched counts from when it
 * was stored, so the oldest go first among those). `spare` says which are playing or in progress.
 */
export function planCleanup(
  records: DownloadRecord[],
  options: { now: number; budgetBytes: number; spare: (movieId: number) => boolean },
): Removal[] {
  const candidates = records.filter(
    (record) => !options.spare(record.movieId) && !IN_PROGRESS.has(record.state),
  );
  const removals: Removal[] = candidates
    .filter((record) => options.now - expiredAt(record) >= EXPIRED_KEEP_MS)
    .map((record) => ({ record, reason: 'expired' }));
  const gone = new Set(removals.map((removal) => removal.record.movieId));
  let used = records
    .filter((record) => !gone.has(record.movieId))
    .reduce((sum, record) => sum + storedBytes(record), 0);
  const watchedAt = (record: DownloadRecord) =>
    Date.parse(record.lastWatchedAt ?? record.completedAt ?? record.createdAt);
  const byAge = candidates
    .filter((record) => record.state === 'complete' && !gone.has(record.movieId))
    .sort((a, b) => watchedAt(a) - watchedAt(b) || a.createdAt.localeCompare(b.createdAt));
  for (const record of byAge) {
    if (used <= options.budgetBytes * HIGH_WATER) break;
    removals.push({ record, reason: 'over_budget' });
    used -= storedBytes(record);
  }
  return removals;
}
