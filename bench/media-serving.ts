/**
 * What the media benches share: our `/media/*` route on its own (the middleware a media request
 * passes through in createApp, without the database, with the check nginx asks for), nginx
 * serving the same files bare, and one wrk run against a URL.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorHandler } from '@lanxang/api/http/error-handler';
import { requestLog } from '@lanxang/api/http/request-log';
import { authorizeMediaForProxy } from '@lanxang/api/modules/media/authorize';
import { serveMediaFiles } from '@lanxang/api/modules/media/serve';
import { startNginx } from '@lanxang/api/testing/nginx';
import type { MediaTokens } from '@lanxang/api/modules/media/tokens';
import { freePort } from '@lanxang/testing';

const execFileAsync = promisify(execFile);
const fromApi = createRequire(path.resolve(import.meta.dirname, '../api/package.json'));

interface KoaLike {
  silent: boolean;
  use(middleware: unknown): KoaLike;
  listen(port: number, host: string, listening: () => void): Server;
}

export interface MediaServer {
  url: string;
  /** The process serving (for nginx its master: its workers are counted through it). */
  pid: number;
  close(): Promise<void>;
}

export async function startMediaServer(
  mediaRoot: string,
  tokens: MediaTokens,
): Promise<MediaServer> {
  // Loaded through the api package: bench/ has no dependencies of its own.
  const Koa = fromApi('koa') as new () => KoaLike;
  const cors = fromApi('@koa/cors') as (options: {
    origin: (ctx: { get(name: string): string }) => string;
  }) => unknown;
  const { pino } = fromApi('pino') as {
    pino(options: { level: string }): Parameters<typeof requestLog>[0];
  };
  const app = new Koa();
  // wrk drops its connections mid-response when its time is up: not an error worth printing.
  app.silent = true;
  app
    .use(requestLog(pino({ level: 'silent' })))
    .use(errorHandler())
    .use(cors({ origin: (ctx) => ctx.get('Origin') }))
    .use(serveMediaFiles(mediaRoot, tokens))
    .use(authorizeMediaForProxy(mediaRoot, tokens, () => new Date()));
  const port = await freePort();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: process.pid,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface LoadSample {
  rps: number;
  mbps: number;
}

/** One wrk run: its rates and how many requests it completed. */
export interface WrkRun extends LoadSample {
  requests: number;
}

/**
 * Nanoseconds on a CPU so far of a process and its threads, from the scheduler's own accounting
 * (`/proc/<pid>/task/<tid>/schedstat`), with its children when asked (nginx's workers; never for
 * the bench's own process, whose children are the wrk runs). On a machine shared with other work,
 * throughput mostly measures how much CPU a server was given; CPU time per request measures what
 * a request costs it.
 */
export async function cpuNanos(pid: number, withChildren: boolean): Promise<number> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  let total = 0;
  const children = new Set<number>();
  for (const tid of tasks) {
    const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0');
    total += Number(schedstat.split(' ')[0]);
    if (!withChildren) continue;
    const kids = await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '');
    for (const child of kids.split(' ').filter(Boolean)) children.add(Number(child));
  }
  for (const child of children) total += await cpuNanos(child, true);
  return total;
}

/** Requests per second and MB/s from one wrk run (one thread, `connections` connections). */
export async function wrkLoad(
  url: string,
  { connections, seconds }: { connections: number; seconds: number },
): Promise<WrkRun> {
  const { stdout } = await execFileAsync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url], {
    timeout: (seconds + 30) * 1000,
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const transfer = /Transfer\/sec:\s+([\d.]+)([KMG]B)/.exec(stdout);
  const scale = { KB: 1 / 1024, MB: 1, GB: 1024 }[transfer?.[2] as 'KB' | 'MB' | 'GB'] ?? NaN;
  if (/Non-2xx or 3xx responses/.test(stdout)) throw new Error(`wrk saw errors from ${url}`);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
  return { rps, mbps: Number(transfer?.[1] ?? NaN) * scale, requests };
}

/**
 * nginx from Debian's package serving `mediaRoot` at `/media/` with `sendfile`, nothing checked:
 * the baseline. One worker, like our single Node process.
 */
export function startBareNginx(mediaRoot: string): Promise<MediaServer> {
  return startNginx(
    ({ listen }) => `
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; video/mp4 mp4; }
  server {
    listen ${listen};
    location /media/ { alias ${mediaRoot}/; add_header Cache-Control "public, max-age=31536000, immutable"; }
  }`,
  );
}
