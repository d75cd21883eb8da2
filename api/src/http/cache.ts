import type { AppContext } from './context.js';
import { etagOf, fresh, JSON_CONTENT_TYPE } from './response-cache.js';

/**
 * Sends `body` as JSON with a strong ETag; answers 304 when the client already has it.
 * `shared` says whether the response is the same for everyone (a CDN may keep it).
 */
export function sendCacheable(ctx: AppContext, body: unknown, shared: boolean): void {
  const json = JSON.stringify(body);
  const etag = etagOf(json);
  ctx.set('ETag', etag);
  ctx.set(
    'Cache-Control',
    shared ? 'public, max-age=60, stale-while-revalidate=600' : 'private, no-cache',
  );
  if (fresh(ctx.get('If-None-Match'), etag)) {
    ctx.status = 304;
    return;
  }
  ctx.set('Content-Type', JSON_CONTENT_TYPE);
  ctx.body = json;
}
