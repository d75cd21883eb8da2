import { hash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Access } from '@lanxang/contracts';
import type Koa from 'koa';
import { CREDENTIAL_HEADERS } from './credentials.js';
import type { AppContext, AppState } from './context.js';

/** A public response as sent: its JSON, its ETag, and each compressed form once asked for. */
interface CachedResponse {
  /**
   * The JSON as made: a string the first time it is sent (Node encodes it while writing; no
   * Buffer to allocate), its UTF-8 bytes once it is served again from the cache (encoded once).
   */
  json: string | Buffer;
  etag: string;
  /** The route's access: `public` answers anyone, `optional` only callers without credentials. */
  access: Access;
  /** When it was made (the cache's clock, ms): it is not served past `MAX_AGE_SECONDS`. */
  madeAt: number;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * How long an answer is kept and how long clients may keep it (`max-age`). Besides the writes
 * that empty the cache, time changes some answers too (a featured film's visibility window ends
 * with no write): no answer is older than this.
 */
export const MAX_AGE_SECONDS = 60;

/** Below this, compressing costs more than the bytes it saves (koa-compress's threshold too). */
const COMPRESS_MIN_BYTES = 1024;

/**
 * The public catalog reads, kept in memory as sent (JSON, ETag, compressed forms) so a repeat
 * costs no SQL, no serialisation and no compression. Whatever changes the catalog calls `clear()`:
 * this process's own ORM writes at their commit, other processes' through `catalog-changes.ts`.
 * Until that listener says it is live, nothing is served from here (a missed change would go
 * unnoticed).
 * Only ever fed responses that are the same for everyone (`route.ts` checks the caller).
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  /** Bumped by every `clear()`: a response computed across a change is not kept. */
  private generation = 0;
  private live = false;

  constructor(
    private readonly maxEntries: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether changes are being heard; while not, the cache is bypassed and kept empty. */
  setLive(live: boolean): void {
    this.live = live;
    this.clear();
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether changes are being heard, so answers are kept and served. */
  get isLive(): boolean {
    return this.live;
  }

  /** The entry kept for `key`, if any (and while changes are heard). */
  lookup(key: string): CachedResponse | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.clock().getTime() - entry.madeAt > MAX_AGE_SECONDS * 1000) return undefined;
    // Re-inserted, so the map's order is least recently used first.
    this.entries.set(key, entry);
    // A repeat: from now on its bytes are worth keeping encoded.
    if (typeof entry.json === 'string') entry.json = Buffer.from(entry.json);
    return entry;
  }

  /**
   * Answers from the cache when it holds `key`; otherwise runs `produce` and keeps its result,
   * unless the catalog changed meanwhile. `access` is the route's, for `answerFromCache`.
   */
  async send(
    ctx: AppContext,
    key: string,
    access: Access,
    produce: () => Promise<unknown>,
  ): Promise<void> {
    if (!this.live) {
      sendEntry(ctx, this.toEntry(await produce(), access));
      return;
    }
    const kept = this.lookup(key);
    if (kept) {
      sendEntry(ctx, kept);
      return;
    }
    const started = this.generation;
    const entry = this.toEntry(await produce(), access);
    if (this.live && started === this.generation && this.maxEntries > 0) {
      this.entries.set(key, entry);
      if (this.entries.size > this.maxEntries)
        this.entries.delete(this.entries.keys().next().value!);
    }
    sendEntry(ctx, entry);
  }

  private toEntry(body: unknown, access: Access): CachedResponse {
    const json = JSON.stringify(body);
    return { json, etag: etagOf(json), access, madeAt: this.clock().getTime() };
  }
}

/** A strong ETag: the SHA-1 of the JSON's UTF-8 bytes (one call, no Hash object). */
export function etagOf(json: string): string {
  return `"${hash('sha1', json, 'base64url')}"`;
}

/** What `ctx.type = 'application/json'` sets, without the MIME lookup behind it. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Answers a repeat of a kept read before routing: no router, no guard, no ORM context, no input
 * parsing, only the buffer (the middlewares before this one still add the request id, CORS and
 * the log line). It answers only what the route would have answered from the cache itself: a
 * GET or HEAD without a body, for a URL kept, from a caller the route treats as anonymous.
 */
export function answerFromCache(cache: ResponseCache): Koa.Middleware<AppState> {
  return (ctx, next) => {
    const { method, headers } = ctx.req;
    if (method !== 'GET' && method !== 'HEAD') return next();
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined)
      return next();
    const entry = cache.lookup(ctx.url);
    if (!entry) return next();
    if (entry.access === 'optional') {
      // Someone with credentials may get a home of their own: the route decides for them.
      if (CREDENTIAL_HEADERS.some((name) => headers[name.toLowerCase()] !== undefined))
        return next();
      // As the optional guard says on every answer of such a route.
      ctx.vary(CREDENTIAL_HEADERS);
    } else if (entry.access !== 'public') return next();
    sendEntry(ctx, entry);
    return Promise.resolve();
  };
}

function sendEntry(ctx: AppContext, entry: CachedResponse): void {
  ctx.set('ETag', entry.etag);
  ctx.set('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}, stale-while-revalidate=600`);
  ctx.vary('Accept-Encoding');
  // The encoding is chosen here, once per entry: koa-compress has nothing left to do.
  ctx.compress = false;
  if (fresh(ctx.get('If-None-Match'), entry.etag)) {
    ctx.status = 304;
    return;
  }
  ctx.set('Content-Type', JSON_CONTENT_TYPE);
  // Brotli whenever the client takes it, whatever order it lists encodings in: it is smaller.
  // Without Accept-Encoding negotiation answers identity: no need to ask it.
  const compress =
    byteLength(entry.json) >= COMPRESS_MIN_BYTES && ctx.get('Accept-Encoding') !== '';
  const encoding = !compress
    ? 'identity'
    : ctx.acceptsEncodings('br') === 'br'
      ? 'br'
      : ctx.acceptsEncodings('gzip');
  if (encoding === 'br') {
    entry.br ??= brotliCompressSync(entry.json, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5 },
    });
    ctx.set('Content-Encoding', 'br');
    ctx.body = entry.br;
  } else if (encoding === 'gzip') {
    entry.gzip ??= gzipSync(entry.json);
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = entry.gzip;
  } else ctx.body = entry.json;
}

/** A string this long in UTF-16 units is at least as long in UTF-8: no need to count its bytes. */
function byteLength(json: string | Buffer): number {
  return typeof json !== 'string' || json.length >= COMPRESS_MIN_BYTES
    ? json.length
    : Buffer.byteLength(json);
}

/** `If-None-Match` names this ETag (or `*`); weak forms match too, as RFC 9110 says for GET. */
export function fresh(header: string, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
