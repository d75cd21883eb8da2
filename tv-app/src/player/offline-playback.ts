import type { MovieDetails, Playback } from '@lanxang/contracts';
import {
  notePlaying,
  offlinePlayback,
  offlineTrickplayUrl,
  offlineUri,
  renewLicenses,
} from '../downloads';
import { isOnline } from '../lib/connectivity';
import { AppError } from '../services/errors';

/**
 * The stored copy of `movie` as the player's `Playback`, or `null` when there is no complete one.
 * Its subtitles are in the stored master (no sidecars); its media carry no token to renew.
 */
export async function storedPlayback(movie: MovieDetails): Promise<Playback | null> {
  let stored = await offlinePlayback(movie.id);
  if (stored?.playable === 'needs_server_check' && isOnline()) {
    await renewLicenses();
    stored = await offlinePlayback(movie.id);
  }
  if (!stored || stored.playable === 'incomplete') return null;
  if (stored.playable === 'rental_ended') {
    throw new AppError('unavailable', 'rental_ended', 'The rental of this film has ended', 402);
  }
  if (stored.playable === 'needs_server_check') {
    throw new AppError('network', 'needs_server_check', 'Connect once to keep this download');
  }
  await notePlaying(movie.id);
  // Lightning draws the sprite sheets, and cannot read our scheme: blob: URLs of the stored
  // bytes, released when the player closes.
  let trickplay: Playback['trickplay'] = null;
  if (stored.trickplay) {
    const key = stored.trickplay.vttUri.slice(offlineUri(movie.id, '').length);
    const vttUrl = await offlineTrickplayUrl(movie.id, key);
    if (vttUrl) trickplay = { vttUrl, intervalSeconds: stored.trickplay.intervalSeconds };
  }
  return {
    movieId: movie.id,
    masterUrl: stored.uri,
    durationSeconds: stored.durationSeconds,
    posterUrl: null,
    subtitles: [],
    trickplay,
    tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    rentalEndsAt: null,
  };
}
