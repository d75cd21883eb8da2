import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequiredEntityData } from '@mikro-orm/core';
import { VideoSource, type IVideoSource } from '../catalog/video-source.entity.js';

/**
 * Adds a ready video to a film; it replaces the film's previous sources (their rows; files
 * under another prefix stay until cleaned up by hand). Run it inside the caller's transaction.
 */
export async function replaceVideoSources(
  em: EntityManager,
  data: RequiredEntityData<IVideoSource>,
): Promise<IVideoSource> {
  const source = em.create(VideoSource, data);
  await em.flush();
  await em.nativeDelete(VideoSource, { movie: source.movie, id: { $ne: source.id } });
  return source;
}

/** The film's newest ready source, optionally only one of ours (not an external URL). */
export const latestReadySource = (
  em: EntityManager,
  movie: number | { id: number },
  options: { stored?: boolean } = {},
) =>
  em.findOne(
    VideoSource,
    { movie, status: 'ready', ...(options.stored && { storageKey: { $ne: null } }) },
    { orderBy: { id: 'desc' } },
  );
