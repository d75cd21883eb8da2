import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import Router from '@koa/router';
import { RequestContext } from '@mikro-orm/core';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db } from './db.js';
import { authGuards } from './http/auth.js';
import type { AppState } from './http/context.js';
import { errorHandler } from './http/error-handler.js';
import { requestLog } from './http/request-log.js';
import type { MountOptions } from './http/route.js';
import { catalogAdminRoutes } from './modules/catalog/catalog.admin.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { mediaRoutes, type MediaServices } from './modules/media/media.routes.js';
import { serveMediaFiles } from './modules/media/serve.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { tmdbRoutes } from './modules/tmdb/tmdb.routes.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { oauthRoutes } from './modules/accounts/oauth.routes.js';
import type { OwnershipRegistry } from './modules/accounts/ownership.js';
import { accountServices } from './modules/accounts/services.js';
import type { Clock } from './modules/accounts/sessions.js';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** The media queue and storage; without them the upload and job routes answer 503. */
  media?: MediaServices;
  /** Tests pass a clock they can move (session expiry, code lifetimes, rate windows). */
  clock?: Clock;
  /** Where per-viewer modules register how their records move to an account. */
  ownership?: OwnershipRegistry;
}

/** The HTTP application. The middleware order below is the request's path through it. */
export function createApp(deps: AppDeps) {
  const { db, config, logger } = deps;
  const app = new Koa<AppState>({ proxy: config.env === 'production' });
  const router = new Router<AppState>();
  const accounts = accountServices(config, { clock: deps.clock, ownership: deps.ownership });
  const mountOptions: MountOptions = {
    guards: authGuards({ db, config, ...accounts }),
    checkResponses: config.env !== 'production',
  };
  systemRoutes(router, mountOptions, deps);
  catalogRoutes(router, mountOptions, deps);
  catalogAdminRoutes(router, mountOptions, deps);
  tmdbRoutes(router, mountOptions, deps);
  mediaRoutes(router, mountOptions, deps);
  accountRoutes(router, mountOptions, deps, accounts);
  oauthRoutes(router, deps, accounts);

  app
    .use(requestLog(logger))
    .use(errorHandler())
    .use(
      cors({
        origin: (ctx) => allowedOrigin(ctx.get('Origin'), config.corsOrigins),
        exposeHeaders: ['ETag', 'X-Request-Id', 'Content-Range', 'Accept-Ranges', 'Content-Length'],
      }),
    )
    .use(serveMediaFiles(config.mediaDir))
    .use(
      bodyParser({
        enableTypes: ['json', 'form'],
        jsonLimit: config.bodyLimit,
        formLimit: config.bodyLimit,
        onError: (error) => {
          throw error;
        },
      }),
    )
    .use((_ctx, next) => RequestContext.create(db.em, next))
    .use(router.routes())
    .use(router.allowedMethods());
  return app;
}

function allowedOrigin(origin: string, allowed: string[]): string {
  // An empty string tells @koa/cors to send no CORS headers at all.
  return allowed.includes(origin) || allowed.includes('*') ? origin : '';
}
