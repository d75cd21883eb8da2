import type Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';

/** Who is calling: filled by the auth middleware. */
export type Caller = { kind: 'anonymous' } | { kind: 'admin'; actor: string };

export interface AppState {
  requestId: string;
  log: Logger;
  caller: Caller;
}
export type AppContext = Koa.ParameterizedContext<AppState>;
export type AppRouter = Router<AppState>;
