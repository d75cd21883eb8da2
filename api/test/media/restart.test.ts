import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PlaybackSchema, type MediaJob } from '@lanxang/contracts';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { initDatabase } from '../../src/db.js';
import { createTestDatabase } from '@lanxang/api/testing';
import { ffmpeg, makeTempDir } from './helpers.js';
import { createMovie, finished, uploadVideo, useAdmin, waitForJob } from './pipeline-helpers.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let work: Awaited<ReturnType<typeof makeTempDir>>;
let clip: Uint8Array;
const servers: RunningServer[] = [];
/**
 * Long enough that, even on an idle machine, the transcode is still running when the test looks
 * (progress is stored every few seconds): a short clip can finish between two looks.
 */
const CLIP_SECONDS = 120;

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresAdminUrl'));
  const db = await initDatabase(database.url, { poolMax: 1 });
  await useAdmin({ db });
  await db.close();
  work = await makeTempDir('restart');
  const file = path.join(work.dir, 'film.mp4');
  await ffmpeg([
    ...`-f lavfi -i testsrc2=s=640x360:r=25:d=${CLIP_SECONDS} -f lavfi -i sine=frequency=330:duration=${CLIP_SECONDS}`.split(
      ' ',
    ),
    ...'-c:v libx264 -preset ultrafast -b:v 300k -c:a aac -b:a 48k -shortest'.split(' '),
    file,
  ]);
  clip = await readFile(file);
}, 120_000);
afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.drop();
  await work?.remove();
});

it('a transcode interrupted by an API restart completes in the next process', async () => {
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'lanxang-restart-media-'));
  const start = async () => {
    const server = await startServer(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        API_PORT: '0',
        HOST: '127.0.0.1',
        MEDIA_DIR: mediaDir,
        LOG_LEVEL: 'silent',
        MEDIA_JOB_POLL_SECONDS: '0.5',
        MEDIA_JOB_RETRY_DELAY_SECONDS: '0',
      }),
    );
    servers.push(server);
    return {
      server,
      request: (route: string, init?: RequestInit) => fetch(`${server.url}${route}`, init),
    };
  };

  const first = await start();
  const movieId = await createMovie(first.request, 'Restarted Film');
  const uploaded = await uploadVideo(first.request, movieId, { bytes: clip, name: 'film.mp4' });
  expect(uploaded.status).toBe(202);
  const { id } = (await uploaded.json()) as MediaJob;
  const midway = await waitForJob(
    first.request,
    id,
    (job) => (job.step === 'transcoding' && job.percent > 5) || finished(job),
  );
  expect(midway.state).toBe('running');

  // Graceful shutdown mid-transcode: ffmpeg is stopped and the job handed back to the queue.
  await first.server.close();

  const second = await start();
  const seenStates: string[] = [];
  const done = await waitForJob(second.request, id, finished, (job) => seenStates.push(job.state));
  expect(done, JSON.stringify(done.error)).toMatchObject({
    state: 'completed',
    percent: 100,
    attempts: 2,
    error: null,
  });
  // The interruption did not count against the job's retries: it was queued again, not failed.
  expect(seenStates).not.toContain('failed');
  expect(seenStates).not.toContain('retrying');

  const playback = PlaybackSchema.parse(
    await (await second.request(`/api/movies/${movieId}/playback`)).json(),
  );
  expect(playback.durationSeconds).toBeCloseTo(CLIP_SECONDS, 0);
  // PUBLIC_API_URL is not this test server's random port: fetch the path from it.
  const master = await (await second.request(new URL(playback.masterUrl).pathname)).text();
  expect(master).toContain('RESOLUTION=640x360');
});
