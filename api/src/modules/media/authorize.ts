import path from 'node:path';
import type Koa from 'koa';
import type { AppState } from '../../http/context.js';
import { HttpError } from '../../http/errors.js';
import { decideMedia, tokenRefused } from './serve.js';
import { tokenCovers, type MediaTokens } from './tokens.js';

/** Where nginx asks (an `auth_request` subrequest); nginx answers it 404 to outside callers. */
export const MEDIA_AUTHORIZE_PATH = '/api/media/authorize';

/** The longest nginx may keep a "yes" (`X-Accel-Expires`): well under a token's life. */
export const AUTHORIZE_CACHE_SECONDS = 30;

/**
 * The media decision without the bytes, for nginx in front of the API (deploy/nginx/,
 * decision 016): `X-Original-URI` names the `/media/t/<token>/<key>` a player asked for; 204 when
 * the token is good and covers the key's whole film folder (so nginx may reuse the answer for
 * every file of that folder), 403 `media_token_invalid` otherwise. nginx's `auth_request` only
 * understands 2xx, 401 and 403, so every refusal here is a 403.
 */
export function authorizeMediaForProxy(
  mediaDir: string,
  tokens: MediaTokens,
  now: () => Date,
): Koa.Middleware<AppState> {
  const root = path.resolve(mediaDir);
  return async (ctx, next) => {
    if (ctx.path !== MEDIA_AUTHORIZE_PATH) return next();
    const uri = ctx.get('X-Original-URI').split('?')[0] ?? '';
    let decision: ReturnType<typeof decideMedia> | null = null;
    try {
      decision = decideMedia(root, uri, tokens);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
    }
    const claims = decision?.claims;
    const folder = decision?.key.split('/').slice(0, 2).join('/');
    if (!claims || !tokenCovers(claims, `${folder}/`)) throw tokenRefused();
    const secondsLeft = Math.floor((claims.expiresAt.getTime() - now().getTime()) / 1000);
    // nginx keeps this "yes" no longer than the token lives, and at most half a minute.
    ctx.set('X-Accel-Expires', String(Math.max(1, Math.min(AUTHORIZE_CACHE_SECONDS, secondsLeft))));
    ctx.set('X-Media-Token-Expires', claims.expiresAt.toUTCString());
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 204;
  };
}
