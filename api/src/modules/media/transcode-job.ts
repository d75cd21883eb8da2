import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaJobStep } from '@lanxang/contracts';
import { extractPoster, generateTrickplay, TRICKPLAY_VTT } from './artwork.js';
import type { MediaTools } from './ffmpeg.js';
import { MASTER_PLAYLIST, transcodeLadder, type LadderVariant } from './ladder.js';
import { renderMasterPlaylist, type SubtitleRendition } from './playlist.js';
import { probeMedia } from './probe.js';
import type { MediaStorage } from './storage.js';

export interface JobProgress {
  step: MediaJobStep;
  percent: number;
  etaSeconds: number | null;
}

export interface TranscodeJobInput {
  source: string;
  /** Scratch directory for this job; removed afterwards whatever happens. */
  workDir: string;
  storage: MediaStorage;
  /** e.g. `video/12`: the ladder goes to `<prefix>/hls/`, then `poster.jpg` and `trickplay/`. */
  prefix: string;
  /** The subtitle renditions to list in the master, given the master's key. */
  subtitlesFor: (masterKey: string) => Promise<SubtitleRendition[]>;
  tools: MediaTools;
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
}

export interface TranscodeJobResult {
  masterKey: string;
  posterKey: string;
  trickplayKey: string;
  trickplayIntervalSeconds: number;
  durationSeconds: number;
  /** The top rung, which the video source row describes. */
  top: LadderVariant;
}

const TRICKPLAY_INTERVAL_SECONDS = 10;
// The share of the bar each step gets; the ladder is nearly all of the work.
const LADDER_SHARE = 88;

/**
 * Source file → published ladder, poster and trickplay. Everything is made in `workDir` and
 * published only once all of it exists, so a failure or cancel at any step leaves the film's
 * published media as it was.
 */
export async function runTranscodeJob(input: TranscodeJobInput): Promise<TranscodeJobResult> {
  const { workDir, storage, prefix, signal, tools, onProgress } = input;
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  try {
    onProgress({ step: 'probing', percent: 0, etaSeconds: null });
    const source = await probeMedia(input.source, { ffprobePath: tools.ffprobePath, signal });

    const ladder = await transcodeLadder({
      input: input.source,
      outDir: path.join(workDir, 'hls'),
      source,
      signal,
      tools,
      onProgress: (progress) =>
        onProgress({
          step: progress.step === 'done' ? 'measuring' : progress.step,
          percent: (progress.percent * LADDER_SHARE) / 100,
          etaSeconds: progress.etaSeconds,
        }),
    });
    const masterKey = `${prefix}/hls/${MASTER_PLAYLIST}`;
    await writeFile(
      ladder.masterPlaylist,
      renderMasterPlaylist(ladder.variants, await input.subtitlesFor(masterKey)),
    );

    onProgress({ step: 'poster', percent: LADDER_SHARE, etaSeconds: null });
    await extractPoster({
      input: input.source,
      outFile: path.join(workDir, 'poster.jpg'),
      source,
      signal,
      tools,
    });
    onProgress({ step: 'trickplay', percent: LADDER_SHARE + 1, etaSeconds: null });
    const trickplay = await generateTrickplay({
      input: input.source,
      outDir: path.join(workDir, 'trickplay'),
      intervalSeconds: TRICKPLAY_INTERVAL_SECONDS,
      source,
      signal,
      tools,
    });

    onProgress({ step: 'publishing', percent: 96, etaSeconds: null });
    signal.throwIfAborted();
    // Thumbnails and poster first, the ladder (whose master players look for) last.
    await storage.publishDirectory(path.join(workDir, 'trickplay'), `${prefix}/trickplay`);
    await storage.publishFile(path.join(workDir, 'poster.jpg'), `${prefix}/poster.jpg`);
    await storage.publishDirectory(path.join(workDir, 'hls'), `${prefix}/hls`);
    onProgress({ step: 'done', percent: 100, etaSeconds: 0 });

    const top = ladder.variants.reduce((best, variant) =>
      variant.height > best.height ? variant : best,
    );
    return {
      masterKey,
      posterKey: `${prefix}/poster.jpg`,
      trickplayKey: `${prefix}/trickplay/${TRICKPLAY_VTT}`,
      trickplayIntervalSeconds: trickplay.intervalSeconds,
      durationSeconds: ladder.durationSeconds,
      top,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The master playlist's variants, read back so it can be re-rendered with new subtitles. */
export function parseMasterVariants(text: string): Parameters<typeof renderMasterPlaylist>[0] {
  const variants: Parameters<typeof renderMasterPlaylist>[0][number][] = [];
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  lines.forEach((line, index) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const attribute = (name: string) =>
      new RegExp(`(?:^|,)${name}=("[^"]*"|[^,]*)`)
        .exec(line.slice('#EXT-X-STREAM-INF:'.length))?.[1]
        ?.replace(/^"|"$/g, '');
    const [width = 0, height = 0] = (attribute('RESOLUTION') ?? '0x0').split('x').map(Number);
    const uri = lines.slice(index + 1).find((next) => next && !next.startsWith('#'));
    if (!uri) return;
    variants.push({
      uri,
      bandwidth: Number(attribute('BANDWIDTH') ?? 0),
      averageBandwidth: Number(attribute('AVERAGE-BANDWIDTH') ?? attribute('BANDWIDTH') ?? 0),
      width,
      height,
      codecs: attribute('CODECS') ?? '',
      frameRate: Number(attribute('FRAME-RATE') ?? 0),
    });
  });
  return variants;
}

/** Rewrites a published master with the given subtitles; false when the master is not ours or absent. */
export async function rerenderMaster(
  storage: MediaStorage,
  masterKey: string,
  subtitles: SubtitleRendition[],
): Promise<boolean> {
  const current = await storage.readText(masterKey);
  if (current === null) return false;
  const variants = parseMasterVariants(current);
  if (variants.length === 0) return false;
  await storage.writeText(masterKey, renderMasterPlaylist(variants, subtitles));
  return true;
}
