import { access, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices, type Services } from '../../src/services.js';
import { createTestApp, withClient, type TestApp } from '@lanxang/api/testing';
import { ffmpeg, makeTempDir } from './helpers.js';
import { createMovie, uploadVideo, useAdmin } from './pipeline-helpers.js';

// Defect 8 of issue 14: what a dead worker, a failed enqueue or a killed process leaves on disk.
let app: TestApp;
let work: Awaited<ReturnType<typeof makeTempDir>>;
let clip: Uint8Array;
const workers: Services[] = [];

beforeAll(async () => {
  // No worker in the app: jobs stay where the test puts them.
  app = await createTestApp(inject('postgresAdminUrl'), { env: { MEDIA_WORKER: 'false' } });
  await useAdmin(app);
  work = await makeTempDir('disk-leaks');
  const file = path.join(work.dir, 'clip.mp4');
  await ffmpeg([
    ...'-f lavfi -i testsrc2=s=160x90:r=10:d=1 -c:v libx264 -preset ultrafast'.split(' '),
    file,
  ]);
  clip = await readFile(file);
}, 60_000);
afterAll(async () => {
  for (const worker of workers) await worker.close();
  await app?.close();
  await work?.remove();
});

const sql = <Row extends object>(text: string, values: unknown[] = []) =>
  withClient(
    app.config.databaseUrl,
    async (client) => (await client.query<Row>(text, values)).rows,
  );
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
const workPath = (...parts: string[]) => path.join(app.config.media.workDir, ...parts);
const HOUR_AGO = new Date(Date.now() - 3600_000);

async function writeFileAt(file: string, at?: Date): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, 'x'.repeat(1024));
  if (at) {
    await utimes(file, at, at);
    await utimes(path.dirname(file), at, at);
  }
  return file;
}

let films = 0;
/** A media job row as the API writes one, in the state the test needs. */
async function jobRow(values: {
  state: string;
  sourcePath: string | null;
  heartbeatAt?: Date;
  updatedAt?: Date;
  bossJobId?: string;
}): Promise<number> {
  const movieId = await createMovie(app.request, `Leaky Film ${++films}`, false);
  const [row] = await sql<{ id: number }>(
    `insert into media_jobs (movie_id, state, attempts, max_attempts, source_name, source_bytes,
       source_path, storage_prefix, boss_job_id, heartbeat_at, started_at, created_at, updated_at)
     values ($1, $2, 1, 3, 'film.mp4', 1024, $3, $4, $5, $6, $6, $7, $7) returning id`,
    [
      movieId,
      values.state,
      values.sourcePath,
      `video/${movieId}`,
      values.bossJobId ?? null,
      values.heartbeatAt ?? null,
      values.updatedAt ?? new Date(),
    ],
  );
  return row!.id;
}
const jobState = async (id: number) =>
  (
    await sql<{ state: string; source_path: string | null; boss_job_id: string | null }>(
      `select state, source_path, boss_job_id from media_jobs where id = $1`,
      [id],
    )
  )[0]!;

describe('stalled-job recovery', () => {
  it('removes the upload and the work directory of a job it fails', async () => {
    const upload = await writeFileAt(workPath('uploads', 'stalled-final.upload'));
    const id = await jobRow({ state: 'running', sourcePath: upload, heartbeatAt: HOUR_AGO });
    const segment = await writeFileAt(workPath('jobs', String(id), 'hls', '720p', 'seg-1.m4s'));

    expect(await app.media.queue.recoverStalledJobs()).toBeGreaterThanOrEqual(1);

    expect(await jobState(id)).toMatchObject({ state: 'failed', source_path: null });
    expect(await exists(upload)).toBe(false);
    expect(await exists(path.dirname(path.dirname(path.dirname(segment))))).toBe(false);
  });

  it('keeps the upload of a job pg-boss will retry (the retry clears the work directory)', async () => {
    const upload = await writeFileAt(workPath('uploads', 'stalled-retry.upload'));
    const id = await jobRow({ state: 'queued', sourcePath: upload });
    await app.media.queue.enqueue(id);
    await sql(`update media_jobs set state = 'running', heartbeat_at = $2 where id = $1`, [
      id,
      HOUR_AGO,
    ]);

    await app.media.queue.recoverStalledJobs();

    expect(await jobState(id)).toMatchObject({ state: 'retrying', source_path: upload });
    expect(await exists(upload)).toBe(true);
  });
});

describe('a job pg-boss never got', () => {
  it('is refused cleanly when the queue cannot take it, and its upload goes', async () => {
    const movieId = await createMovie(app.request, 'Unqueued Film', false);
    // pg-boss's own table refuses every insert: the job row is written, the queue never gets it.
    await sql(`create function refuse_job() returns trigger language plpgsql as
      $$ begin raise exception 'the queue is down'; end $$`);
    await sql(`create trigger refuse_job before insert on pgboss.job
      for each row execute function refuse_job()`);
    let response: Response;
    try {
      response = await uploadVideo(app.request, movieId, { bytes: clip, name: 'film.mp4' });
    } finally {
      await sql(`drop trigger refuse_job on pgboss.job`);
      await sql(`drop function refuse_job()`);
    }
    expect(response.status).toBe(503);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.code).toBe('service_unavailable');

    const [row] = await sql<{ state: string; source_path: string | null; error_code: string }>(
      `select state, source_path, error_code from media_jobs where movie_id = $1`,
      [movieId],
    );
    expect(row).toMatchObject({ state: 'failed', source_path: null, error_code: 'not_queued' });
    // receiveUpload names each upload with a random UUID; the tests' own files have words.
    const received = (await readdir(workPath('uploads'))).filter((name) =>
      /^[0-9a-f-]{36}\./.test(name),
    );
    expect(received).toEqual([]);
  });

  it('is sent again by the sweep when it sat queued with no pg-boss job', async () => {
    const upload = await writeFileAt(workPath('uploads', 'orphan-queued.upload'));
    const id = await jobRow({ state: 'queued', sourcePath: upload, updatedAt: HOUR_AGO });
    const gone = await jobRow({
      state: 'queued',
      sourcePath: workPath('uploads', 'never-there.upload'),
      updatedAt: HOUR_AGO,
      bossJobId: '6d1e7f7e-57a4-4a55-9d8c-9a3c1f3c8b10',
    });

    await app.media.queue.recoverStalledJobs();

    const requeued = await jobState(id);
    expect(requeued).toMatchObject({ state: 'queued', source_path: upload });
    const [bossJob] = await sql<{ state: string; data: { mediaJobId: number } }>(
      `select state, data from pgboss.job where id = $1`,
      [requeued.boss_job_id],
    );
    expect(bossJob).toMatchObject({ state: 'created', data: { mediaJobId: id } });
    // With its upload gone there is nothing to transcode: it fails, saying so.
    expect(await jobState(gone)).toMatchObject({ state: 'failed', source_path: null });
  });
});

describe('a worker starting', () => {
  it('removes uploads, partial files and moved-aside copies no live job owns, and nothing a job may still use', async () => {
    const mediaPath = (...parts: string[]) => path.join(app.config.mediaDir, ...parts);
    const orphanUpload = await writeFileAt(workPath('uploads', 'orphan.upload'), HOUR_AGO);
    const arriving = await writeFileAt(workPath('uploads', 'arriving.upload'));
    const owned = await writeFileAt(workPath('uploads', 'owned.upload'), HOUR_AGO);
    await jobRow({ state: 'retrying', sourcePath: owned });
    const ended = await jobRow({ state: 'failed', sourcePath: null });
    const endedScratch = await writeFileAt(workPath('jobs', String(ended), 'hls', 'seg.m4s'));
    const live = await jobRow({ state: 'running', sourcePath: null, heartbeatAt: new Date() });
    const liveScratch = await writeFileAt(workPath('jobs', String(live), 'hls', 'seg.m4s'));
    const stalePartial = await writeFileAt(
      mediaPath('video', '77', '.hls.partial-0a1b2c3d', 'seg-1.m4s'),
      HOUR_AGO,
    );
    const staleFile = await writeFileAt(mediaPath('images', 'x', '.w300.partial-0badcafe.jpg'));
    await utimes(staleFile, HOUR_AGO, HOUR_AGO);
    const freshPartial = await writeFileAt(mediaPath('video', '78', '.hls.partial-1a2b3c4d', 's'));
    // The old ladder a swap moved aside, left when the process died before removing it.
    const stalePrevious = await writeFileAt(
      mediaPath('video', '79', '.hls.previous-5e6f7a8b', 'seg-1.m4s'),
      HOUR_AGO,
    );
    const freshPrevious = await writeFileAt(
      mediaPath('video', '80', '.hls.previous-9c8d7e6f', 'seg-1.m4s'),
    );
    const published = await writeFileAt(mediaPath('video', '77', 'hls', 'master.m3u8'), HOUR_AGO);
    const imageScratch = await writeFileAt(
      workPath('images', 'image-Ab12Cd', 'w300.jpg'),
      HOUR_AGO,
    );
    const download = await writeFileAt(workPath('images', 'tmdb-0123456789ab.jpg'), HOUR_AGO);

    const worker = await createServices(
      { ...app.config, media: { ...app.config.media, worker: true } },
      { poolMax: 3 },
    );
    workers.push(worker);
    await worker.media.queue.start();

    const removed = [
      orphanUpload,
      stalePartial,
      stalePrevious,
      staleFile,
      imageScratch,
      download,
      endedScratch,
    ];
    for (let i = 0; i < 100 && (await Promise.all(removed.map(exists))).some(Boolean); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      Object.fromEntries(await Promise.all(removed.map(async (f) => [f, await exists(f)]))),
    ).toEqual(Object.fromEntries(removed.map((f) => [f, false])));
    for (const kept of [arriving, owned, liveScratch, freshPartial, freshPrevious, published])
      expect(await exists(kept), kept).toBe(true);
  });
});
