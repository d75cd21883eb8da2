import { readFile, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { codecsAttribute, describeInitSegment } from './codecs.js';
import { MediaError, runFfmpeg, type FfmpegProgress, type MediaTools } from './ffmpeg.js';
import { parseMediaPlaylist, renderMasterPlaylist, type MasterVariant } from './playlist.js';
import { fractionToNumber, probeMedia, type MediaInfo } from './probe.js';
import { withStagingDir } from './staging.js';

export interface LadderRung {
  /** Also the rung's directory under the output, e.g. `720p`. */
  name: string;
  height: number;
  videoBitrateKbps: number;
}

export interface PlannedRung extends LadderRung {
  /** Even, and keeping the source's display aspect ratio. */
  width: number;
}

/** The reference design's ladder, highest first. */
export const LADDER: readonly LadderRung[] = [
  { name: '1080p', height: 1080, videoBitrateKbps: 5000 },
  { name: '720p', height: 720, videoBitrateKbps: 2800 },
  { name: '480p', height: 480, videoBitrateKbps: 1400 },
  { name: '360p', height: 360, videoBitrateKbps: 800 },
];

export const SEGMENT_SECONDS = 6;
export const AUDIO_BITRATE_KBPS = 128;
export const MASTER_PLAYLIST = 'master.m3u8';
const MEDIA_PLAYLIST = 'index.m3u8';

// Capped VBR: x264 aims at the average, the VBV keeps peaks within 10% over a 1.5 s window.
const MAXRATE_FACTOR = 1.1;
const BUFSIZE_FACTOR = 1.5;
const MAX_FRAME_RATE = 60;
// A decode that stops this far before the probed end means the source ran out of data.
const TRUNCATION_TOLERANCE_SECONDS = 3;

/** Rungs no taller than the source (upscaling wastes bits); the lowest rung is always kept. */
export function planLadder(
  source: Pick<MediaInfo, 'width' | 'height'>,
  ladder: readonly LadderRung[] = LADDER,
): PlannedRung[] {
  const sorted = [...ladder].sort((a, b) => b.height - a.height);
  const fitting = sorted.filter((rung) => rung.height <= source.height);
  const lowest = sorted.at(-1);
  const chosen = fitting.length > 0 ? fitting : lowest ? [lowest] : [];
  return chosen.map((rung) => ({
    ...rung,
    width: evenWidth(rung.height, source.width / source.height),
  }));
}

export type TranscodeStep = 'probing' | 'transcoding' | 'measuring' | 'done';

export interface TranscodeProgress {
  step: TranscodeStep;
  /** 0–100, never decreasing within one call. */
  percent: number;
  /** Seconds left, once ffmpeg has run long enough to estimate; null before. */
  etaSeconds: number | null;
}

export interface TranscodeOptions {
  input: string;
  /** Replaced as a whole when the transcode succeeds; untouched when it fails. */
  outDir: string;
  /** Defaults to `planLadder(source)`. */
  rungs?: readonly PlannedRung[] | undefined;
  /** A probe result already at hand; the input is probed otherwise. */
  source?: MediaInfo | undefined;
  onProgress?: ((progress: TranscodeProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  tools?: MediaTools | undefined;
  /** x264 preset; `veryfast` keeps a 2-hour film within hours on a small server. */
  preset?: string | undefined;
  /** Encoder threads per rung (ffmpeg decides when unset). */
  threads?: number | undefined;
}

export interface LadderVariant extends MasterVariant {
  name: string;
  segmentCount: number;
  targetDurationSeconds: number;
}

export interface LadderResult {
  outDir: string;
  /** Absolute path of the master playlist. */
  masterPlaylist: string;
  durationSeconds: number;
  /** True when the source had no audio and a silent track was added. */
  silentAudioAdded: boolean;
  variants: LadderVariant[];
}

/**
 * Transcodes `input` into an fMP4 HLS ladder in ONE ffmpeg process (one decode, split and scaled
 * per rung), then measures the segments and writes `master.m3u8`.
 *
 * Layout of `outDir`: `master.m3u8`, and per rung `<name>/index.m3u8`, `<name>/init_<n>.mp4`,
 * `<name>/seg_00000.m4s`...
 *
 * A source without audio gets a silent AAC track: every film then has the same track layout and
 * `CODECS`, so the TV player and its audio handling never meet a special case (the cost is a
 * few kbit/s of silence).
 */
export async function transcodeLadder(options: TranscodeOptions): Promise<LadderResult> {
  const { input, outDir, signal, tools = {} } = options;
  const report = createReporter(options.onProgress);
  report({ step: 'probing', percent: 0, etaSeconds: null });
  const source =
    options.source ?? (await probeMedia(input, { ffprobePath: tools.ffprobePath, signal }));
  const rungs = options.rungs ?? planLadder(source);
  if (rungs.length === 0) throw new MediaError('ffmpeg_failed', 'The ladder has no rungs');
  const frameRate = outputFrameRate(source.frameRateFraction);

  return withStagingDir(outDir, async (staging) => {
    const startedAt = Date.now();
    let lastOutTime = 0;
    await runFfmpeg(
      buildLadderArgs({
        input,
        staging,
        source,
        rungs,
        frameRate,
        preset: options.preset ?? 'veryfast',
        threads: options.threads,
      }),
      {
        ffmpegPath: tools.ffmpegPath,
        signal,
        onProgress: (progress) => {
          lastOutTime = Math.max(lastOutTime, progress.outTimeSeconds);
          report(transcodingProgress(progress, source.durationSeconds, startedAt));
        },
      },
    );
    if (lastOutTime < source.durationSeconds - TRUNCATION_TOLERANCE_SECONDS) {
      throw new MediaError(
        'truncated',
        `The source ended at ${lastOutTime.toFixed(1)} s of the ${source.durationSeconds.toFixed(1)} s it declares`,
      );
    }

    report({ step: 'measuring', percent: 98, etaSeconds: 0 });
    const variants = await Promise.all(
      rungs.map((rung) => measureVariant(staging, rung, fractionToNumber(frameRate))),
    );
    await writeFile(path.join(staging, MASTER_PLAYLIST), renderMasterPlaylist(variants));
    report({ step: 'done', percent: 100, etaSeconds: 0 });

    const finalDir = path.resolve(outDir);
    return {
      outDir: finalDir,
      masterPlaylist: path.join(finalDir, MASTER_PLAYLIST),
      durationSeconds: source.durationSeconds,
      silentAudioAdded: !source.hasAudio,
      variants,
    };
  });
}

interface LadderArgsInput {
  input: string;
  staging: string;
  source: MediaInfo;
  rungs: readonly PlannedRung[];
  frameRate: string;
  preset: string;
  threads: number | undefined;
}

/** The ffmpeg arguments for one decode feeding every rung; exported for the benchmark. */
export function buildLadderArgs({
  input,
  staging,
  source,
  rungs,
  frameRate,
  preset,
  threads,
}: LadderArgsInput): string[] {
  const gopFrames = Math.max(1, Math.round(fractionToNumber(frameRate) * SEGMENT_SECONDS));
  const splitLabels = rungs.map((_, i) => `[split${i}]`).join('');
  const filterGraph = [
    `[0:v:0]${[...deinterlaceFilters(source), `fps=${frameRate}`, `split=${rungs.length}`].join(',')}${splitLabels}`,
    ...rungs.map(
      (rung, i) =>
        `[split${i}]scale=${rung.width}:${rung.height}:flags=bicubic,setsar=1,format=yuv420p[video${i}]`,
    ),
  ].join(';');

  // PLATFORM.md: with several HLS variants in one command, each variant needs its own audio map.
  const audioInput = source.hasAudio ? '0:a:0' : '1:a:0';
  const silentInput = source.hasAudio
    ? []
    : ['-f', 'lavfi', '-t', source.durationSeconds.toFixed(3), '-i', 'anullsrc=r=48000:cl=stereo'];

  const perRung = rungs.flatMap((rung, i) => [
    [`-b:v:${i}`, `${rung.videoBitrateKbps}k`],
    [`-maxrate:v:${i}`, `${Math.round(rung.videoBitrateKbps * MAXRATE_FACTOR)}k`],
    [`-bufsize:v:${i}`, `${Math.round(rung.videoBitrateKbps * BUFSIZE_FACTOR)}k`],
  ]);

  return [
    ['-loglevel', 'warning'],
    ['-y'],
    ['-i', input],
    silentInput,
    ['-filter_complex', filterGraph],
    ...rungs.map((_, i) => ['-map', `[video${i}]`, '-map', audioInput]),
    ['-c:v', 'libx264'],
    ['-preset', preset],
    ['-profile:v', 'high'],
    threads ? ['-threads', String(threads)] : [],
    // Keyframes exactly on segment boundaries and nowhere else, identically on every rung, so a
    // player can switch rungs at any segment.
    ['-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SECONDS})`],
    ['-g', String(gopFrames)],
    ['-keyint_min', String(gopFrames)],
    ['-sc_threshold', '0'],
    ...perRung,
    ['-c:a', 'aac'],
    ['-b:a', `${AUDIO_BITRATE_KBPS}k`],
    ['-ac', '2'],
    ['-ar', '48000'],
    ['-max_muxing_queue_size', '4096'],
    ['-f', 'hls'],
    ['-hls_time', String(SEGMENT_SECONDS)],
    ['-hls_playlist_type', 'vod'],
    ['-hls_segment_type', 'fmp4'],
    ['-hls_flags', 'independent_segments'],
    ['-hls_segment_filename', path.join(staging, '%v', 'seg_%05d.m4s')],
    ['-var_stream_map', rungs.map((rung, i) => `v:${i},a:${i},name:${rung.name}`).join(' ')],
    [path.join(staging, '%v', MEDIA_PLAYLIST)],
  ].flat();
}

/** Less free space than one more segment of a high rung would take. */
async function nearlyFull(dir: string): Promise<boolean> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize < 4 * 1024 ** 2;
}

/** Bandwidths measured from the segment files themselves, codecs and size from the init segment. */
async function measureVariant(
  staging: string,
  rung: PlannedRung,
  frameRate: number,
): Promise<LadderVariant> {
  const rungDir = path.join(staging, rung.name);
  const playlist = parseMediaPlaylist(
    await readFile(path.join(rungDir, MEDIA_PLAYLIST), 'utf8').catch(() => ''),
  );
  if (!playlist.initUri || playlist.segments.length === 0) {
    // ffmpeg's HLS muxer exits 0 when its writes fail: a full disk shows only as a short playlist.
    if (await nearlyFull(staging))
      throw new MediaError('disk_full', `The disk filled while writing ${rung.name}`);
    throw new MediaError('ffmpeg_failed', `ffmpeg wrote an empty playlist for ${rung.name}`);
  }
  const init = describeInitSegment(await readFile(path.join(rungDir, playlist.initUri)));
  if (!init.videoCodec || !init.width || !init.height) {
    throw new MediaError('ffmpeg_failed', `The ${rung.name} init segment has no H.264 video`);
  }

  let peak = 0;
  let totalBits = 0;
  let totalSeconds = 0;
  for (const segment of playlist.segments) {
    const { size } = await stat(path.join(rungDir, segment.uri));
    const bits = size * 8;
    totalBits += bits;
    totalSeconds += segment.durationSeconds;
    if (segment.durationSeconds > 0) peak = Math.max(peak, bits / segment.durationSeconds);
  }
  return {
    name: rung.name,
    uri: `${rung.name}/${MEDIA_PLAYLIST}`,
    bandwidth: Math.ceil(peak),
    averageBandwidth: Math.ceil(totalBits / totalSeconds),
    width: init.width,
    height: init.height,
    codecs: codecsAttribute(init),
    frameRate,
    segmentCount: playlist.segments.length,
    targetDurationSeconds: playlist.targetDurationSeconds,
  };
}

function transcodingProgress(
  progress: FfmpegProgress,
  durationSeconds: number,
  startedAt: number,
): TranscodeProgress {
  const fraction = Math.min(1, progress.outTimeSeconds / durationSeconds);
  const elapsedSeconds = (Date.now() - startedAt) / 1000;
  const speed =
    progress.speed ?? (elapsedSeconds > 0 ? progress.outTimeSeconds / elapsedSeconds : 0);
  // Before the first second of output the speed is mostly start-up cost: no estimate beats a wild one.
  const etaSeconds =
    speed > 0 && progress.outTimeSeconds >= 1
      ? Math.max(0, (durationSeconds - progress.outTimeSeconds) / speed)
      : null;
  return {
    step: 'transcoding',
    percent: 1 + fraction * 96,
    etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds),
  };
}

/** Keeps `percent` monotonic, whatever order ffmpeg's reports and our steps arrive in. */
function createReporter(
  onProgress: TranscodeOptions['onProgress'],
): (progress: TranscodeProgress) => void {
  let highest = 0;
  return (progress) => {
    highest = Math.max(highest, Math.min(100, progress.percent));
    onProgress?.({ ...progress, percent: Math.round(highest * 10) / 10 });
  };
}

/** One frame per frame (not per field) keeps the source's frame rate. */
export function deinterlaceFilters(source: Pick<MediaInfo, 'interlaced'>): string[] {
  return source.interlaced ? ['bwdif=mode=send_frame'] : [];
}

/** The source's rate, halved while above 60 fps: TVs and the H.264 levels we target stop at 60. */
function outputFrameRate(fraction: string): string {
  const [numerator = 25, initialDenominator = 1] = fraction.split('/').map(Number);
  let denominator = initialDenominator;
  while (numerator / denominator > MAX_FRAME_RATE) denominator *= 2;
  return `${numerator}/${denominator}`;
}

function evenWidth(height: number, aspectRatio: number): number {
  return Math.max(2, Math.round((height * aspectRatio) / 2) * 2);
}
