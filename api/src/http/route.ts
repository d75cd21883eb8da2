import type { Access, RouteSpec } from '@lanxang/contracts';
import type Koa from 'koa';
import type { z } from 'zod';
import { sendCacheable } from './cache.js';
import { unsupportedMediaType } from './errors.js';
import type { AppContext, AppRouter, AppState } from './context.js';
import type { ResponseCache } from './response-cache.js';
import { parseInput } from './validate.js';

type Parsed<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteInput<Spec extends RouteSpec> {
  params: Parsed<Spec['params']>;
  query: Parsed<Spec['query']>;
  body: Parsed<Spec['body']>;
  ctx: AppContext;
}

/** What a handler returns: the body, typed by the route's response schema (input side). */
export type RouteOutput<Spec extends RouteSpec> = Spec['response'] extends z.ZodType
  ? z.input<Spec['response']>
  : void;

export type Guards = Record<Access, Koa.Middleware<AppState>>;

/** What every module's routes function gets to register its routes with. */
export interface RouteMount {
  router: AppRouter;
  guards: Guards;
  /** Check every response against its schema: on in development and tests, off in production. */
  checkResponses: boolean;
  /** Where cacheable routes keep their answers to anonymous callers (absent: never kept). */
  responseCache?: ResponseCache;
}

/**
 * Registers one route from the contracts: its guard, then input validation, then the handler,
 * then the response (cacheable ones with an ETag). Handlers see typed, validated input only.
 */
export function mount<Spec extends RouteSpec>(
  http: RouteMount,
  spec: Spec,
  handler: (input: RouteInput<Spec>) => Promise<RouteOutput<Spec>> | RouteOutput<Spec>,
): void {
  const path = spec.path.replace(/\{(\w+)\}/g, ':$1');
  http.router[spec.method](path, http.guards[spec.access], async (ctx) => {
    // Only JSON is parsed; any other body (a form, text/plain) would otherwise pass as `{}`.
    if (spec.body && ctx.request.type && !ctx.is('json'))
      throw unsupportedMediaType('Send the body as application/json.');
    const respond = async () => {
      const input = {
        params: spec.params ? parseInput(spec.params, ctx.params, 'params') : undefined,
        query: spec.query ? parseInput(spec.query, ctx.query, 'query') : undefined,
        body: spec.body ? parseInput(spec.body, ctx.request.body ?? {}, 'body') : undefined,
        ctx,
      } as unknown as RouteInput<Spec>;
      const result = await handler(input);
      return http.checkResponses && spec.response !== null ? checkResponse(spec, result) : result;
    };
    // Who asks changes nothing in a public answer to an anonymous caller: everyone shares it.
    const shared = ctx.state.caller.kind === 'anonymous';
    if (spec.cacheable && shared && http.responseCache) {
      await http.responseCache.send(ctx, ctx.url, spec.access, respond);
      return;
    }
    const body = await respond();
    if (spec.response === null) {
      ctx.status = spec.status ?? 204;
      return;
    }
    if (spec.cacheable) {
      sendCacheable(ctx, body, shared);
      return;
    }
    // Koa keeps a status the handler set explicitly (a 503 from the readiness check, say).
    if (spec.status) ctx.status = spec.status;
    ctx.body = body;
  });
}

/** A response that breaks its contract is our bug: a 500 with the details in the log. */
function checkResponse(spec: RouteSpec, result: unknown): unknown {
  const checked = spec.response!.safeParse(result);
  if (!checked.success) {
    throw new Error(
      `${spec.method.toUpperCase()} ${spec.path} answered outside its contract: ${checked.error.message}`,
    );
  }
  return checked.data;
}
