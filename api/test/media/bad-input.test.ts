import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MediaError,
  extractPoster,
  generateTrickplay,
  probeMedia,
  runFfmpeg,
  transcodeLadder,
  type MediaErrorCode,
} from '../../src/modules/media/index.js';
import { FFMPEG_TEST_TIMEOUT_MS, ffmpeg, listTree, makeTempDir } from './helpers.js';

async function expectMediaError(
  promise: Promise<unknown>,
  code: MediaErrorCode,
): Promise<MediaError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MediaError);
  expect((error as MediaError).code, (error as MediaError).message).toBe(code);
  return error as MediaError;
}

describe('bad input and cancellation', { timeout: FFMPEG_TEST_TIMEOUT_MS }, () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let inputs: string;
  let outputs: string;
  let clip: string;

  beforeAll(async () => {
    work = await makeTempDir('bad-input');
    inputs = path.join(work.dir, 'inputs');
    outputs = path.join(work.dir, 'outputs');
    clip = path.join(inputs, 'clip.mp4');
    await mkdir(inputs);
    await mkdir(outputs);
    // 10 s of 720p with audio; moov at the end (ffmpeg's default), as most uploads are.
    const sources =
      '-f lavfi -i testsrc2=s=1280x720:r=30:d=10 -f lavfi -i sine=frequency=440:duration=10';
    await ffmpeg([
      ...sources.split(' '),
      ...'-c:v libx264 -preset ultrafast -c:a aac'.split(' '),
      clip,
    ]);
  }, 120_000);
  afterAll(() => work?.remove());

  /** Runs a transcode that must fail, then proves nothing was left in the output area. */
  async function expectCleanFailure(
    input: string,
    code: MediaErrorCode,
    signal?: AbortSignal,
  ): Promise<MediaError> {
    const outDir = path.join(outputs, `${code}-${Date.now()}`);
    const error = await expectMediaError(transcodeLadder({ input, outDir, signal }), code);
    expect(await listTree(outputs)).toEqual([]);
    return error;
  }

  it('probes a good clip', async () => {
    const info = await probeMedia(clip);
    expect(info).toMatchObject({
      width: 1280,
      height: 720,
      frameRate: 30,
      frameRateFraction: '30/1',
      videoCodec: 'h264',
      hasAudio: true,
      audioCodec: 'aac',
    });
    expect(info.durationSeconds).toBeCloseTo(10, 0);
  });

  it('rejects a text file as not_a_video', async () => {
    const text = path.join(inputs, 'notes.mp4');
    await writeFile(text, 'This is a screenplay, not a film.\n'.repeat(200));
    await expectCleanFailure(text, 'not_a_video');
  });

  it('rejects an empty file as not_a_video', async () => {
    const empty = path.join(inputs, 'empty.mov');
    await writeFile(empty, '');
    await expectCleanFailure(empty, 'not_a_video');
  });

  it('rejects a still image as not_a_video', async () => {
    const image = path.join(inputs, 'still.jpg');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x180', '-frames:v', '1', image]);
    await expectCleanFailure(image, 'not_a_video');
  });

  it('rejects audio only as no_video_stream', async () => {
    const audio = path.join(inputs, 'audio.m4a');
    await ffmpeg(['-i', clip, '-vn', '-c:a', 'copy', audio]);
    const error = await expectCleanFailure(audio, 'no_video_stream');
    expect(error.message).toMatch(/audio but no video/);
  });

  it('rejects an upload cut short (moov atom at the end, never written) as truncated', async () => {
    const truncated = path.join(inputs, 'cut.mp4');
    const bytes = await readFile(clip);
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await expectCleanFailure(truncated, 'truncated');
    expect(error.stderrTail).toMatch(/moov atom not found/);
  });

  it('rejects a cut-short faststart MP4, whose header still declares the full length, as truncated', async () => {
    const faststart = path.join(inputs, 'faststart.mp4');
    await ffmpeg(['-i', clip, '-c', 'copy', '-movflags', '+faststart', faststart]);
    const bytes = await readFile(faststart);
    const truncated = path.join(inputs, 'faststart-cut.mp4');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const error = await expectCleanFailure(truncated, 'truncated');
    expect(error.message).toMatch(/declares 10\.0 s/);
  });

  it('cancels mid-transcode through the AbortSignal and leaves nothing behind', async () => {
    const controller = new AbortController();
    const outDir = path.join(outputs, 'cancelled');
    let abortedAt: number | null = null;
    let partialFilesSeen: string[] = [];
    const error = await expectMediaError(
      transcodeLadder({
        input: clip,
        outDir,
        signal: controller.signal,
        onProgress: (progress) => {
          // Cancel only once real segments exist, so the cleanup has something to remove.
          const segments = readdirSync(outputs, { recursive: true })
            .map(String)
            .filter((f) => f.endsWith('.m4s'));
          if (abortedAt === null && segments.length > 0) {
            abortedAt = progress.percent;
            partialFilesSeen = segments;
            controller.abort();
          }
        },
      }),
      'cancelled',
    );
    expect(partialFilesSeen.length).toBeGreaterThan(0);
    expect(abortedAt).toBeLessThan(100);
    expect(error.retryable).toBe(false);
    expect(await listTree(outputs)).toEqual([]);
  });

  it('stops ffmpeg and rejects with the error when a progress callback throws', async () => {
    const failure = new Error('progress store unavailable');
    const outcome = await transcodeLadder({
      input: clip,
      outDir: path.join(outputs, 'callback-failed'),
      onProgress: (progress) => {
        if (progress.step === 'transcoding') throw failure;
      },
    }).catch((error: unknown) => error);
    expect(outcome).toBe(failure);
    expect(await listTree(outputs)).toEqual([]);
  });

  it('refuses to start when the signal is already aborted', async () => {
    await expectCleanFailure(clip, 'cancelled', AbortSignal.abort());
  });

  it('leaves no partial artwork when the input is bad', async () => {
    const text = path.join(inputs, 'notes-for-artwork.mp4');
    await writeFile(text, 'not a film');
    await expectMediaError(
      extractPoster({ input: text, outFile: path.join(outputs, 'poster.jpg') }),
      'not_a_video',
    );
    await expectMediaError(
      generateTrickplay({ input: text, outDir: path.join(outputs, 'trickplay') }),
      'not_a_video',
    );
    expect(await listTree(outputs)).toEqual([]);
  });

  it('reports a full disk as disk_full (writing to /dev/full)', async () => {
    const error = await expectMediaError(
      runFfmpeg(
        '-f lavfi -i testsrc2=s=320x180:d=2 -c:v mpeg2video -f mpegts -y /dev/full'.split(' '),
      ),
      'disk_full',
    );
    expect(error.retryable).toBe(true);
    expect(error.stderrTail).toMatch(/No space left on device/);
  });

  it('reports a missing ffmpeg binary as ffmpeg_missing', async () => {
    await expectMediaError(
      transcodeLadder({
        input: clip,
        outDir: path.join(outputs, 'missing'),
        tools: { ffprobePath: '/nonexistent/ffprobe' },
      }),
      'ffmpeg_missing',
    );
    expect(await listTree(outputs)).toEqual([]);
  });
});
