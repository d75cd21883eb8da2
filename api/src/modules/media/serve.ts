import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';
import type { AppState } from '../../http/context.js';
import { forbidden, methodNotAllowed, notFound, rangeNotSatisfiable } from '../../http/errors.js';
import { cacheControlFor, CONTENT_TYPES, type MediaStorage } from './storage.js';
import {
  isProtectedKey,
  TOKEN_PATH,
  tokenCovers,
  type MediaTokenClaims,
  type MediaTokens,
} from './tokens.js';

const TOKEN_PREFIX = `/media/${TOKEN_PATH}/`;

/**
 * Read size for files sent from disk. A segment is 0.5–3 MiB: Node's default 64 KiB reads cost
 * one thread-pool round trip and one socket write per 64 KiB, and measured about 45 % more CPU
 * per segment than 1 MiB reads (docs/benchmarks.md, "Media bytes").
 */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Serves images and HLS files from local media storage under `/media/`: correct types, byte
 * ranges, playlists cached briefly (they may be re-made), everything else for a year (their
 * names never change meaning). A film's video, subtitles and trickplay are served only under
 * `/media/t/<token>/<key>` with a token covering the key (checked here, with no database query);
 * catalog images stay public at `/media/<key>`.
 */
export function serveMediaFiles(
  mediaDir: string,
  tokens: MediaTokens,
  /** A bucket: a film's files are read from it (the token checked here first), not from disk. */
  remote?: Pick<MediaStorage, 'open'>,
): Koa.Middleware<AppState> {
  const root = path.resolve(mediaDir);
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/media/')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      throw methodNotAllowed(`${ctx.method} is not allowed on media files.`);
    }
    const { file, key, type, claims } = decideMedia(root, ctx.path, tokens);
    if (claims && remote?.open) {
      await sendRemote(ctx, remote.open, key, type, claims.expiresAt);
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw notFound('That file');

    ctx.type = type;
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('Last-Modified', info.mtime.toUTCString());
    ctx.set(
      'Cache-Control',
      claims ? privateCacheControl(key, claims.expiresAt) : cacheControlFor(file),
    );
    const range = parseRange(ctx.get('Range'), info.size);
    if (range === 'unsatisfiable') {
      ctx.set('Content-Range', `bytes */${info.size}`);
      throw rangeNotSatisfiable('The requested range is outside the file.');
    }
    if (range) {
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
      ctx.length = range.end - range.start + 1;
    } else {
      ctx.status = 200;
      ctx.length = info.size;
    }
    // HEAD leaves the body unset: Koa then sends the headers above as they are and no body, where
    // a null body would turn the answer into a 204 without Content-Type or Content-Length.
    if (ctx.method === 'GET')
      ctx.body = createReadStream(file, { ...range, highWaterMark: READ_CHUNK_BYTES });
  };
}

export interface MediaDecision {
  /** The file on disk, resolved inside the media root. */
  file: string;
  /** Its key (`video/<folder>/hls/720p/seg_00001.m4s`), normalised: no `..`. */
  key: string;
  type: string;
  /** The token's claims for a tokened path; `null` for a public file. */
  claims: MediaTokenClaims | null;
}

/**
 * Whether `/media/…` may be read, before any file is looked at (so a refusal says nothing about
 * which files exist): throws 404 for what is never served and 403 `media_token_invalid` for a
 * film's file without a token covering it. Shared by the API's own serving and by the check
 * nginx asks for (`authorize.ts`).
 */
export function decideMedia(root: string, urlPath: string, tokens: MediaTokens): MediaDecision {
  const { token, rest } = splitToken(urlPath);
  let relative: string;
  try {
    relative = decodeURIComponent(rest);
  } catch {
    throw notFound('That file');
  }
  const file = path.resolve(root, relative);
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  // Hidden names are work in progress (staging directories, uploads, job scratch): never served.
  const hidden = relative.split(/[\\/]/).some((segment) => segment.startsWith('.'));
  if (!file.startsWith(root + path.sep) || relative.includes('\0') || hidden || !type)
    throw notFound('That file');
  // Checked on the resolved key, so `..` cannot walk from a film the token covers to another.
  const key = path.relative(root, file).split(path.sep).join('/');
  const claims = token === null ? null : tokens.verify(token);
  if (token !== null && !(claims && tokenCovers(claims, key))) throw tokenRefused();
  if (token === null && isProtectedKey(key)) throw tokenRefused();
  return { file, key, type, claims };
}

/** A bucket's object passed on as the local file would be: same type, ranges and caching. */
async function sendRemote(
  ctx: Koa.ParameterizedContext<AppState>,
  open: NonNullable<MediaStorage['open']>,
  key: string,
  type: string,
  expiresAt: Date,
): Promise<void> {
  const object = await open(key, ctx.get('Range') || undefined);
  if (!object) throw notFound('That file');
  if (object.status === 416) throw rangeNotSatisfiable('The requested range is outside the file.');
  ctx.status = object.status;
  ctx.type = type;
  ctx.set('Accept-Ranges', 'bytes');
  ctx.set('Cache-Control', privateCacheControl(key, expiresAt));
  if (object.lastModified) ctx.set('Last-Modified', object.lastModified.toUTCString());
  if (object.contentRange) ctx.set('Content-Range', object.contentRange);
  if (object.length !== undefined) ctx.length = object.length;
  if (ctx.method === 'GET') ctx.body = object.body;
  // HEAD: the object's stream is not read; end it so its connection goes back to the pool.
  else (object.body as { destroy?: () => void } | null)?.destroy?.();
}

/** `/media/t/<token>/<key>` → the token and the key; any other `/media/<key>` has no token. */
function splitToken(urlPath: string): { token: string | null; rest: string } {
  if (!urlPath.startsWith(TOKEN_PREFIX))
    return { token: null, rest: urlPath.slice('/media/'.length) };
  const end = urlPath.indexOf('/', TOKEN_PREFIX.length);
  if (end < 0) return { token: '', rest: '' };
  return { token: urlPath.slice(TOKEN_PREFIX.length, end), rest: urlPath.slice(end + 1) };
}

export const tokenRefused = () =>
  forbidden(
    'This file needs a valid playback token: ask /api/movies/{id}/playback for its URLs.',
    'media_token_invalid',
  );

/**
 * A token's URL is one viewer's: no shared cache keeps it, and the browser keeps it no longer
 * than the token lives (a segment never changes, so until then it may be reused as it is).
 */
function privateCacheControl(key: string, expiresAt: Date): string {
  if (key.endsWith('.m3u8')) return 'private, max-age=10';
  const left = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `private, max-age=${left}`;
}

function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}
