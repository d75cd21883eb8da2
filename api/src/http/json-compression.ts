import { constants as zlibConstants } from 'node:zlib';
import type Koa from 'koa';
import compress from 'koa-compress';
import type { AppState } from './context.js';

/**
 * JSON answers compressed for clients that accept it (brotli, else gzip). Media files are not:
 * images and segments are compressed already, and ranges must count the bytes as stored.
 * Exported on its own so the catalog bench's Koa floor server configures it exactly as the API.
 */
export function jsonCompression(): Koa.Middleware<AppState> {
  return compress({
    filter: (type) => /^application\/(?:[\w.+-]+\+)?json\b/.test(type),
    threshold: 1024,
    br: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
    defaultEncoding: 'identity',
  });
}
