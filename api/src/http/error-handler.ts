import {
  DriverException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { PROBLEM_CONTENT_TYPE } from '@lanxang/contracts';
import type Koa from 'koa';
import type { AppState } from './context.js';
import {
  HttpError,
  OAuthError,
  badRequest,
  conflict,
  internalError,
  methodNotAllowed,
  missing,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  unsupportedMediaType,
} from './errors.js';
import { toProblem } from './problem.js';

/**
 * Every failure leaves as one problem+json shape. Handlers never catch: they throw, and this
 * decides the status. Unexpected errors are logged whole and answered with the request id only.
 */
export function errorHandler(): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      // The router leaves these as bare statuses (with an Allow header for 405 and 501).
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) {
          throw missing(`No route answers ${ctx.method} ${ctx.path}.`, 'route_not_found');
        }
        if (ctx.status === 405 || ctx.status === 501) {
          throw methodNotAllowed(
            `${ctx.method} is not allowed here; use ${ctx.response.get('Allow')}.`,
          );
        }
      }
    } catch (thrown) {
      if (thrown instanceof OAuthError) {
        ctx.status = thrown.status;
        ctx.set('Cache-Control', 'no-store');
        if (thrown.status === 401) ctx.set('WWW-Authenticate', 'Basic realm="lanxang"');
        if (thrown.retryAfterSeconds !== undefined)
          ctx.set('Retry-After', String(thrown.retryAfterSeconds));
        ctx.body = { error: thrown.error, error_description: thrown.description };
        return;
      }
      const error = toHttpError(thrown);
      if (error.status >= 500) ctx.state.log.error({ err: thrown }, 'request failed');
      ctx.status = error.status;
      ctx.type = PROBLEM_CONTENT_TYPE;
      ctx.body = toProblem(error, ctx.path, ctx.state.requestId);
      for (const [name, value] of Object.entries(error.headers ?? {})) ctx.set(name, value);
    }
  };
}

function toHttpError(thrown: unknown): HttpError {
  if (thrown instanceof HttpError) return thrown;
  if (thrown instanceof NotFoundError) return notFound('That record');
  if (thrown instanceof UniqueConstraintViolationException) {
    return conflict(
      `A record with the same ${uniqueField(thrown) ?? 'unique value'} already exists.`,
    );
  }
  if (thrown instanceof ForeignKeyConstraintViolationException) {
    return conflict('The record is still referenced by another one.');
  }
  const httpLike = thrown as { status?: unknown; type?: unknown; expose?: unknown };
  // Body parsing (co-body / raw-body) and router errors carry a status and, for parsing, a type.
  if (httpLike?.type === 'entity.too.large') {
    return payloadTooLarge('The request body is larger than the server accepts.');
  }
  // co-body marks a JSON syntax error with status 400 and the raw body it could not parse.
  if (
    httpLike?.type === 'entity.parse.failed' ||
    (httpLike?.status === 400 && 'body' in (thrown as object))
  ) {
    return badRequest('The request body is not valid JSON.', 'invalid_json');
  }
  if (httpLike?.status === 415) {
    return unsupportedMediaType('Send the body as application/json.');
  }
  if (thrown instanceof DriverException && /connect|terminat/i.test(thrown.message)) {
    return serviceUnavailable('The database is unavailable; try again shortly.');
  }
  return internalError();
}

function uniqueField(error: UniqueConstraintViolationException): string | undefined {
  const detail = (error as { detail?: string }).detail ?? error.message;
  return /Key \(([^)]+)\)/.exec(detail)?.[1]?.replaceAll('_', ' ');
}
