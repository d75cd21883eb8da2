import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_SIZES, type ImageKind } from '@lanxang/contracts';
import { MediaError, runFfmpeg, runFfprobe } from './ffmpeg.js';
import type { MediaStorage } from './storage.js';

export interface ImageSize {
  width: number;
  height: number;
}

/** Where stored images go, and a local directory to build them in first. */
export interface ImageTarget {
  storage: MediaStorage;
  workDir: string;
}

/** Beside an image's sizes: its dimensions, so a re-import or re-seed need not fetch or probe it. */
const sizeKeyOf = (storageKey: string) => `${storageKey}/image.json`;

/**
 * The one way an image enters the storage (admin uploads, TMDB imports, the demo seed): every
 * size of `kind` is written by `writeImageSizes` in a work directory, then published under
 * `storageKey` as `<size>.jpg`. The dimensions are written last, so their presence means the
 * sizes are all there.
 */
export async function storeImageSizes(
  target: ImageTarget,
  source: string,
  kind: ImageKind,
  storageKey: string,
): Promise<ImageSize> {
  await mkdir(target.workDir, { recursive: true });
  const outDir = await mkdtemp(path.join(target.workDir, 'image-'));
  try {
    const size = await writeImageSizes(source, kind, outDir);
    await target.storage.publishDirectory(outDir, storageKey);
    await target.storage.writeText(sizeKeyOf(storageKey), JSON.stringify(size));
    return size;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The dimensions `storeImageSizes` recorded for `storageKey`; null when it was never stored. */
export async function storedImageSize(
  storage: MediaStorage,
  storageKey: string,
): Promise<ImageSize | null> {
  const text = await storage.readText(sizeKeyOf(storageKey));
  return text === null ? null : (JSON.parse(text) as ImageSize);
}

const widthOf = (size: string) => Number(size.slice(1));

/**
 * Writes `source` (any picture ffmpeg reads: JPEG, PNG, WebP…) as `<outDir>/<size>.jpg` for every
 * size `IMAGE_SIZES` names for `kind`, in one ffmpeg run, and answers the largest's dimensions.
 * Each file is written under a temporary name and renamed, so a crash never leaves half a JPEG
 * under a name that looks finished. Transparent images are flattened onto black, the TV's
 * background, since we store JPEG only.
 */
export async function writeImageSizes(
  source: string,
  kind: ImageKind,
  outDir: string,
): Promise<ImageSize> {
  const sizes = IMAGE_SIZES[kind];
  const outputs = sizes.map((size) => path.join(outDir, `${size}.jpg`));
  const token = randomBytes(6).toString('hex');
  const staging = outputs.map((file) => `${file}.${token}.jpg`);
  await mkdir(outDir, { recursive: true });
  const split = `[0:v]split=${sizes.length}${sizes.map((_, i) => `[s${i}]`).join('')}`;
  const scales = sizes.map(
    (size, i) => `[s${i}]scale=${widthOf(size)}:-2:flags=lanczos,format=yuvj420p[o${i}]`,
  );
  await runFfmpeg(
    [
      ...['-loglevel', 'error', '-i', source, '-filter_complex', [split, ...scales].join(';')],
      ...sizes.flatMap((_, i) => [
        '-map',
        `[o${i}]`,
        '-frames:v',
        '1',
        '-q:v',
        '3',
        '-y',
        staging[i]!,
      ]),
    ],
    { cleanupPaths: staging },
  );
  await Promise.all(staging.map((file, i) => rename(file, outputs[i]!)));
  return imageDimensions(outputs[outputs.length - 1]!);
}

/** Width and height of a picture, or a `not_a_video` MediaError when it is not one. */
export async function imageDimensions(file: string): Promise<ImageSize> {
  const { stdout } = await runFfprobe([
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,codec_name'],
    ...['-of', 'json', file],
  ]);
  const stream = (JSON.parse(stdout) as { streams?: { width?: number; height?: number }[] })
    .streams?.[0];
  if (!stream?.width || !stream.height) {
    throw new MediaError('not_a_video', 'The file is not a picture.');
  }
  return { width: stream.width, height: stream.height };
}
