import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type Koa from 'koa';
import type { AppState } from './context.js';

/** The viewer's address, as the admin server saw it; believed only with the service token. */
export const CLIENT_IP_HEADER = 'X-Lanxang-Client-IP';
export const SERVICE_TOKEN_HEADER = 'X-Lanxang-Service-Token';

/**
 * The admin's pages reach the API from the admin server, so without this every web sign-in,
 * sign-up and code entry would count against that one server's address in the per-IP limits.
 * The admin names the viewer's address and proves it is the admin with its service token;
 * anyone else's claim is ignored, and `ctx.ip` stays what the trusted proxies say.
 */
export function clientIp(serviceToken: string): Koa.Middleware<AppState> {
  const expected = Buffer.from(serviceToken);
  const isAdminServer = (presented: string) => {
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return (ctx, next) => {
    const claimed = ctx.get(CLIENT_IP_HEADER).trim();
    if (claimed && isIP(claimed) && isAdminServer(ctx.get(SERVICE_TOKEN_HEADER))) {
      ctx.request.ip = claimed;
    }
    return next();
  };
}
