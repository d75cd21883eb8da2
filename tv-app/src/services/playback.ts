import type { MovieDetails, Playback } from '@lanxang/contracts';
import { getRoute } from './client';

export type { Playback };

/**
 * Asks the API how to play a film: `GET /api/movies/{slug}/playback` answers the master playlist,
 * subtitle sidecars, trickplay index, poster and duration. A draft or a film with no ready video
 * answers 404 `not_found`, which the error screen shows as "film unavailable".
 */
export function getPlayback(movie: Pick<MovieDetails, 'slug'>): Promise<Playback> {
  return getRoute('playback', { idOrSlug: movie.slug });
}
