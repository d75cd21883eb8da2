import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../http/errors.js';
import { Movie } from '../catalog/movie.entity.js';
import { SubtitleTrack } from './subtitle-track.entity.js';
import { latestReadySource } from './video-sources.js';

/**
 * What may be played: a published film's newest ready video, with its subtitles (drafts too when
 * an admin previews). Who may play it is `playbackAccess`'s question.
 */
export async function findPlayable(
  em: EntityManager,
  idOrSlug: number | string,
  options: { drafts?: boolean } = {},
) {
  const status = options.drafts ? {} : { status: 'published' as const };
  const movie = await em.findOne(
    Movie,
    typeof idOrSlug === 'number' ? { id: idOrSlug, ...status } : { slug: idOrSlug, ...status },
  );
  if (!movie) throw notFound('That film');
  const source = await latestReadySource(em, movie);
  if (!source || (!source.url && !source.storageKey))
    throw notFound('A playable video for that film');
  const tracks = await em.find(SubtitleTrack, { movie }, { orderBy: { locale: 'asc' } });
  return { movie, source, tracks };
}
export type Playable = Awaited<ReturnType<typeof findPlayable>>;
