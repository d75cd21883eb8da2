import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import { isMediaError, MediaError, runFfprobe, type RunFfprobeOptions } from './ffmpeg.js';

export interface MediaInfo {
  durationSeconds: number;
  /** Display size: rotation applied and non-square pixels made square. */
  width: number;
  height: number;
  /** Frames per second, e.g. 29.97. */
  frameRate: number;
  /** The exact rate as ffmpeg writes it (`30000/1001`), for filters that need a rational. */
  frameRateFraction: string;
  videoCodec: string;
  /** Fields rather than frames (broadcast and DVD masters): deinterlace before scaling. */
  interlaced: boolean;
  hasAudio: boolean;
  audioCodec: string | null;
  formatName: string;
  sizeBytes: number;
}

export type ProbeOptions = Pick<RunFfprobeOptions, 'ffprobePath' | 'signal' | 'timeoutMs'>;

// Only the fields we read; ffprobe writes numbers as strings in `format` and some stream fields.
const numeric = z.union([z.number(), z.string()]).optional();
const StreamSchema = z.object({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  sample_aspect_ratio: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  duration: numeric,
  nb_frames: numeric,
  field_order: z.string().optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ rotation: z.number().optional() }).loose()).optional(),
});
const ProbeOutputSchema = z.object({
  streams: z.array(StreamSchema).default([]),
  format: z.object({ format_name: z.string(), duration: numeric, size: numeric }).optional(),
});
type ProbedStream = z.infer<typeof StreamSchema>;

// Demuxers for still images: a JPEG has a "video stream" of one frame but is not a film.
const IMAGE_FORMATS = /(^|,)(image2|\w+_pipe|gif|webp|apng|tiff|tty)(,|$)/;

// Truncation shows as the last video packet ending well before the declared duration.
const TRUNCATION_TOLERANCE_SECONDS = 3;
const TAIL_WINDOW_SECONDS = 10;

/**
 * Reads what the pipeline needs from a source file and rejects what it cannot use:
 * `not_a_video` (not media, or a still image), `no_video_stream` (audio only), `truncated`.
 */
export async function probeMedia(file: string, options: ProbeOptions = {}): Promise<MediaInfo> {
  const { size } = await stat(file);
  if (size === 0) throw new MediaError('not_a_video', 'The file is empty');

  const { stdout } = await runFfprobe(
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    options,
  ).catch(async (error: unknown) => {
    // ffmpeg picks the MP4 demuxer from a `.mp4` name alone, so a renamed text file reports a
    // missing moov atom. Only a file that starts like an MP4 is a truncated one.
    if (isMediaError(error, 'truncated') && !(await startsLikeIsoMedia(file))) {
      throw new MediaError('not_a_video', 'The file is not a video (it has no media container)', {
        stderrTail: error.stderrTail,
      });
    }
    throw error;
  });
  const parsed = ProbeOutputSchema.safeParse(JSON.parse(stdout));
  if (!parsed.success || !parsed.data.format) {
    throw new MediaError('not_a_video', 'ffprobe could not read a media container in the file');
  }
  const { streams, format } = parsed.data;
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const durationSeconds = toNumber(format.duration) ?? toNumber(video?.duration);

  if (!video) {
    if (audio) throw new MediaError('no_video_stream', 'The file has audio but no video');
    throw new MediaError('not_a_video', 'The file has no video stream');
  }
  if (IMAGE_FORMATS.test(format.format_name) || !durationSeconds || durationSeconds <= 0) {
    throw new MediaError(
      'not_a_video',
      `The file is a still image or has no duration (${format.format_name})`,
    );
  }
  if (!video.width || !video.height || !video.codec_name) {
    throw new MediaError(
      'truncated',
      'The video stream has no picture size; the file is likely corrupt',
    );
  }

  const frameRateFraction = pickFrameRate(video);
  const { width, height } = displaySize(video);
  await assertNotTruncated(file, video, durationSeconds, options);
  return {
    durationSeconds,
    width,
    height,
    frameRate: fractionToNumber(frameRateFraction),
    frameRateFraction,
    videoCodec: video.codec_name,
    interlaced: ['tt', 'bb', 'tb', 'bt'].includes(video.field_order ?? ''),
    hasAudio: audio !== undefined,
    audioCodec: audio?.codec_name ?? null,
    formatName: format.format_name,
    sizeBytes: size,
  };
}

/**
 * A file cut short (an interrupted upload) often still has a complete header that declares the
 * full duration, e.g. an MP4 with `faststart`. Reading only the last seconds of packets finds
 * that cheaply, long before a transcode would.
 */
async function assertNotTruncated(
  file: string,
  video: ProbedStream,
  formatDuration: number,
  options: ProbeOptions,
): Promise<void> {
  const expectedEnd = toNumber(video.duration) ?? parseTagDuration(video.tags) ?? formatDuration;
  const from = Math.max(0, expectedEnd - TAIL_WINDOW_SECONDS);
  const { stdout, stderrTail } = await runFfprobe(
    [
      ['-v', 'error'],
      ['-select_streams', `${video.index}`],
      ['-read_intervals', `${from.toFixed(3)}%`],
      ['-show_entries', 'packet=pts_time,dts_time'],
      ['-of', 'csv=p=0'],
      [file],
    ].flat(),
    options,
  );
  const lastTime = latestPacketTime(stdout);
  if (/partial file/i.test(stderrTail) || lastTime < expectedEnd - TRUNCATION_TOLERANCE_SECONDS) {
    const reached = Number.isFinite(lastTime) ? `${lastTime.toFixed(1)} s` : 'nothing';
    throw new MediaError(
      'truncated',
      `The file is truncated: it declares ${expectedEnd.toFixed(1)} s of video but its data ends at ${reached}`,
      { stderrTail },
    );
  }
}

/**
 * The latest time in ffprobe's `pts_time,dts_time` lines, or -Infinity when there is none. A loop,
 * not `Math.max(...times)`: a long tail has hundreds of thousands of packets, past the number of
 * arguments a call can take.
 */
function latestPacketTime(csv: string): number {
  let latest = -Infinity;
  for (const line of csv.split('\n')) {
    for (const field of line.split(',')) {
      const time = Number.parseFloat(field);
      if (Number.isFinite(time) && time > latest) latest = time;
    }
  }
  return latest;
}

// Top-level box types an ISO BMFF file (MP4, MOV, 3GP) can start with.
const ISO_FIRST_BOXES = new Set([
  'ftyp',
  'moov',
  'mdat',
  'free',
  'skip',
  'wide',
  'pnot',
  'uuid',
  'styp',
]);

async function startsLikeIsoMedia(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    return bytesRead === 8 && ISO_FIRST_BOXES.has(header.toString('latin1', 4, 8));
  } finally {
    await handle.close();
  }
}

function pickFrameRate(video: ProbedStream): string {
  // avg_frame_rate is the real rate of a constant-rate file; r_frame_rate is the fallback when a
  // container does not know the average (0/0).
  for (const candidate of [video.avg_frame_rate, video.r_frame_rate]) {
    if (candidate && fractionToNumber(candidate) > 0 && fractionToNumber(candidate) <= 240)
      return candidate;
  }
  return '25/1';
}

function displaySize(video: ProbedStream): { width: number; height: number } {
  let width = video.width ?? 0;
  const height = video.height ?? 0;
  const sar = video.sample_aspect_ratio
    ? fractionToNumber(video.sample_aspect_ratio.replace(':', '/'))
    : 1;
  if (sar > 0 && Math.abs(sar - 1) > 0.01) width = Math.round((width * sar) / 2) * 2;
  const rotation =
    video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ??
    Number(video.tags?.rotate ?? 0);
  return Math.abs(rotation) % 180 === 90 ? { width: height, height: width } : { width, height };
}

function parseTagDuration(tags: Record<string, string> | undefined): number | undefined {
  // Matroska writes per-stream durations as a tag: `00:00:14.021000000`.
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(tags?.DURATION ?? '');
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function toNumber(value: number | string | undefined): number | undefined {
  const n = typeof value === 'number' ? value : Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : undefined;
}

export function fractionToNumber(fraction: string): number {
  const [numerator, denominator = '1'] = fraction.split('/');
  const value = Number(numerator) / Number(denominator);
  return Number.isFinite(value) ? value : 0;
}
