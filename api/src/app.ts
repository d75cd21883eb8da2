import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import Router from '@koa/router';
import { ANALYTICS_BODY_MAX_BYTES, routes } from '@lanxang/contracts';
import Koa from 'koa';
import { authGuards, sameOriginWrites } from './http/auth.js';
import { clientIp } from './http/client-ip.js';
import type { AppState } from './http/context.js';
import { answerFromCache } from './http/response-cache.js';
import { errorHandler } from './http/error-handler.js';
import { jsonCompression } from './http/json-compression.js';
import { requestContext } from './http/request-context.js';
import { requestLog } from './http/request-log.js';
import { routesByPrefix } from './http/route-groups.js';
import { bodyTimeouts } from './http/timeouts.js';
import type { RouteMount } from './http/route.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { oauthRoutes } from './modules/accounts/oauth.routes.js';
import { catalogAdminRoutes } from './modules/catalog/catalog.admin.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { mediaRoutes } from './modules/media/media.routes.js';
import { authorizeMediaForProxy } from './modules/media/authorize.js';
import { serveMediaFiles } from './modules/media/serve.js';
import { rentalAdminRoutes } from './modules/rentals/rentals.admin.routes.js';
import { rentalRoutes } from './modules/rentals/rentals.routes.js';
import { progressRoutes } from './modules/progress/progress.routes.js';
import { analyticsRoutes } from './modules/analytics/analytics.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { tmdbRoutes } from './modules/tmdb/tmdb.routes.js';
import type { Services } from './services.js';

/** Every module's routes, each registered the same way; a new module adds its function here. */
const moduleRoutes: ((http: RouteMount, services: Services) => void)[] = [
  systemRoutes,
  catalogRoutes,
  catalogAdminRoutes,
  tmdbRoutes,
  mediaRoutes,
  accountRoutes,
  oauthRoutes,
  rentalRoutes,
  rentalAdminRoutes,
  progressRoutes,
  analyticsRoutes,
];

/** The HTTP application. The middleware order below is the request's path through it. */
export function createApp(services: Services) {
  const { db, config, logger } = services;
  // X-Forwarded-For is read exactly as many hops deep as there are proxies we run; what a client
  // wrote further left is not believed.
  const { trustedProxyCount } = config.http;
  const app = new Koa<AppState>({
    proxy: trustedProxyCount > 0,
    maxIpsCount: trustedProxyCount,
  });
  const router = new Router<AppState>();
  const http: RouteMount = {
    router,
    guards: authGuards({ db, config, clock: services.clock, ...services.accounts }),
    checkResponses: config.env !== 'production',
    responseCache: services.catalog.responses,
  };
  for (const register of moduleRoutes) register(http, services);

  app
    .use(clientIp(config.http.adminServiceToken))
    .use(requestLog(logger))
    .use(bodyTimeouts(config.http))
    .use(errorHandler())
    .use(jsonCompression())
    .use(
      cors({
        origin: (ctx) => allowedOrigin(ctx.get('Origin'), config.corsOrigins),
        exposeHeaders: [
          'ETag',
          'X-Request-Id',
          'Content-Range',
          'Accept-Ranges',
          'Content-Length',
          'Date',
          // A TV told to wait (429) shows how long.
          'Retry-After',
        ],
      }),
    )
    .use(answerFromCache(services.catalog.responses))
    .use(serveMediaFiles(config.mediaDir, services.media.tokens, services.media.storage))
    .use(authorizeMediaForProxy(config.mediaDir, services.media.tokens, services.clock))
    .use(sameOriginWrites(config))
    .use(bodies(config.bodyLimit))
    .use(requestContext(db.em))
    .use(routesByPrefix(router))
    .use(router.allowedMethods());
  return app;
}

/**
 * JSON everywhere, forms only where OAuth's standards require them (RFC 6749 §3.2, RFC 8628):
 * a form is what a cross-site page can post without CORS, so no JSON route reads one.
 */
function bodies(limit: string): Koa.Middleware<AppState> {
  const rethrow = (error: Error) => {
    throw error;
  };
  const json = bodyParser({ enableTypes: ['json'], jsonLimit: limit, onError: rethrow });
  const form = bodyParser({ enableTypes: ['form'], formLimit: limit, onError: rethrow });
  // TVs post analytics unattended and often: their batches get a tighter limit of their own.
  const events = bodyParser({
    enableTypes: ['json'],
    jsonLimit: ANALYTICS_BODY_MAX_BYTES,
    onError: rethrow,
  });
  return (ctx, next) => {
    if (ctx.path.startsWith('/oauth/')) return form(ctx, next);
    return ctx.path === routes.postAnalyticsEvents.path ? events(ctx, next) : json(ctx, next);
  };
}

function allowedOrigin(origin: string, allowed: string[]): string {
  // An empty string tells @koa/cors to send no CORS headers at all.
  return allowed.includes(origin) || allowed.includes('*') ? origin : '';
}
