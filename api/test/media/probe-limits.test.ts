import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError, probeMedia } from '../../src/modules/media/index.js';
import { makeTempDir } from './helpers.js';

let work: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  work = await makeTempDir('probe-limits');
});
afterAll(() => work?.remove());

/** An executable stand-in for ffprobe: `script` is a POSIX shell body seeing ffprobe's arguments. */
async function fakeFfprobe(name: string, script: string): Promise<string> {
  const file = path.join(work.dir, name);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

const PROBED = JSON.stringify({
  streams: [
    {
      index: 0,
      codec_type: 'video',
      codec_name: 'h264',
      width: 640,
      height: 360,
      avg_frame_rate: '25/1',
      duration: '200.0',
    },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '200.0', size: '1' },
});

describe('probing a long source', () => {
  it('finds the last of 200,000 packet times without running out of stack', async () => {
    const ffprobePath = await fakeFfprobe(
      'many-packets',
      [
        'case "$*" in',
        `  *show_entries*) awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "%.3f,%.3f\\n", i / 1000, i / 1000 }' ;;`,
        `  *) echo '${PROBED}' ;;`,
        'esac',
      ].join('\n'),
    );
    const source = path.join(work.dir, 'source.mp4');
    await writeFile(source, 'not read by the stand-in');
    const info = await probeMedia(source, { ffprobePath });
    expect(info.durationSeconds).toBe(200);
  });
});

describe('a probe that never ends', () => {
  it('is stopped after its timeout with a timed_out error', async () => {
    const ffprobePath = await fakeFfprobe('stuck', 'exec sleep 30');
    const source = path.join(work.dir, 'stuck.mp4');
    await writeFile(source, 'never read');
    const started = Date.now();
    const error = await probeMedia(source, { ffprobePath, timeoutMs: 500 }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe('timed_out');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);
});
