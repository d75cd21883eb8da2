/**
 * The latest time the app has seen from the server (an API answer's `Date` header, a license's
 * `serverTime`), kept across restarts. Rental ends and renewal deadlines are judged against
 * `trustedNow()`, so a device clock turned back extends nothing.
 */
const KEY = 'lanxang.serverTime';

let latest = readStored();

function readStored(): number {
  try {
    return Number(globalThis.localStorage?.getItem(KEY) ?? 0) || 0;
  } catch {
    return 0;
  }
}

/** Records a time the server vouched for (an ISO string or an HTTP date); ignores garbage. */
export function noteServerTime(value: string | null | undefined): void {
  const time = value ? Date.parse(value) : NaN;
  if (!Number.isFinite(time) || time <= latest) return;
  latest = time;
  try {
    globalThis.localStorage?.setItem(KEY, String(time));
  } catch {
    // Storage full or disabled: this session still keeps it in memory.
  }
}

export function trustedNow(): number {
  return Math.max(Date.now(), latest);
}

/**
 * The latest server time itself (0 before any answer). An HTTP `Date` has whole seconds, so a
 * moment the server vouched for is never later than what `trustedNow()` answers afterwards.
 */
export function serverTimeSeen(): number {
  return latest;
}
