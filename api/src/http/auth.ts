import { timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import type { AppState } from './context.js';
import { forbidden, unauthorized } from './errors.js';
import type { Guards } from './route.js';

/**
 * Interim guards until accounts land: the admin write API takes the configured admin token as a
 * bearer token; nothing else is signed in yet. The accounts work replaces this file's body.
 */
export function interimGuards(adminToken: string): Guards {
  const expected = Buffer.from(adminToken);
  const publicAccess: Koa.Middleware<AppState> = (_ctx, next) => next();
  return {
    public: publicAccess,
    viewer: () => {
      throw unauthorized();
    },
    admin: async (ctx, next) => {
      const presented = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
      if (!presented) throw unauthorized('Sign in as an admin to do this.');
      const given = Buffer.from(presented);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw forbidden('Only admins may do this.');
      }
      ctx.state.caller = { kind: 'admin', actor: 'admin-token' };
      await next();
    },
  };
}
