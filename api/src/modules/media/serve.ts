import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type Koa from 'koa';
import type { AppState } from '../../http/context.js';
import { methodNotAllowed, notFound, rangeNotSatisfiable } from '../../http/errors.js';
import { cacheControlFor, CONTENT_TYPES } from './storage.js';

/**
 * Serves images and HLS files from local media storage under `/media/`: correct types, byte
 * ranges, playlists cached briefly (they may be re-made), everything else for a year (their
 * names never change meaning). This is the single place entitlement checks will go.
 */
export function serveMediaFiles(mediaDir: string): Koa.Middleware<AppState> {
  const root = path.resolve(mediaDir);
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/media/')) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      throw methodNotAllowed(`${ctx.method} is not allowed on media files.`);
    }
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path.slice('/media/'.length));
    } catch {
      throw notFound('That file');
    }
    const file = path.resolve(root, relative);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
    // Hidden names are work in progress (staging directories, uploads, job scratch): never served.
    const hidden = relative.split(/[\\/]/).some((segment) => segment.startsWith('.'));
    if (!file.startsWith(root + path.sep) || relative.includes('\0') || hidden || !type)
      throw notFound('That file');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw notFound('That file');

    ctx.type = type;
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('Last-Modified', info.mtime.toUTCString());
    ctx.set('Cache-Control', cacheControlFor(file));
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
    if (ctx.method === 'GET') ctx.body = createReadStream(file, range ?? {});
  };
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
