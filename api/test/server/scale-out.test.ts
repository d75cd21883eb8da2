import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DeviceAuthorizationResponseSchema,
  TokenResponseSchema,
  UserSchema,
  type Home,
  type MediaJob,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { initDatabase } from '../../src/db.js';
import { LOGIN_LIMITS } from '../../src/modules/accounts/accounts.js';
import { createTestDatabase, startApiProcess, type ApiProcess } from '@lanxang/api/testing';
import { ffmpeg, makeTempDir } from '../media/helpers.js';
import {
  createMovie,
  finished,
  uploadVideo,
  useAdmin,
  waitForJob,
} from '../media/pipeline-helpers.js';

/**
 * Production's scale-out shape on one machine: two stateless API processes (no transcodes in
 * them) and two media workers, every one its own Node process, on one PostgreSQL and one media
 * directory. Whatever one API starts, the other must be able to finish.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let work: Awaited<ReturnType<typeof makeTempDir>>;
let a: ApiProcess;
let b: ApiProcess;
const workers: ApiProcess[] = [];
/** Every ffmpeg run, one line each: the pid of the process that ran it, then its arguments. */
let ffmpegLog: string;
let mediaDir: string | undefined;

const on = (api: ApiProcess) => (route: string, init?: RequestInit) =>
  fetch(`${api.url}${route}`, init);
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresAdminUrl'));
  work = await makeTempDir('scale-out');
  ffmpegLog = path.join(work.dir, 'ffmpeg-runs.log');
  const wrapper = path.join(work.dir, 'ffmpeg');
  await writeFile(wrapper, `#!/bin/sh\necho "$PPID $*" >> '${ffmpegLog}'\nexec ffmpeg "$@"\n`);
  await chmod(wrapper, 0o755);
  mediaDir = await mkdtemp(path.join(tmpdir(), 'lanxang-scale-out-media-'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    MEDIA_DIR: mediaDir,
    MEDIA_WORKER: 'false',
    MEDIA_JOB_POLL_SECONDS: '0.5',
    FFMPEG_PATH: wrapper,
  };
  // Both start at once; if one fails, the other is stopped before the failure is reported, so no
  // API process outlives the run.
  const apis = await Promise.allSettled([
    startApiProcess('server', env),
    startApiProcess('server', env),
  ]);
  const failed = apis.find((api) => api.status === 'rejected');
  if (failed) {
    await Promise.all(apis.map((api) => (api.status === 'fulfilled' ? api.value.stop() : null)));
    throw failed.reason;
  }
  [a, b] = apis.map((api) => (api as PromiseFulfilledResult<ApiProcess>).value) as [
    ApiProcess,
    ApiProcess,
  ];
  // Two workers, so "exactly once" is a claim about a race, not about there being one runner.
  for (let i = 0; i < 2; i += 1) workers.push(await startApiProcess('worker', env));
  const db = await initDatabase(database.url, { poolMax: 1 });
  await useAdmin({ db });
  await db.close();
}, 180_000);

afterAll(async () => {
  await Promise.all([a, b, ...workers].filter(Boolean).map((proc) => proc.stop()));
  await database?.drop();
  await work?.remove();
  if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
});

describe('two API processes and separate media workers on one PostgreSQL', () => {
  it('a session made on one API works on the other, and signing out on the other ends it', async () => {
    const registered = await on(a)(
      '/api/auth/register',
      json({ email: 'replica@example.test', password: 'a long enough password', displayName: 'R' }),
    );
    expect(registered.status).toBe(201);
    const cookie = registered.headers.get('set-cookie')!.split(';')[0]!;
    const me = await on(b)('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(UserSchema.parse(await me.json()).email).toBe('replica@example.test');

    expect((await on(b)('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(
      204,
    );
    expect((await on(a)('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('rate limits are shared: sign-ups that exhaust the limit on A are refused on B', async () => {
    const { max } = LOGIN_LIMITS.registrationsPerIp;
    // The previous test used one of this IP's sign-ups already.
    for (let i = 1; i < max; i += 1) {
      const response = await on(a)(
        '/api/auth/register',
        json({
          email: `limit-${i}@example.test`,
          password: 'a long enough password',
          displayName: 'L',
        }),
      );
      expect(response.status).toBe(201);
    }
    const refused = await on(b)(
      '/api/auth/register',
      json({
        email: 'one-too-many@example.test',
        password: 'a long enough password',
        displayName: 'L',
      }),
    );
    expect(refused.status).toBe(429);
  });

  it('a pairing started on A is approved and completed on B', async () => {
    const started = await on(a)('/oauth/device_authorization', form({ client_id: 'lanxang-tv' }));
    expect(started.status).toBe(200);
    const pairing = DeviceAuthorizationResponseSchema.parse(await started.json());
    const login = await on(b)(
      '/api/auth/login',
      json({ email: 'replica@example.test', password: 'a long enough password' }),
    );
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const approved = await on(b)(
      '/api/devices/approve',
      json({ userCode: pairing.user_code }, { cookie }),
    );
    expect(approved.status).toBe(200);
    const granted = await on(b)(
      '/oauth/token',
      form({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: pairing.device_code,
        client_id: 'lanxang-tv',
      }),
    );
    expect(granted.status).toBe(200);
    const tokens = TokenResponseSchema.parse(await granted.json());
    const me = await on(a)('/api/auth/me', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(UserSchema.parse(await me.json()).email).toBe('replica@example.test');
  });

  it('a film published through A shows at once in the cached answers of B', async () => {
    const newest = async () => {
      const response = await on(b)('/api/movies?sort=newest&pageSize=100');
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { title: { en?: string } }[] }).items.map(
        (film) => film.title.en,
      );
    };
    const home = async () => (await (await on(b)('/api/home')).json()) as Home;
    const before = await newest();
    const homeBefore = await home();
    // B answers the repeat from its cache: the same bytes, the same ETag.
    expect(await newest()).toEqual(before);
    expect(before).not.toContain('Cache Buster');

    const id = await createMovie(on(a), 'Cache Buster');
    // Delivered through PostgreSQL's NOTIFY: B's cache is emptied within moments, not minutes.
    await expect.poll(newest, { timeout: 2000, interval: 20 }).toContain('Cache Buster');
    await expect
      .poll(async () => (await home()).rows.flatMap((row) => row.items.map((film) => film.id)), {
        timeout: 2000,
        interval: 20,
      })
      .toContain(id);
    expect(homeBefore.rows.flatMap((row) => row.items.map((film) => film.id))).not.toContain(id);
  });

  it('a transcode uploaded through A runs exactly once, on a worker, and B plays it', async () => {
    const clip = path.join(work.dir, 'clip.mp4');
    await ffmpeg([
      ...'-f lavfi -i testsrc2=s=320x180:r=25:d=4 -f lavfi -i sine=frequency=330:duration=4'.split(
        ' ',
      ),
      ...'-c:v libx264 -preset ultrafast -c:a aac -shortest'.split(' '),
      clip,
    ]);
    const movieId = await createMovie(on(a), 'Scaled Out');
    const uploaded = await uploadVideo(on(a), movieId, {
      bytes: await readFile(clip),
      name: 'clip.mp4',
    });
    expect(uploaded.status).toBe(202);
    const { id } = (await uploaded.json()) as MediaJob;
    const done = await waitForJob(on(b), id, finished);
    expect(done, JSON.stringify(done.error)).toMatchObject({ state: 'completed', attempts: 1 });

    const runs = (await readFile(ffmpegLog, 'utf8')).trim().split('\n');
    const ladders = runs.filter((line) => line.includes(' -f hls '));
    expect(ladders).toHaveLength(1);
    const workerPids = workers.map((worker) => String(worker.pid));
    // Every ffmpeg run happened in a worker, none in an API process.
    for (const line of runs) expect(workerPids).toContain(line.split(' ')[0]);

    const playback = await on(b)(`/api/movies/${movieId}/playback`);
    expect(playback.status).toBe(200);
  });
});
