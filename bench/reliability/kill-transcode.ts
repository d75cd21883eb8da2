/**
 * Faults: `kill -9` of the API (running its own transcodes) in the middle of a real ffmpeg
 * transcode, then a fresh API process. The job must end by itself, completed or cleanly failed,
 * with the film's video rows matching the outcome and no partial ladder or work file left behind.
 *
 * Part of `npm run test:faults` (about three minutes: a dead worker's job is only presumed dead
 * after its heartbeat is a minute old). Only 127.0.0.1; bounded; stops by itself.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startApiProcess, type ApiProcess } from '@lanxang/api/testing/processes';
import { benchRun, log, withClient } from '../kit.js';
import { adminClient, FINISHED_STATES, makeClip, mediaFaultSetup } from './media-steps.js';

const CLIP_SECONDS = 90;
const FINISH_LIMIT_MS = 240_000;

/** Every file or directory under `dir` whose name says it was left half-made. */
async function leftovers(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.filter((entry) => /(^|\/)\.?(partial|previous)[-.]|\.partial/.test(entry));
}

const bench = benchRun(10 * 60_000);
await bench.run(async () => {
  const { databaseUrl, admin, dir, mediaDir, env } = await mediaFaultSetup(bench, 'kill');
  const clip = path.join(dir, 'clip.mp4');
  log(`making a ${CLIP_SECONDS} s clip`);
  await makeClip(clip, { seconds: CLIP_SECONDS, size: '640x360', kbps: 300 });

  let api: ApiProcess = await startApiProcess('server', env);
  bench.onCleanup(() => api.stop());
  const client = adminClient(() => api.url, admin);
  const { movieId, jobId } = await client.filmWithVideo('Killed Mid-Transcode', clip);

  let seen = await client.job(jobId);
  for (let i = 0; i < 600 && !(seen.step === 'transcoding' && seen.percent > 5); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    seen = await client.job(jobId);
  }
  log(`kill -9 of the API at ${seen.step} ${seen.percent}%`);
  await api.kill();
  const partialAtKill = await leftovers(mediaDir);

  api = await startApiProcess('server', env);
  const restartedAt = Date.now();
  seen = await client.settle(jobId, FINISH_LIMIT_MS);
  const settledMs = Date.now() - restartedAt;
  // Clean-up after a job's end is allowed a moment.
  await new Promise((resolve) => setTimeout(resolve, 2000));

  const sources = await withClient(
    databaseUrl,
    async (client) =>
      (
        await client.query<{ status: string; storage_key: string }>(
          `select status, storage_key from video_sources where movie_id = $1`,
          [movieId],
        )
      ).rows,
  );
  const left = await leftovers(mediaDir);
  const work = await readdir(path.join(mediaDir, '.work'), { recursive: true }).catch(() => []);
  const uploadsLeft = work.filter((entry) => entry.startsWith('uploads/') && entry !== 'uploads/');
  const rowsMatch =
    seen.state === 'completed'
      ? sources.length > 0 && sources.every((row) => row.status === 'ready')
      : sources.length === 0;

  console.log(`
## Faults: kill -9 of the API mid-transcode (${new Date().toISOString()})

- killed at: ${seen.state === 'completed' ? 'transcoding' : seen.step} (partial files at the kill: ${partialAtKill.length})
- after the restart the job ended \`${seen.state}\` after ${(settledMs / 1000).toFixed(0)} s, attempts ${seen.attempts}
- the film's video rows: ${sources.map((row) => row.status).join(', ') || 'none'} (${rowsMatch ? 'match the outcome' : 'DO NOT MATCH the outcome'})
- partial or previous ladders left under the media dir: ${left.length ? left.join(', ') : 'none'}
- uploads left in the work dir: ${uploadsLeft.length ? uploadsLeft.join(', ') : 'none'}
`);
  const problems = [
    !FINISHED_STATES.includes(seen.state) && `the job did not end within ${FINISH_LIMIT_MS} ms`,
    !rowsMatch && 'the video rows do not match the job outcome',
    left.length > 0 && 'partial files were left behind',
    uploadsLeft.length > 0 && 'the upload was left behind',
  ].filter(Boolean);
  if (problems.length) throw new Error(problems.join('; '));
});
