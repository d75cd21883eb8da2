import type Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';

/** A caller with an account, and the session it came with. */
export interface SignedIn {
  userId: number;
  sessionId: string;
  sessionKind: 'web' | 'device';
  /** For audit entries: `user:<id> <email>`. */
  actor: string;
}

/** Who is calling: filled by the auth guards. The kind of a signed-in caller is their role. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'anonymousViewer'; anonymousViewerId: string; anonymousId: string }
  | ({ kind: 'viewer' } & SignedIn)
  | ({ kind: 'admin' } & SignedIn);

export type SignedInCaller = Extract<Caller, SignedIn>;

export interface AppState {
  requestId: string;
  log: Logger;
  caller: Caller;
  /** Set when the caller came with the web session cookie (its value and the session's expiry). */
  sessionCookie?: { token: string; expiresAt: Date; now: Date };
}
export type AppContext = Koa.ParameterizedContext<AppState>;
export type AppRouter = Router<AppState>;

/** The signed-in caller of a route whose guard demands one. */
export function signedIn(ctx: AppContext): SignedInCaller {
  const { caller } = ctx.state;
  if (caller.kind !== 'viewer' && caller.kind !== 'admin')
    throw new Error('route mounted without a sign-in guard');
  return caller;
}

/** Who is writing, for the audit log: the admin's `actor` and the request that did it. */
export function who(ctx: AppContext): { actor: string; requestId: string } {
  const { caller } = ctx.state;
  return {
    actor: caller.kind === 'admin' ? caller.actor : 'unknown',
    requestId: ctx.state.requestId,
  };
}
