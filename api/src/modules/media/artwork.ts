import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MediaError, runFfmpeg, type MediaTools } from './ffmpeg.js';
import { deinterlaceFilters } from './ladder.js';
import { probeMedia, type MediaInfo } from './probe.js';
import { withStagingDir, withStagingFile } from './staging.js';

interface ArtworkCommonOptions {
  input: string;
  /** A probe result already at hand; the input is probed otherwise. */
  source?: MediaInfo | undefined;
  signal?: AbortSignal | undefined;
  tools?: MediaTools | undefined;
}

export interface PosterOptions extends ArtworkCommonOptions {
  outFile: string;
  /** Where to take the frame, as a fraction of the duration: past opening titles, before spoilers. */
  atFraction?: number;
  maxWidth?: number;
}

export interface PosterResult {
  file: string;
  width: number;
  height: number;
  atSeconds: number;
}

/** One JPEG frame at ~10% of the film, at display size (capped at `maxWidth`). */
export async function extractPoster(options: PosterOptions): Promise<PosterResult> {
  const { input, signal, tools = {}, atFraction = 0.1, maxWidth = 1920 } = options;
  const source =
    options.source ?? (await probeMedia(input, { ffprobePath: tools.ffprobePath, signal }));
  const width = evenDown(Math.min(maxWidth, source.width));
  const height = evenDown((width * source.height) / source.width);
  const atSeconds = Math.max(
    0,
    Math.min(source.durationSeconds * atFraction, source.durationSeconds - 0.5),
  );

  await withStagingFile(options.outFile, (staging) =>
    runFfmpeg(
      [
        ['-loglevel', 'error'],
        // Seeking before -i jumps to a keyframe, then decodes up to the exact time: fast and exact.
        ['-ss', atSeconds.toFixed(3)],
        ['-i', input],
        ['-frames:v', '1'],
        [
          '-vf',
          [
            ...deinterlaceFilters(source),
            `scale=${width}:${height}:flags=lanczos`,
            'setsar=1',
          ].join(','),
        ],
        ['-q:v', '2'],
        ['-y', staging],
      ].flat(),
      { ffmpegPath: tools.ffmpegPath, signal },
    ),
  );
  return { file: path.resolve(options.outFile), width, height, atSeconds };
}

export interface TrickplayOptions extends ArtworkCommonOptions {
  /** Owned by this function: replaced as a whole on success. */
  outDir: string;
  intervalSeconds?: number;
  thumbnailWidth?: number;
  /** Thumbnails per sprite sheet: 10×10 keeps a sheet small enough for a TV to decode. */
  columns?: number;
  rows?: number;
}

export interface TrickplayResult {
  outDir: string;
  /** Absolute path of `thumbnails.vtt`. */
  vttFile: string;
  /** Sheet file names, relative to `outDir`, in order. */
  sprites: string[];
  thumbnailCount: number;
  thumbnailWidth: number;
  thumbnailHeight: number;
  intervalSeconds: number;
}

export const TRICKPLAY_VTT = 'thumbnails.vtt';

/**
 * Seek thumbnails for the TV's scrubber: one frame every `intervalSeconds`, `thumbnailWidth`
 * wide, tiled into JPEG sprite sheets (`sprite-001.jpg`, ... of `columns`×`rows`), indexed by a
 * WebVTT file whose cues point at `sprite-001.jpg#xywh=x,y,w,h`.
 *
 * Frames are first written one per file and then tiled, so the number of thumbnails (and so the
 * cues) is exactly what ffmpeg produced rather than a guess from the duration.
 */
export async function generateTrickplay(options: TrickplayOptions): Promise<TrickplayResult> {
  const {
    input,
    signal,
    tools = {},
    intervalSeconds = 10,
    thumbnailWidth = 320,
    columns = 10,
    rows = 10,
  } = options;
  const source =
    options.source ?? (await probeMedia(input, { ffprobePath: tools.ffprobePath, signal }));
  const thumbnailHeight = evenDown((thumbnailWidth * source.height) / source.width);
  const run = (args: string[]) => runFfmpeg(args, { ffmpegPath: tools.ffmpegPath, signal });

  return withStagingDir(options.outDir, async (staging) => {
    const thumbnailFilter = [
      ...deinterlaceFilters(source),
      // The first frame of each interval, where its cue starts. (The fps filter would drop the
      // last, partial interval, leaving the end of the film without a thumbnail.)
      `select='isnan(prev_selected_t)+gte(floor(t/${intervalSeconds}),floor(prev_selected_t/${intervalSeconds})+1)'`,
      `scale=${thumbnailWidth}:${thumbnailHeight}:flags=bicubic`,
      'setsar=1',
    ].join(',');
    await run(
      [
        ['-loglevel', 'error'],
        ['-i', input],
        ['-an', '-sn', '-dn'],
        ['-vf', thumbnailFilter],
        ['-fps_mode', 'vfr'],
        ['-q:v', '4'],
        [path.join(staging, 'frame-%05d.jpg')],
      ].flat(),
    );
    const frames = (await readdir(staging)).filter((name) => name.startsWith('frame-')).sort();
    if (frames.length === 0) throw new MediaError('ffmpeg_failed', 'ffmpeg produced no thumbnails');
    const perSheet = columns * rows;
    const sheetCount = Math.ceil(frames.length / perSheet);
    // A single-row sheet when there are few thumbnails: no black padding tiles to download.
    const sheetColumns = Math.min(columns, Math.max(1, frames.length));
    const sheetRows = Math.min(rows, Math.ceil(frames.length / sheetColumns));
    await run(
      [
        ['-loglevel', 'error'],
        ['-framerate', '1'],
        ['-i', path.join(staging, 'frame-%05d.jpg')],
        ['-vf', `tile=${sheetColumns}x${sheetRows}`],
        ['-q:v', '4'],
        ['-y', path.join(staging, 'sprite-%03d.jpg')],
      ].flat(),
    );
    const sprites = (await readdir(staging)).filter((name) => name.startsWith('sprite-')).sort();
    if (sprites.length !== sheetCount) {
      throw new MediaError(
        'ffmpeg_failed',
        `Expected ${sheetCount} sprite sheets, ffmpeg wrote ${sprites.length}`,
      );
    }

    const perTiledSheet = sheetColumns * sheetRows;
    const cues = frames.map((_, i) => {
      const start = i * intervalSeconds;
      const end = Math.min(
        start + intervalSeconds,
        Math.max(source.durationSeconds, start + 0.001),
      );
      const sheet = sprites[Math.floor(i / perTiledSheet)] ?? '';
      const tile = i % perTiledSheet;
      const x = (tile % sheetColumns) * thumbnailWidth;
      const y = Math.floor(tile / sheetColumns) * thumbnailHeight;
      return `${vttTime(start)} --> ${vttTime(end)}\n${sheet}#xywh=${x},${y},${thumbnailWidth},${thumbnailHeight}`;
    });
    await writeFile(path.join(staging, TRICKPLAY_VTT), `WEBVTT\n\n${cues.join('\n\n')}\n`);
    await Promise.all(frames.map((name) => rm(path.join(staging, name))));

    const outDir = path.resolve(options.outDir);
    return {
      outDir,
      vttFile: path.join(outDir, TRICKPLAY_VTT),
      sprites,
      thumbnailCount: frames.length,
      thumbnailWidth,
      thumbnailHeight,
      intervalSeconds,
    };
  });
}

/** `HH:MM:SS.mmm`, the form every WebVTT parser accepts. */
function vttTime(seconds: number): string {
  const millis = Math.round(seconds * 1000);
  const h = Math.floor(millis / 3_600_000);
  const m = Math.floor((millis % 3_600_000) / 60_000);
  const s = Math.floor((millis % 60_000) / 1000);
  const ms = millis % 1000;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function evenDown(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2);
}
