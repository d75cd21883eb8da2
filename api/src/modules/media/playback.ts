import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../http/errors.js';
import { Movie } from '../catalog/movie.entity.js';
import { SubtitleTrack } from './subtitle-track.entity.js';
import { latestReadySource } from './video-sources.js';

/**
 * What a viewer may play: a published film's newest ready video, with its subtitles. This is
 * the one place the rental check goes.
 */
export async function findPlayable(em: EntityManager, idOrSlug: number | string) {
  const movie = await em.findOne(
    Movie,
    typeof idOrSlug === 'number'
      ? { id: idOrSlug, status: 'published' }
      : { slug: idOrSlug, status: 'published' },
  );
  if (!movie) throw notFound('That film');
  // ENTITLEMENT CHECK GOES HERE (rentals work): a rental-only film answers 402/403 before any URL
  // is handed out, and the URLs the presenter builds become signed or session-bound.
  const source = await latestReadySource(em, movie);
  if (!source || (!source.url && !source.storageKey))
    throw notFound('A playable video for that film');
  const tracks = await em.find(SubtitleTrack, { movie }, { orderBy: { locale: 'asc' } });
  return { movie, source, tracks };
}
export type Playable = Awaited<ReturnType<typeof findPlayable>>;
