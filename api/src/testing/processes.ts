import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../local-postgres.js';

const apiRoot = path.resolve(import.meta.dirname, '../..');

export interface ApiProcess {
  /** `http://127.0.0.1:<port>` for an API; empty for a worker. */
  url: string;
  pid: number;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** `kill -9`: no shutdown code runs, as when a machine loses power. */
  kill(): Promise<void>;
}

/**
 * The API (`src/server.ts`) or the media worker (`src/worker.ts`) in its own Node process, started
 * exactly as production starts it: configuration only through the environment. An API is waited
 * for until `/api/ready` answers 200; a worker starts taking jobs on its own.
 */
export async function startApiProcess(
  entry: 'server' | 'worker',
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; output?: 'inherit' | 'ignore' } = {},
): Promise<ApiProcess> {
  const port = entry === 'server' ? (env.API_PORT ?? String(await freePort())) : '0';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(apiRoot, 'src', `${entry}.ts`)],
    {
      cwd: apiRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
        API_PORT: port,
      },
      stdio: ['ignore', options.output ?? 'ignore', options.output ?? 'inherit'],
    },
  );
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const proc: ApiProcess = {
    url: entry === 'server' ? `http://127.0.0.1:${port}` : '',
    pid: child.pid ?? 0,
    exited,
    async stop(graceMs = 10_000) {
      if (ended()) return;
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
    async kill() {
      if (ended()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (entry === 'server') {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (ended()) throw new Error(`the API process exited (${await exited}) before it was ready`);
      const ready = await fetch(`${proc.url}/api/ready`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) {
        await proc.kill();
        throw new Error(`the API process on ${proc.url} was not ready in time`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return proc;
}
