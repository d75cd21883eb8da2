import Router from '@koa/router';
import type { AppRouter, AppState } from './context.js';

/** Middleware as the router makes it (its context carries the route's params). */
type RouterMiddleware = ReturnType<AppRouter['routes']>;

/**
 * The app's routes, dispatched by the first two segments of the path (`/api/movies`,
 * `/oauth/token`). @koa/router tests every route's pattern in turn for every request (91 of them),
 * so each group gets a Router of its own holding the same routes, and a request reaches its
 * group's in one Map lookup. A path in no group goes to the whole router, so it is answered as
 * before. `router.allowedMethods()` still follows: it reads the routes the group router matched.
 */
export function routesByPrefix(router: AppRouter): RouterMiddleware {
  const groups = new Map<string, AppRouter>();
  for (const layer of router.stack) {
    const key = typeof layer.path === 'string' ? literalPrefix(layer.path) : undefined;
    if (key === undefined)
      throw new Error(`Route ${String(layer.path)} has no literal first two path segments`);
    let group = groups.get(key);
    if (!group) {
      group = new Router<AppState>(router.opts);
      groups.set(key, group);
    }
    group.stack.push(layer);
  }
  const dispatch = new Map<string, RouterMiddleware>();
  for (const [key, group] of groups) dispatch.set(key, group.routes());
  const everything = router.routes();
  return (ctx, next) => (dispatch.get(prefixOf(ctx.path)) ?? everything)(ctx, next);
}

/**
 * A request path's first two segments, lower-cased as the router matches (case-insensitive), with
 * any trailing slash it also accepts left off: `/API/Movies/12/` → `/api/movies`.
 */
function prefixOf(path: string): string {
  const second = path.indexOf('/', 1);
  const end = second === -1 ? -1 : path.indexOf('/', second + 1);
  return (end === -1 ? path : path.slice(0, end)).toLowerCase();
}

/** A route's group, if its first two segments are literal (no parameter or pattern in them). */
function literalPrefix(path: string): string | undefined {
  const prefix = prefixOf(path);
  return /^(?:\/[\w.-]+){1,2}$/.test(prefix) ? prefix : undefined;
}
