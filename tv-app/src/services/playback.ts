import type { MovieDetails, Playback } from '@lanxang/contracts';
import { getJson } from './client';

export type { Playback };

/**
 * Asks the API how to play a film: `GET /api/movies/{slug}/playback` answers the master playlist,
 * subtitle sidecars, trickplay index, poster and duration. A draft or a film with no ready video
 * answers 404 `not_found`, which the error screen shows as "film unavailable".
 */
export function getPlayback(movie: Pick<MovieDetails, 'slug'>): Promise<Playback> {
  return getJson<Playback>(`/api/movies/${encodeURIComponent(movie.slug)}/playback`);
}
