import type { IncomingMessage } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '@lanxang/contracts';
import type Koa from 'koa';
import type { AppContext, AppState } from './context.js';
import { requestTimeout, type HttpError } from './errors.js';
import { toProblem } from './problem.js';

export interface BodyTimeouts {
  /** Time to receive a whole request body. */
  requestTimeoutMs: number;
  /** For a streamed upload instead: the longest pause between two pieces of its body. */
  uploadIdleTimeoutMs: number;
}

const deadlines = new WeakMap<IncomingMessage, { timer: NodeJS.Timeout; idleMs: number }>();

/**
 * How long a request may take to arrive, per request. Node's own `requestTimeout` is one value
 * for the whole server (the servers set it to 0 and leave the job to this): it would cut a 20 GiB
 * upload at any speed under ~70 MB/s, while a small JSON body trickled in must still be cut.
 * A route that streams a large body trades the deadline for an idle timeout (`streamedBody`).
 */
export function bodyTimeouts(timeouts: BodyTimeouts): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    const { req, res } = ctx;
    // Without a body the request is whole once its headers are: nothing to wait for, so no
    // timer (most requests are GETs, and a timer and a listener each cost more than the check).
    if (!hasBody(req)) return next();
    const seconds = timeouts.requestTimeoutMs / 1000;
    const timer = setTimeout(() => {
      if (!req.complete)
        cutOff(ctx, requestTimeout(`The request did not arrive whole within ${seconds} s.`));
    }, timeouts.requestTimeoutMs);
    deadlines.set(req, { timer, idleMs: timeouts.uploadIdleTimeoutMs });
    res.once('close', () => clearTimeout(timer));
    await next();
  };
}

/** RFC 9112 §6.3: a request has a body only with `Transfer-Encoding` or a non-zero `Content-Length`. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * For a body that may rightly take hours (a video upload): no deadline for the whole, but a
 * pause longer than the idle timeout cuts it, so a stalled client does not hold a connection
 * and a half-written file forever.
 */
export function streamedBody(ctx: AppContext): void {
  const deadline = deadlines.get(ctx.req);
  if (!deadline) return;
  clearTimeout(deadline.timer);
  const seconds = deadline.idleMs / 1000;
  // The socket's idle timer; Node emits `timeout` on the request only while it is incomplete.
  ctx.req.setTimeout(deadline.idleMs, () =>
    cutOff(ctx, requestTimeout(`The upload stalled: nothing arrived for ${seconds} s.`)),
  );
  // Once the body is in, the handler may take its time (probing the file) on an idle socket.
  ctx.req.once('end', () => ctx.req.socket?.setTimeout(0));
}

/**
 * Answers at once, while the handler may still be waiting for the body, then closes the
 * connection: the handler's read fails, it cleans up, and its own answer is dropped (Koa writes
 * nothing once the response has ended).
 */
function cutOff(ctx: AppContext, error: HttpError): void {
  const { req, res } = ctx;
  ctx.state.log.warn({ method: ctx.method, path: ctx.path }, error.message);
  if (!res.headersSent) {
    res.writeHead(error.status, { ...error.headers, 'Content-Type': PROBLEM_CONTENT_TYPE });
    res.end(JSON.stringify(toProblem(error, ctx.path, ctx.state.requestId)));
  }
  res.once('finish', () => req.destroy());
  if (res.writableFinished) req.destroy();
}
