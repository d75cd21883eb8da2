import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';

/**
 * Stable codes for every way a media job can fail. The admin and the job queue switch on these
 * (never on messages), so a code is never renamed once shipped.
 */
export const MEDIA_ERROR_CODES = [
  'not_a_video',
  'no_video_stream',
  'truncated',
  'ffmpeg_failed',
  'ffmpeg_missing',
  'cancelled',
  'disk_full',
  'timed_out',
] as const;
export type MediaErrorCode = (typeof MEDIA_ERROR_CODES)[number];

export interface MediaErrorDetails {
  cause?: unknown;
  /** The last lines ffmpeg wrote to stderr: what an admin needs to see on a failed job. */
  stderrTail?: string;
  exitCode?: number | null;
}

export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly code: MediaErrorCode;
  readonly stderrTail: string;
  readonly exitCode: number | null;

  constructor(code: MediaErrorCode, message: string, details: MediaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.stderrTail = details.stderrTail ?? '';
    this.exitCode = details.exitCode ?? null;
  }

  /** Retrying cannot fix bad input or a cancel; a full disk or a crash may go away. */
  get retryable(): boolean {
    return this.code === 'ffmpeg_failed' || this.code === 'disk_full';
  }
}

export function isMediaError(error: unknown, code?: MediaErrorCode): error is MediaError {
  return error instanceof MediaError && (code === undefined || error.code === code);
}

/** Where the binaries are; defaults are `ffmpeg` and `ffprobe` on PATH. */
export interface MediaTools {
  ffmpegPath?: string;
  ffprobePath?: string;
}

/** One `-progress` report from ffmpeg. */
export interface FfmpegProgress {
  /** Media time written so far (the slowest output), in seconds. */
  outTimeSeconds: number;
  /** Encoding speed as a multiple of real time, when ffmpeg knows it. */
  speed: number | null;
  /** True on ffmpeg's final report. */
  done: boolean;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Stops the run and rejects with `timed_out` after this long; no limit when unset. */
  timeoutMs?: number | undefined;
  /** Removed (recursively) when the run fails or is cancelled, so no partial output survives. */
  cleanupPaths?: readonly string[] | undefined;
}

export interface RunFfmpegOptions extends RunOptions {
  ffmpegPath?: string | undefined;
  onProgress?: ((progress: FfmpegProgress) => void) | undefined;
}

export interface RunFfprobeOptions extends RunOptions {
  ffprobePath?: string | undefined;
}

export interface RunResult {
  stdout: string;
  stderrTail: string;
}

const STDERR_TAIL_CHARS = 4000;
// ffmpeg 5.1 exits 0 when writing the trailer or closing the output fails (seen with a full
// disk), so a "successful" run is checked for these too.
const WRITE_FAILURE = /No space left on device|Error writing trailer|Error closing file/;
// ffmpeg finishes the file it is writing on SIGTERM; a stuck filter graph may ignore it.
const KILL_GRACE_MS = 3000;
// Reading a header and the last seconds of packets takes seconds even for a 20 GiB file; a probe
// still running after this is stuck on its input.
const PROBE_TIMEOUT_MS = 120_000;
// Every input is a local file (or a lavfi graph, which opens none): a playlist or manifest inside
// an upload must not make ffmpeg fetch URLs, whatever this build's defaults are.
const LOCAL_FILES_ONLY = ['-protocol_whitelist', 'file'];

/** `args` with every input (`-i`) allowed local files only. */
function localInputsOnly(args: readonly string[]): string[] {
  return args.flatMap((arg) => (arg === '-i' ? [...LOCAL_FILES_ONLY, arg] : [arg]));
}

/**
 * Runs ffmpeg with `args` (input and output options; `-hide_banner -nostdin` are added). With
 * `onProgress`, `-progress pipe:1` is added and each report is passed on. Rejects with a
 * `MediaError` whose code says why, after removing `cleanupPaths`.
 */
export async function runFfmpeg(
  args: readonly string[],
  options: RunFfmpegOptions = {},
): Promise<RunResult> {
  const { onProgress } = options;
  const progressArgs = onProgress ? ['-progress', 'pipe:1', '-nostats'] : [];
  const parser = onProgress ? createProgressParser(onProgress) : undefined;
  return runTool(
    options.ffmpegPath ?? 'ffmpeg',
    ['-hide_banner', '-nostdin', ...progressArgs, ...localInputsOnly(args)],
    {
      ...options,
      collectStdout: !parser,
      onStdout: parser,
    },
  );
}

/**
 * Runs ffprobe on a local file and returns its stdout; failures are classified like ffmpeg's. It
 * times out after two minutes unless told otherwise.
 */
export async function runFfprobe(
  args: readonly string[],
  options: RunFfprobeOptions = {},
): Promise<RunResult> {
  return runTool(options.ffprobePath ?? 'ffprobe', ['-hide_banner', ...LOCAL_FILES_ONLY, ...args], {
    timeoutMs: PROBE_TIMEOUT_MS,
    ...options,
    collectStdout: true,
  });
}

interface RunToolOptions extends RunOptions {
  collectStdout: boolean;
  onStdout?: ((chunk: string) => void) | undefined;
}

async function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions,
): Promise<RunResult> {
  const { signal } = options;
  const cleanup = async () => {
    await Promise.all(
      (options.cleanupPaths ?? []).map((p) => rm(p, { recursive: true, force: true })),
    );
  };
  if (signal?.aborted) {
    await cleanup();
    throw new MediaError('cancelled', `${command} was cancelled before it started`);
  }

  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderrTail = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  // A throwing progress callback (say, a failed database write) must not crash the process from
  // inside a stream event: stop ffmpeg and reject with that error instead.
  let callbackError: { error: unknown } | undefined;
  child.stdout.on('data', (chunk: string) => {
    if (options.collectStdout) stdout += chunk;
    try {
      options.onStdout?.(chunk);
    } catch (error) {
      callbackError ??= { error };
      child.kill('SIGKILL');
    }
  });
  let writeFailed = false;
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    writeFailed ||= WRITE_FAILURE.test(stderrTail);
  });

  let cancelled = false;
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timeout =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs);

  const outcome = await new Promise<{
    exitCode: number | null;
    spawnError?: NodeJS.ErrnoException;
  }>((resolve) => {
    child.once('error', (spawnError: NodeJS.ErrnoException) =>
      resolve({ exitCode: null, spawnError }),
    );
    child.once('close', (exitCode) => resolve({ exitCode }));
  });
  signal?.removeEventListener('abort', onAbort);
  clearTimeout(killTimer);
  clearTimeout(timeout);

  const succeeded =
    !cancelled &&
    !timedOut &&
    !callbackError &&
    outcome.exitCode === 0 &&
    !outcome.spawnError &&
    !writeFailed;
  if (succeeded) return { stdout, stderrTail: stderrTail.trim() };

  await cleanup();
  if (callbackError) throw callbackError.error;
  const tail = stderrTail.trim();
  if (cancelled)
    throw new MediaError('cancelled', `${command} was cancelled`, { stderrTail: tail });
  if (timedOut) {
    const seconds = (options.timeoutMs ?? 0) / 1000;
    throw new MediaError('timed_out', `${command} was stopped after ${seconds} s`, {
      stderrTail: tail,
    });
  }
  if (outcome.spawnError) {
    const missing = outcome.spawnError.code === 'ENOENT';
    throw new MediaError(
      missing ? 'ffmpeg_missing' : 'ffmpeg_failed',
      missing
        ? `${command} is not installed or not on PATH`
        : `${command} could not start: ${outcome.spawnError.message}`,
      { cause: outcome.spawnError },
    );
  }
  throw failureFromStderr(command, tail, outcome.exitCode);
}

/** Maps ffmpeg's stderr to the most precise code; the message keeps ffmpeg's own last line. */
export function failureFromStderr(
  command: string,
  stderrTail: string,
  exitCode: number | null,
): MediaError {
  const lines = stderrTail.split('\n').filter(Boolean);
  const details = { stderrTail, exitCode };
  // Quote the line that explains the failure, not just the last one ("Conversion failed!").
  const explain = (pattern: RegExp) =>
    lines.find((line) => pattern.test(line)) ?? lines.at(-1) ?? `exit code ${exitCode}`;
  for (const [pattern, code, summary] of FAILURE_PATTERNS) {
    if (pattern.test(stderrTail))
      return new MediaError(code, `${summary}: ${explain(pattern)}`, details);
  }
  return new MediaError(
    'ffmpeg_failed',
    `${command} failed (exit code ${exitCode}): ${lines.at(-1) ?? ''}`,
    details,
  );
}

// Checked in order: a truncated MP4 also reports "Invalid data found", which alone means not media.
const FAILURE_PATTERNS: ReadonlyArray<readonly [RegExp, MediaErrorCode, string]> = [
  [/No space left on device|ENOSPC/i, 'disk_full', 'The disk is full'],
  [
    /moov atom not found|partial file|unexpected end of file|End of file while parsing/i,
    'truncated',
    'The file is truncated or corrupt',
  ],
  [/Invalid data found when processing input/i, 'not_a_video', 'Not a video file ffmpeg can read'],
];

/**
 * `-progress` writes `key=value` lines in blocks that end with `progress=continue|end`. Chunks
 * from the pipe can split a line anywhere, so this buffers until a newline.
 */
export function createProgressParser(
  onProgress: (progress: FfmpegProgress) => void,
): (chunk: string) => void {
  let pending = '';
  let block = new Map<string, string>();
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const separator = line.indexOf('=');
      if (separator < 0) continue;
      const key = line.slice(0, separator).trim();
      const value = line.slice(separator + 1).trim();
      block.set(key, value);
      if (key !== 'progress') continue;
      onProgress({
        outTimeSeconds: parseOutTime(block),
        speed: parseSpeed(block.get('speed')),
        done: value === 'end',
      });
      block = new Map();
    }
  };
}

function parseOutTime(block: Map<string, string>): number {
  // out_time_us is the precise one; ffmpeg 5.1 also writes a (misnamed) out_time_ms in µs.
  for (const key of ['out_time_us', 'out_time_ms']) {
    const micros = Number(block.get(key));
    if (Number.isFinite(micros) && micros >= 0) return micros / 1e6;
  }
  return 0;
}

function parseSpeed(value: string | undefined): number | null {
  const speed = Number.parseFloat(value ?? '');
  return Number.isFinite(speed) && speed > 0 ? speed : null;
}
