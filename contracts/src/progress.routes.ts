import { LocaleQuerySchema } from './catalog.js';
import {
  ContinueWatchingListSchema,
  MovieIdParamsSchema,
  WatchProgressInputSchema,
  WatchProgressSchema,
} from './progress.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** A viewer's watch progress: resume points and the Continue watching row. Owner only. */
export const progressRouteSpecs = {
  putWatchProgress: defineRoute({
    method: 'put',
    path: '/api/watch-progress/{movieId}',
    summary:
      'Save where I am in a film; the newest client timestamp wins (answers what is kept, which may be a newer save)',
    tag: 'progress',
    access: 'viewerOrAnonymous',
    params: MovieIdParamsSchema,
    body: WatchProgressInputSchema,
    response: WatchProgressSchema,
  }),
  listWatchProgress: defineRoute({
    method: 'get',
    path: '/api/watch-progress',
    summary:
      'Continue watching: my unfinished films, most recently watched first, with their cards',
    tag: 'progress',
    access: 'viewerOrAnonymous',
    query: LocaleQuerySchema,
    response: ContinueWatchingListSchema,
  }),
  getWatchProgress: defineRoute({
    method: 'get',
    path: '/api/watch-progress/{movieId}',
    summary: 'Where I stopped one film (404 when I never watched it)',
    tag: 'progress',
    access: 'viewerOrAnonymous',
    params: MovieIdParamsSchema,
    response: WatchProgressSchema,
  }),
  deleteWatchProgress: defineRoute({
    method: 'delete',
    path: '/api/watch-progress/{movieId}',
    summary: 'Take a film out of Continue watching',
    tag: 'progress',
    access: 'viewerOrAnonymous',
    params: MovieIdParamsSchema,
    response: null,
  }),
} satisfies Record<string, RouteSpec>;
