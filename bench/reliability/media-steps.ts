/** What the media fault scripts share: a generated clip, a film with an uploaded video, its job. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { initDatabase } from '@lanxang/api/db';
import { signIn } from '@lanxang/api/testing/accounts';
import { migrateDatabase, startBenchPostgres, type BenchRun } from '../kit.js';

const execFileAsync = promisify(execFile);

export interface Job {
  id: number;
  state: string;
  step: string | null;
  percent: number;
  attempts: number;
  error: { code: string; message: string } | null;
}

export const FINISHED_STATES = ['completed', 'failed', 'cancelled'];

/**
 * A migrated database with an admin, a temp dir, and the environment of an API that runs its
 * own transcodes on `<dir>/media` and retries at once.
 */
export async function mediaFaultSetup(bench: BenchRun, name: string) {
  const databaseUrl = await startBenchPostgres(bench, `lanxang-${name}-`, `lanxang_${name}`);
  await migrateDatabase(databaseUrl);
  const db = await initDatabase(databaseUrl, { poolMax: 1 });
  const admin = (await signIn({ db }, { role: 'admin' })).headers;
  await db.close();
  const dir = await bench.tempDir(`lanxang-${name}-media-`);
  const mediaDir = path.join(dir, 'media');
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: mediaDir,
    MEDIA_JOB_POLL_SECONDS: '0.5',
    MEDIA_JOB_RETRY_DELAY_SECONDS: '0',
    LOG_LEVEL: 'error',
  };
  return { databaseUrl, admin, dir, mediaDir, env };
}

/** A test-pattern clip with a tone, `size` e.g. `640x360`, at about `kbps` of video. */
export async function makeClip(
  file: string,
  options: { seconds: number; size: string; kbps: number },
): Promise<void> {
  const { seconds, size, kbps } = options;
  await execFileAsync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=s=${size}:r=25:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', `${kbps}k`, '-c:a', 'aac', '-shortest'],
    file,
  ]);
}

/** Admin calls against one API process, with a deadline on each. */
export function adminClient(apiUrl: () => string, admin: Record<string, string>) {
  const call = (route: string, init: RequestInit = {}) =>
    fetch(`${apiUrl()}${route}`, {
      ...init,
      headers: { ...admin, ...init.headers },
      signal: AbortSignal.timeout(10_000),
    });
  return {
    call,
    job: async (id: number) => (await (await call(`/api/admin/jobs/${id}`)).json()) as Job,
    /** A new draft film with `clip` uploaded as its video; answers the film and its job. */
    async filmWithVideo(title: string, clip: string): Promise<{ movieId: number; jobId: number }> {
      const created = await call('/api/admin/movies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: { en: title } }),
      });
      const { id: movieId } = (await created.json()) as { id: number };
      const form = new FormData();
      form.append('file', new Blob([await readFile(clip)], { type: 'video/mp4' }), 'clip.mp4');
      const uploaded = await call(`/api/admin/movies/${movieId}/video`, {
        method: 'POST',
        body: form,
      });
      if (uploaded.status !== 202)
        throw new Error(`upload answered ${uploaded.status}: ${await uploaded.text()}`);
      return { movieId, jobId: ((await uploaded.json()) as Job).id };
    },
    /** Polls once a second until the job has ended or `limitMs` has passed. */
    async settle(id: number, limitMs: number): Promise<Job> {
      const started = Date.now();
      let seen = await this.job(id);
      while (!FINISHED_STATES.includes(seen.state) && Date.now() - started < limitMs) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        seen = await this.job(id);
      }
      return seen;
    },
  };
}
