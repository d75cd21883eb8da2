/**
 * What every benchmark needs around its measurement: a run that cleans up after itself and stops
 * by itself, temp dirs, the embedded PostgreSQL migrated for the API, the API in its own process,
 * and the statistics the reports use. Each `*.bench.ts` keeps only what it measures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { initDatabase, migrate } from '@lanxang/api/db';
import { startLocalPostgres } from '@lanxang/api/local-postgres';
import { withClient } from '@lanxang/api/testing/postgres';
import type { Page } from '@lanxang/testing';

export { withClient };

export function log(message: string): void {
  console.log(`bench: ${message}`);
}

export interface BenchRun {
  /** Runs `cleanup` when the run ends, however it ends; the newest first. */
  onCleanup(cleanup: () => Promise<unknown>): void;
  /** A fresh directory removed at the end (reachable by the `postgres` user under root). */
  tempDir(prefix: string): Promise<string>;
  /** Runs `main`, then every clean-up, even when `main` throws. */
  run(main: () => Promise<void>): Promise<void>;
}

/** A run that stops itself (cleaning up) if it is still going after `hardLimitMs`. */
export function benchRun(hardLimitMs: number): BenchRun {
  const cleanups: (() => Promise<unknown>)[] = [];
  async function cleanUp(): Promise<void> {
    while (cleanups.length)
      await cleanups.pop()!().catch((error: unknown) => console.error('bench cleanup:', error));
  }
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${hardLimitMs / 60_000} minutes; stopping`);
    void cleanUp().finally(() => process.exit(1));
  }, hardLimitMs);

  return {
    onCleanup: (cleanup) => void cleanups.push(cleanup),
    async tempDir(prefix) {
      const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
      // Under root, embedded PostgreSQL runs as the `postgres` user, which must reach the directory.
      await chmod(dir, 0o755);
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return dir;
    },
    async run(main) {
      try {
        await main();
      } finally {
        await cleanUp();
        clearTimeout(watchdog);
      }
    },
  };
}

/** A throwaway embedded PostgreSQL holding one empty database `name`; stopped at the end. */
export async function startBenchPostgres(
  bench: BenchRun,
  prefix: string,
  name: string,
): Promise<string> {
  const dir = await bench.tempDir(prefix);
  log('starting embedded PostgreSQL');
  const server = await startLocalPostgres({ dataDir: path.join(dir, 'data'), ephemeral: true });
  bench.onCleanup(() => server.stop());
  await withClient(server.adminUrl, (client) => client.query(`create database ${name}`));
  return server.urlFor(name);
}

/** Applies the API's migrations to `databaseUrl`. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const db = await initDatabase(databaseUrl, { poolMax: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

/** Production refuses to start without its secrets; these are for one bench run only. */
export const BENCH_SECRETS = {
  ANONYMOUS_ID_SECRET: 'bench-only-anonymous-id-secret-of-32-characters',
  ADMIN_SERVICE_TOKEN: 'bench-only-admin-service-token-of-32-characters',
  LAOQR_WEBHOOK_SECRET: 'bench-only-laoqr-webhook-secret-of-32-characters',
  MEDIA_TOKEN_SECRET: 'bench-only-media-token-secret-of-32-characters',
};

/**
 * The environment `servers/api.ts` runs the API in: production, silent, serving `mediaDir` (by
 * default a media dir of its own).
 */
export async function productionApiEnv(
  bench: BenchRun,
  databaseUrl: string,
  mediaDir?: string,
): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    API_PORT: '0',
    PUBLIC_API_URL: 'http://127.0.0.1:3001',
    MEDIA_DIR: mediaDir ?? (await bench.tempDir('lanxang-bench-media-')),
    ...BENCH_SECRETS,
  };
}

export interface ServerProcess {
  url: string;
  /** The server process's `process.cpuUsage()`, in microseconds. */
  cpuMicros(): Promise<number>;
}

/**
 * Runs `servers/<file>` in its own Node process (TypeScript through tsx) and waits for the URL it
 * reports; stopped gracefully at the end. `cpuProfileDir` writes V8 CPU profiles there.
 */
export async function startServerProcess(
  bench: BenchRun,
  file: string,
  env: Record<string, string>,
  options: { cpuProfileDir?: string } = {},
): Promise<ServerProcess> {
  const execArgv = ['--import', import.meta.resolve('tsx')];
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'servers', file), [], {
    execArgv,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  bench.onCleanup(() => stopChild(child));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before listening`)));
  });
  return {
    url,
    cpuMicros: () =>
      new Promise((resolve) => {
        child.once('message', (message: { cpu: NodeJS.CpuUsage }) =>
          resolve(message.cpu.user + message.cpu.system),
        );
        child.send('cpu');
      }),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    // Disconnecting tells the child to close gracefully (so a CPU profile gets written).
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  });
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Linear interpolation between closest ranks; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (sorted[Math.ceil(rank)]! - sorted[low]!) * (rank - low);
}

/** Waits until `expression` (run in the page) holds; on a timeout, says what the TV app showed. */
export async function waitForState(page: Page, expression: string): Promise<void> {
  try {
    await page.waitForFunction(expression, null, { timeout: 60_000, polling: 50 });
  } catch (error) {
    const seen = await page.evaluate('JSON.stringify(window.__lanxang)').catch(() => null);
    throw new Error(`Timed out waiting for ${expression}; the app showed ${String(seen)}`, {
      cause: error,
    });
  }
}
