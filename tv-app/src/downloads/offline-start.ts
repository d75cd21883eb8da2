import { isUnreachable } from '../services/errors';
import { listDownloads } from './index';

/** The page the app shows when it starts with no network (or no API) and films are stored. */
export const OFFLINE_HOME = 'downloads';

/**
 * Where a start that could not load Home goes: a stored film asked for by its link (`#play/…`)
 * plays (`resume`), anything else goes to Downloads; `null` when there is nothing stored or the
 * failure was not the network's, so the error page says what went wrong. `hash`: the link the app
 * was opened with.
 */
export async function offlineStart(error: unknown, hash: string): Promise<string | null> {
  if (!isUnreachable(error)) return null;
  const stored = await listDownloads().catch(() => []);
  if (stored.length === 0) return null;
  return hash.startsWith('#play/') ? 'resume' : OFFLINE_HOME;
}
