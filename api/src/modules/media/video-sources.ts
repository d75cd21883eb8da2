import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequiredEntityData } from '@mikro-orm/core';
import { VideoSource, type IVideoSource } from '../catalog/video-source.entity.js';
import { filesReplacedBy, type StoredFiles } from './cleanup.js';

/**
 * The one place where a new video replaces a film's previous sources: it adds the ready source
 * and deletes the others' rows. Run it inside the caller's transaction; once that commits, hand
 * `replaced` (the old sources' files, minus any the new one still uses) to `removeStoredFiles`.
 */
export async function replaceVideoSources(
  em: EntityManager,
  data: RequiredEntityData<IVideoSource>,
): Promise<{ source: IVideoSource; replaced: StoredFiles }> {
  const source = em.create(VideoSource, data);
  await em.flush();
  const replaced = await filesReplacedBy(em, source.movie.id, source);
  await em.nativeDelete(VideoSource, { movie: source.movie, id: { $ne: source.id } });
  return { source, replaced };
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
