import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Image } from '../catalog/image.entity.js';
import { VideoSource } from '../catalog/video-source.entity.js';
import type { MediaStorage } from './storage.js';
import { SubtitleTrack } from './subtitle-track.entity.js';

/** What removes files once their rows are gone; a failure goes to the log. */
export interface FileRemoval {
  storage: MediaStorage;
  logger: Pick<Logger, 'warn'>;
}

/** What records leave in the storage once their rows are gone. */
export interface StoredFiles {
  /** Whole directories: an image's sizes, a ladder, a thumbnail set. */
  prefixes: string[];
  keys: string[];
}

interface StoredVideo {
  storageKey?: string | null;
  posterKey?: string | null;
  trickplayKey?: string | null;
}

/** `runTranscodeJob` stores a video as `<prefix>/hls/…`, `<prefix>/poster.jpg`, `<prefix>/trickplay/…`. */
const TRANSCODED_MASTER = /^(.+)\/hls\/[^/]+$/;

const filesOfVideo = (source: StoredVideo): StoredFiles => {
  const prefix = source.storageKey && TRANSCODED_MASTER.exec(source.storageKey)?.[1];
  if (prefix) return { prefixes: [prefix], keys: [] };
  return {
    prefixes: [source.storageKey, source.trickplayKey].flatMap((key) =>
      key ? [path.posix.dirname(key)] : [],
    ),
    keys: source.posterKey ? [source.posterKey] : [],
  };
};

const merge = (...all: StoredFiles[]): StoredFiles => ({
  prefixes: [...new Set(all.flatMap((files) => files.prefixes))],
  keys: [...new Set(all.flatMap((files) => files.keys))],
});

/**
 * The size directories of `images` that no other image row names: a TMDB picture is stored once
 * by its path, so two records may share it.
 */
async function unsharedImageFiles(
  em: EntityManager,
  images: { id: number; storageKey: string }[],
): Promise<StoredFiles> {
  if (!images.length) return { prefixes: [], keys: [] };
  const shared = await em.find(
    Image,
    {
      storageKey: { $in: images.map((image) => image.storageKey) },
      id: { $nin: images.map((image) => image.id) },
    },
    { fields: ['storageKey'] },
  );
  const stillUsed = new Set(shared.map((image) => image.storageKey));
  return {
    prefixes: [
      ...new Set(images.map((image) => image.storageKey).filter((key) => !stillUsed.has(key))),
    ],
    keys: [],
  };
}

/** Everything a film has stored: its images, video ladders with posters and thumbnails, subtitles. */
export async function filesOfMovie(em: EntityManager, movieId: number): Promise<StoredFiles> {
  const [images, sources, tracks] = await Promise.all([
    em.find(Image, { movie: movieId }, { fields: ['storageKey'] }),
    em.find(VideoSource, { movie: movieId }),
    em.find(SubtitleTrack, { movie: movieId }),
  ]);
  return merge(await unsharedImageFiles(em, images), ...sources.map(filesOfVideo), {
    prefixes: [],
    keys: tracks.flatMap((track) => [track.vttKey, track.playlistKey]),
  });
}

/** A person's stored pictures. */
export async function filesOfPerson(em: EntityManager, personId: number): Promise<StoredFiles> {
  return unsharedImageFiles(
    em,
    await em.find(Image, { person: personId }, { fields: ['storageKey'] }),
  );
}

/** One image's sizes; none when the image is unknown (the delete will answer 404). */
export async function filesOfImage(em: EntityManager, imageId: number): Promise<StoredFiles> {
  const image = await em.findOne(Image, imageId, { fields: ['storageKey'] });
  return unsharedImageFiles(em, image ? [image] : []);
}

/**
 * What the film's other video sources stored, less whatever `current` (the ladder just published)
 * occupies: an upload is published under the same prefix as the one it replaces.
 */
export async function filesReplacedBy(
  em: EntityManager,
  movieId: number,
  current: StoredVideo & { id: number },
): Promise<StoredFiles> {
  const others = await em.find(VideoSource, { movie: movieId, id: { $ne: current.id } });
  const kept = filesOfVideo(current);
  const occupied = [...kept.prefixes, ...kept.keys];
  const overlaps = (key: string) =>
    occupied.some(
      (used) => used === key || used.startsWith(`${key}/`) || key.startsWith(`${used}/`),
    );
  const replaced = merge(...others.map(filesOfVideo));
  return {
    prefixes: replaced.prefixes.filter((prefix) => !overlaps(prefix)),
    keys: replaced.keys.filter((key) => !overlaps(key)),
  };
}

/**
 * Removes files whose rows are gone; call it after the transaction commits. Files left behind
 * cost disk, never correctness, so a failure is logged and the caller's request still succeeds.
 */
export async function removeStoredFiles(deps: FileRemoval, files: StoredFiles): Promise<void> {
  try {
    await Promise.all([
      ...files.prefixes.map((prefix) => deps.storage.deletePrefix(prefix)),
      files.keys.length ? deps.storage.deleteKeys(files.keys) : undefined,
    ]);
  } catch (error) {
    deps.logger.warn({ err: error, files }, 'stored media files could not be removed');
  }
}

/** Files go only once their rows are gone: `files` are found first, removed after `remove` commits. */
export async function deleteWithStoredFiles(
  deps: FileRemoval,
  files: Promise<StoredFiles>,
  remove: () => Promise<unknown>,
): Promise<void> {
  const stored = await files;
  await remove();
  await removeStoredFiles(deps, stored);
}
