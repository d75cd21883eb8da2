import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AppContext } from './context.js';

/** A public response as sent: its JSON, its ETag, and each compressed form once asked for. */
interface CachedResponse {
  json: Buffer;
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

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

  constructor(private readonly maxEntries: number) {}

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

  /**
   * Answers from the cache when it holds `key`; otherwise runs `produce` and keeps its result,
   * unless the catalog changed meanwhile.
   */
  async send(ctx: AppContext, key: string, produce: () => Promise<unknown>): Promise<void> {
    if (!this.live) {
      sendEntry(ctx, toEntry(await produce()));
      return;
    }
    let entry = this.entries.get(key);
    if (entry) {
      // Re-inserted, so the map's order is least recently used first.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      const started = this.generation;
      entry = toEntry(await produce());
      if (this.live && started === this.generation && this.maxEntries > 0) {
        this.entries.set(key, entry);
        if (this.entries.size > this.maxEntries)
          this.entries.delete(this.entries.keys().next().value!);
      }
    }
    sendEntry(ctx, entry);
  }
}

function toEntry(body: unknown): CachedResponse {
  const json = Buffer.from(JSON.stringify(body));
  return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

function sendEntry(ctx: AppContext, entry: CachedResponse): void {
  ctx.set('ETag', entry.etag);
  ctx.set('Cache-Control', 'public, max-age=60, stale-while-revalidate=600');
  ctx.vary('Accept-Encoding');
  if (fresh(ctx.get('If-None-Match'), entry.etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json';
  // Brotli whenever the client takes it, whatever order it lists encodings in: it is smaller.
  const compress = entry.json.length >= COMPRESS_MIN_BYTES;
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

/** `If-None-Match` names this ETag (or `*`); weak forms match too, as RFC 9110 says for GET. */
export function fresh(header: string, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
