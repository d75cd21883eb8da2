import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from 'pino';
import type { AppState, Caller } from './context.js';

const SAFE_REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * A request's state, its logger made on first use: most requests log nothing but their closing
 * line, and a pino child per request costs more than the rest of this middleware.
 */
class RequestState implements AppState {
  caller: Caller = { kind: 'anonymous' };
  sessionCookie?: AppState['sessionCookie'];
  #log: Logger | undefined;
  readonly #logger: Logger;

  constructor(
    public requestId: string,
    logger: Logger,
  ) {
    this.#logger = logger;
  }

  get log(): Logger {
    return (this.#log ??= this.#logger.child({ requestId: this.requestId }));
  }
}

/** Gives each request an id (the caller's `X-Request-Id` when sane) and logs one line when it ends. */
export function requestLog(logger: Logger): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    ctx.state = new RequestState(requestId, logger);
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const level = ctx.status >= 500 ? 'error' : 'info';
      // The line's fields cost something to gather: not when the level writes nothing.
      if (logger.isLevelEnabled(level)) logEnd(ctx, level, started);
    }
  };
}

function logEnd(ctx: Koa.ParameterizedContext<AppState>, level: 'error' | 'info', started: bigint) {
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  ctx.state.log[level](
    {
      method: ctx.method,
      path: ctx.path,
      status: ctx.status,
      durationMs: Math.round(durationMs * 10) / 10,
    },
    'request',
  );
}
