import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_SIZES, type ImageKind } from '@lanxang/contracts';
import { storedImageSize, storeImageSizes } from '../modules/media/images.js';
import type { MediaStorage } from '../modules/media/storage.js';
import { runTranscodeJob } from '../modules/media/transcode-job.js';
import type { DemoMediaMaker } from '../seeders/demo-catalog.js';
import { generateDemoArtwork, generateDemoClip } from './demo-generators.js';

/** Largest stored width and the aspect (height / width) of each kind of image. */
const SHAPES: Record<ImageKind, { aspect: number; style: 'poster' | 'backdrop' }> = {
  poster: { aspect: 1.5, style: 'poster' },
  backdrop: { aspect: 0.5625, style: 'backdrop' },
  logo: { aspect: 0.25, style: 'backdrop' },
  profile: { aspect: 1.5, style: 'poster' },
};

const widthOf = (size: string) => Number(size.slice(1));

type DemoVideo = Awaited<ReturnType<DemoMediaMaker['video']>>;

/**
 * The demo's media made with the real ffmpeg and stored the way uploads are: pictures through
 * `storeImageSizes`, videos through the transcode job, both into `storage`. Every file is a pure
 * function of its inputs and is skipped when already stored, so only the first `npm start` (or
 * test run) pays for it. Generated sources and scratch work stay in `cacheDir`.
 */
export function ffmpegDemoMedia(options: {
  storage: MediaStorage;
  cacheDir: string;
  clipSeconds?: number;
}): DemoMediaMaker {
  const { storage, cacheDir, clipSeconds = 24 } = options;
  const workDir = path.join(cacheDir, 'work');
  const sourceOf = (kind: 'artwork' | 'clips', storageKey: string, ext: string) =>
    path.join(cacheDir, kind, `${storageKey.replaceAll('/', '_')}${ext}`);
  return {
    async artwork({ storageKey, kind, title, subtitle, hue }) {
      const stored = await storedImageSize(storage, storageKey);
      if (stored) return stored;
      const largest = Math.max(...IMAGE_SIZES[kind].map(widthOf));
      const source = sourceOf('artwork', storageKey, '.jpg');
      await mkdir(path.dirname(source), { recursive: true });
      await generateDemoArtwork({
        title,
        subtitle,
        hue,
        kind: SHAPES[kind].style,
        // Only posters carry their title, as real ones do; the TV letters everything else.
        plain: kind !== 'poster',
        outFile: source,
        width: largest,
        height: Math.round((largest * SHAPES[kind].aspect) / 2) * 2,
      });
      return storeImageSizes({ storage, workDir }, source, kind, storageKey);
    },

    async video({ storageKey, title, hue }) {
      // Written last, so its presence means the ladder, poster and thumbnails are all stored.
      const summaryKey = `${storageKey}/video.json`;
      const summary = await storage.readText(summaryKey);
      if (summary !== null) return JSON.parse(summary) as DemoVideo;

      const clip = sourceOf('clips', storageKey, '.mp4');
      await mkdir(path.dirname(clip), { recursive: true });
      await generateDemoClip({
        title,
        seconds: clipSeconds,
        outFile: clip,
        hue,
        width: 1280,
        height: 720,
      });
      const job = await runTranscodeJob({
        source: clip,
        workDir: path.join(workDir, storageKey.replaceAll('/', '_')),
        storage,
        prefix: storageKey,
        subtitlesFor: async () => [],
        tools: {},
        signal: new AbortController().signal,
        onProgress: () => {},
      });
      const video: DemoVideo = {
        masterKey: job.masterKey,
        durationSeconds: job.durationSeconds,
        bandwidth: job.top.bandwidth,
        codecs: job.top.codecs,
        width: job.top.width,
        height: job.top.height,
        posterKey: job.posterKey,
        trickplayKey: job.trickplayKey,
        trickplayIntervalSeconds: job.trickplayIntervalSeconds,
      };
      await storage.writeText(summaryKey, JSON.stringify(video, null, 2));
      return video;
    },
  };
}
