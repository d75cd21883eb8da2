/**
 * What the media benches share: our `/media/*` route on its own (the middleware a media request
 * passes through in createApp, without the database) and one wrk run against a URL.
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorHandler } from '@lanxang/api/http/error-handler';
import { requestLog } from '@lanxang/api/http/request-log';
import { serveMediaFiles } from '@lanxang/api/modules/media/serve';
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
    .use(serveMediaFiles(mediaRoot, tokens));
  const port = await freePort();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${port}`,
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

/** Requests per second and MB/s from one wrk run (one thread, `connections` connections). */
export async function wrkLoad(
  url: string,
  { connections, seconds }: { connections: number; seconds: number },
): Promise<LoadSample> {
  const { stdout } = await execFileAsync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url], {
    timeout: (seconds + 30) * 1000,
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const transfer = /Transfer\/sec:\s+([\d.]+)([KMG]B)/.exec(stdout);
  const scale = { KB: 1 / 1024, MB: 1, GB: 1024 }[transfer?.[2] as 'KB' | 'MB' | 'GB'] ?? NaN;
  if (/Non-2xx or 3xx responses/.test(stdout)) throw new Error(`wrk saw errors from ${url}`);
  return { rps, mbps: Number(transfer?.[1] ?? NaN) * scale };
}
