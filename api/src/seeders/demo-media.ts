import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_SIZES, type ImageKind } from '@lanxang/contracts';
import {
  MASTER_PLAYLIST,
  TRICKPLAY_VTT,
  extractPoster,
  generateDemoArtwork,
  generateDemoClip,
  generateTrickplay,
  transcodeLadder,
} from '../modules/media/index.js';
import { writeImageSizes } from '../modules/media/images.js';
import type { DemoMediaMaker } from './demo-catalog.js';

const TRICKPLAY_INTERVAL_SECONDS = 10;

/** Largest stored width and the aspect (height / width) of each kind of image. */
const SHAPES: Record<ImageKind, { aspect: number; style: 'poster' | 'backdrop' }> = {
  poster: { aspect: 1.5, style: 'poster' },
  backdrop: { aspect: 0.5625, style: 'backdrop' },
  logo: { aspect: 0.25, style: 'backdrop' },
  profile: { aspect: 1.5, style: 'poster' },
};

const widthOf = (size: string) => Number(size.slice(1));

/**
 * The demo's media made with the real ffmpeg, the same pipeline uploads go through. Every file is
 * a pure function of its inputs and is skipped when already there, so only the first `npm start`
 * (or test run) pays for it. Generated sources stay in `cacheDir`; what is served goes to `mediaDir`.
 */
export function ffmpegDemoMedia(options: {
  mediaDir: string;
  cacheDir: string;
  clipSeconds?: number;
}): DemoMediaMaker & {
  mediaDir: string;
} {
  const { mediaDir, cacheDir, clipSeconds = 24 } = options;
  return {
    mediaDir,

    async artwork({ storageKey, kind, title, subtitle, hue }) {
      const sizes = IMAGE_SIZES[kind];
      const largest = Math.max(...sizes.map(widthOf));
      const height = Math.round((largest * SHAPES[kind].aspect) / 2) * 2;
      const outDir = path.join(mediaDir, storageKey);
      const outputs = sizes.map((size) => path.join(outDir, `${size}.jpg`));
      if (outputs.every((file) => existsSync(file))) return { width: largest, height };

      const source = path.join(cacheDir, 'artwork', `${storageKey.replaceAll('/', '_')}.jpg`);
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
        height,
      });
      return writeImageSizes(source, kind, outDir);
    },

    async video({ storageKey, title, hue }) {
      const outDir = path.join(mediaDir, storageKey);
      const summaryFile = path.join(outDir, 'demo.json');
      // Same layout as an uploaded film's (see transcode-job.ts), so playback reads both alike.
      const artworkKeys = {
        posterKey: `${storageKey}/poster.jpg`,
        trickplayKey: `${storageKey}/trickplay/${TRICKPLAY_VTT}`,
        trickplayIntervalSeconds: TRICKPLAY_INTERVAL_SECONDS,
      };
      if (existsSync(summaryFile)) {
        const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as Omit<
          Awaited<ReturnType<DemoMediaMaker['video']>>,
          keyof typeof artworkKeys
        >;
        return { ...summary, ...artworkKeys };
      }

      const clip = path.join(cacheDir, 'clips', `${storageKey.replaceAll('/', '_')}.mp4`);
      await mkdir(path.dirname(clip), { recursive: true });
      await generateDemoClip({
        title,
        seconds: clipSeconds,
        outFile: clip,
        hue,
        width: 1280,
        height: 720,
      });
      const ladder = await transcodeLadder({ input: clip, outDir: path.join(outDir, 'hls') });
      await extractPoster({ input: clip, outFile: path.join(outDir, 'poster.jpg') });
      await generateTrickplay({
        input: clip,
        outDir: path.join(outDir, 'trickplay'),
        intervalSeconds: TRICKPLAY_INTERVAL_SECONDS,
      });
      const top = ladder.variants.reduce((best, variant) =>
        variant.height > best.height ? variant : best,
      );
      const summary = {
        masterKey: `${storageKey}/hls/${MASTER_PLAYLIST}`,
        durationSeconds: ladder.durationSeconds,
        bandwidth: top.bandwidth,
        codecs: top.codecs,
        width: top.width,
        height: top.height,
      };
      await writeFile(summaryFile, JSON.stringify(summary, null, 2));
      return { ...summary, ...artworkKeys };
    },
  };
}
