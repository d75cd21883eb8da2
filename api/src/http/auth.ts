import type Koa from 'koa';
import type { Config } from '../config.js';
import type { AnonymousIds } from '../modules/accounts/anonymous-id.js';
import type { Clock, SessionStore } from '../modules/accounts/sessions.js';
import type { Db } from '../db.js';
import type { AppContext, AppState, Caller } from './context.js';
import { ANONYMOUS_ID_HEADER, CREDENTIAL_HEADERS } from './credentials.js';
import { forbidden, OAuthError, unauthorized } from './errors.js';
import type { Guards } from './route.js';

export interface AuthDeps {
  db: Db;
  config: Config;
  clock: Clock;
  sessions: SessionStore;
  anonymousIds: AnonymousIds;
}

/**
 * The guards behind each contract `access` level:
 * `optionalAuth` (optional), `requireAuthOrAnon` (viewerOrAnonymous), `requireAuth` (viewer),
 * `requireAdmin` (admin). Public routes look at no credentials at all.
 */
export function authGuards(deps: AuthDeps): Guards {
  const { config } = deps;

  /** The signed-in caller, `null` when no credential was sent, `'invalid'` when one was but is dead. */
  async function signedInCaller(ctx: AppContext): Promise<Caller | null | 'invalid'> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1];
    const cookie = bearer ? undefined : ctx.cookies.get(config.sessionCookieName);
    const token = bearer ?? cookie;
    if (!token) return null;
    const found = await deps.sessions.authenticate(deps.db.em, token);
    if (!found) return 'invalid';
    const { session, renewed } = found;
    if (cookie) {
      ctx.state.sessionCookie = { token, expiresAt: session.expiresAt, now: deps.clock() };
      if (renewed) setSessionCookie(ctx, config, token, session.expiresAt, session.lastUsedAt);
    }
    const { user } = session;
    return {
      kind: user.role,
      userId: user.id,
      sessionId: session.id,
      sessionKind: session.kind,
      actor: `user:${user.id} ${user.email}`,
    };
  }

  function anonymousViewer(ctx: AppContext): Caller | null {
    const anonymousId = ctx.get(ANONYMOUS_ID_HEADER);
    if (!anonymousId) return null;
    const anonymousViewerId = deps.anonymousIds.verify(anonymousId, deps.clock());
    if (!anonymousViewerId)
      throw unauthorized('The anonymous viewer id is forged or expired; ask for a new one.');
    return { kind: 'anonymousViewer', anonymousViewerId, anonymousId };
  }

  // Who is calling, when they say: a signed-in user, else an anonymous viewer, else nobody.
  const optionalAuth: Koa.Middleware<AppState> = async (ctx, next) => {
    // The answer depends on who asks (a home with their own row): a shared cache keys it so.
    ctx.vary(CREDENTIAL_HEADERS);
    const caller = await signedInCaller(ctx);
    const resolved = caller && caller !== 'invalid' ? caller : anonymousViewer(ctx);
    if (resolved) ctx.state.caller = resolved;
    await next();
  };

  const requireAuth: Koa.Middleware<AppState> = async (ctx, next) => {
    const caller = await signedInCaller(ctx);
    if (caller === 'invalid') throw unauthorized('Your session has ended; sign in again.');
    if (!caller) throw unauthorized();
    ctx.state.caller = caller;
    await next();
  };

  const requireAuthOrAnon: Koa.Middleware<AppState> = async (ctx, next) => {
    const caller = await signedInCaller(ctx);
    if (caller === 'invalid') throw unauthorized('Your session has ended; sign in again.');
    const resolved = caller ?? anonymousViewer(ctx);
    if (!resolved)
      throw unauthorized(`Sign in, or send an anonymous viewer id in ${ANONYMOUS_ID_HEADER}.`);
    ctx.state.caller = resolved;
    await next();
  };

  const requireAdmin: Koa.Middleware<AppState> = async (ctx, next) => {
    const caller = await signedInCaller(ctx);
    if (caller === 'invalid') throw unauthorized('Your session has ended; sign in again.');
    if (!caller) throw unauthorized('Sign in as an admin to do this.');
    if (caller.kind !== 'admin') throw forbidden('Only admins may do this.');
    ctx.state.caller = caller;
    await next();
  };

  return {
    public: (_ctx, next) => next(),
    optional: optionalAuth,
    viewerOrAnonymous: requireAuthOrAnon,
    viewer: requireAuth,
    admin: requireAdmin,
  };
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * Every state-changing request, public routes included, passes here before routing: a browser
 * page on another site must not sign a victim in, register, or write with their cookie.
 * The web pages call the API from their server, which sends no Origin; a browser always sends
 * one with a cross-site POST (`null` from sandboxed frames, which no list allows).
 * With the session cookie only the web pages' and the API's own origins may write; otherwise
 * the CORS origins (the TV app) may too.
 */
export function sameOriginWrites(config: Config): Koa.Middleware<AppState> {
  const webOrigin = new URL(config.publicWebUrl).origin;
  const apiOrigin = new URL(config.publicApiUrl).origin;
  const anyOrigin = config.corsOrigins.includes('*');
  return async (ctx, next) => {
    // Reads change nothing: no origin to check (most requests, so asked first).
    if (SAFE_METHODS.includes(ctx.method)) return next();
    const origin = ctx.get('Origin');
    const ownOrigin = `${ctx.protocol}://${ctx.host}`;
    const sameSite = origin === webOrigin || origin === apiOrigin || origin === ownOrigin;
    if (origin && !sameSite) {
      // The OAuth endpoints answer every refusal in RFC 6749's error shape, this one too.
      const refuse = (message: string) =>
        ctx.path.startsWith('/oauth/')
          ? new OAuthError('invalid_request', message)
          : forbidden(message);
      const bearer = /^Bearer\s/i.test(ctx.get('Authorization'));
      if (!bearer && ctx.cookies.get(config.sessionCookieName))
        throw refuse('Cross-origin requests may not use the session cookie.');
      if (!anyOrigin && !config.corsOrigins.includes(origin))
        throw refuse(`Requests from ${origin} may not change anything here.`);
    }
    await next();
  };
}

/** `HttpOnly; Secure; SameSite=Lax`, host-only, the whole site; lives as long as the session. */
export function setSessionCookie(
  ctx: AppContext,
  config: Config,
  token: string,
  expiresAt: Date,
  now: Date,
): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  ctx.append(
    'Set-Cookie',
    `${config.sessionCookieName}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`,
  );
}

export function clearSessionCookie(ctx: AppContext, config: Config): void {
  ctx.append(
    'Set-Cookie',
    `${config.sessionCookieName}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`,
  );
}
