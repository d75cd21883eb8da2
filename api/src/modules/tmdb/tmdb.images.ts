import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_SIZES, type ImageKind } from '@lanxang/contracts';
import { storedImageSize, storeImageSizes, type ImageTarget } from '../media/images.js';
import { isMediaError } from '../media/index.js';
import { checkImagePath, TmdbError, type TmdbClient } from './tmdb.client.js';
import type { TmdbConfiguration } from './tmdb.schemas.js';

export interface StoredImage {
  storageKey: string;
  width: number;
  height: number;
}

const widthOf = (size: string) => Number(size.slice(1));
const TMDB_SIZE_LISTS = {
  poster: 'poster_sizes',
  backdrop: 'backdrop_sizes',
  logo: 'logo_sizes',
  profile: 'profile_sizes',
} as const satisfies Record<ImageKind, keyof TmdbConfiguration['images']>;

/**
 * Copies TMDB images into our media storage at every size `IMAGE_SIZES` names for the kind, as
 * `<storageKey>/<size>.jpg`: the TV never loads an image from TMDB. A file path is stored once
 * (its key is derived from it), so a re-import finds it already there.
 */
export function tmdbImageStore(client: TmdbClient, target: ImageTarget) {
  // Films imported side by side share actors: one download per picture, the others wait for it.
  const inFlight = new Map<string, Promise<StoredImage>>();
  return {
    async store(kind: ImageKind, filePath: string): Promise<StoredImage> {
      // The key and the work file are named after the path: only TMDB's own shape gets that far.
      checkImagePath(filePath);
      const storageKey = `tmdb/${kind}/${path.basename(filePath).replace(/\.[a-z]+$/i, '')}`;
      const pending = inFlight.get(storageKey);
      if (pending) return pending;
      const stored = storeOnce(kind, filePath, storageKey).finally(() =>
        inFlight.delete(storageKey),
      );
      inFlight.set(storageKey, stored);
      return stored;
    },
  };

  async function storeOnce(
    kind: ImageKind,
    filePath: string,
    storageKey: string,
  ): Promise<StoredImage> {
    const sizes = IMAGE_SIZES[kind];
    try {
      const stored = await storedImageSize(target.storage, storageKey);
      if (!stored) {
        const config = await client.configuration();
        const url = await client.imageUrl(
          filePath,
          sourceSize(config.images[TMDB_SIZE_LISTS[kind]], Math.max(...sizes.map(widthOf))),
        );
        const bytes = await client.download(url);
        await mkdir(target.workDir, { recursive: true });
        const source = path.join(
          target.workDir,
          `tmdb-${randomBytes(6).toString('hex')}${path.extname(filePath) || '.jpg'}`,
        );
        await writeFile(source, bytes);
        try {
          return { storageKey, ...(await storeImageSizes(target, source, kind, storageKey)) };
        } finally {
          await rm(source, { force: true });
        }
      }
      return { storageKey, ...stored };
    } catch (error) {
      if (!isMediaError(error)) throw error;
      throw new TmdbError(
        'invalid_response',
        `TMDB's image ${filePath} could not be read: ${error.message}`,
        { cause: error },
      );
    }
  }
}

/**
 * The smallest TMDB width at least as wide as what we store, so we download no more than we
 * need; `original` when none is (height-named sizes such as `h632` say nothing about width).
 */
export function sourceSize(available: string[], neededWidth: number): string {
  const widths = available
    .filter((size) => /^w\d+$/.test(size))
    .sort((a, b) => widthOf(a) - widthOf(b));
  return widths.find((size) => widthOf(size) >= neededWidth) ?? 'original';
}
