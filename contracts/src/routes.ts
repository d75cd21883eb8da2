import type { z } from 'zod';
import { accountRouteSpecs } from './accounts.routes.js';
import { adminCatalogRouteSpecs } from './admin-catalog.routes.js';
import { analyticsRouteSpecs } from './analytics.routes.js';
import { catalogRouteSpecs } from './catalog.routes.js';
import { mediaRouteSpecs } from './media.routes.js';
import { progressRouteSpecs } from './progress.routes.js';
import type { RouteSpec } from './route-spec.js';
import { systemRouteSpecs } from './system.routes.js';
import { tmdbRouteSpecs } from './tmdb.routes.js';

/**
 * Every HTTP route of the API, one entry each; the API serves these and no others. Each area
 * keeps its routes in `<area>.routes.ts`; a new area adds its file and one line here.
 */
export const routes = {
  ...systemRouteSpecs,
  ...catalogRouteSpecs,
  ...adminCatalogRouteSpecs,
  ...tmdbRouteSpecs,
  ...mediaRouteSpecs,
  ...accountRouteSpecs,
  ...progressRouteSpecs,
  ...analyticsRouteSpecs,
} satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
type Output<T> = T extends z.ZodType ? z.infer<T> : never;
/** The body a route answers with. */
export type ResponseOf<Name extends RouteName> = Output<Routes[Name]['response']>;
