import { defineRoute, type RouteSpec } from './route-spec.js';
import { IdParamsSchema, MovieDetailsSchema } from './catalog.js';
import {
  TmdbBatchParamsSchema,
  TmdbBulkImportSchema,
  TmdbImportBatchSchema,
  TmdbImportSchema,
  TmdbMovieParamsSchema,
  TmdbMoviePreviewSchema,
  TmdbSearchQuerySchema,
  TmdbSearchSchema,
} from './tmdb.js';

/** Importing films from TMDB: search, preview, single and bulk import, re-sync. */
export const tmdbRouteSpecs = {
  adminTmdbSearch: defineRoute({
    method: 'get',
    path: '/api/admin/tmdb/search',
    summary: 'Search TMDB films by title and year, marking those already imported',
    tag: 'tmdb',
    access: 'admin',
    query: TmdbSearchQuerySchema,
    response: TmdbSearchSchema,
  }),
  adminTmdbPreview: defineRoute({
    method: 'get',
    path: '/api/admin/tmdb/movies/{tmdbId}',
    summary: 'What importing a TMDB film would write, without writing it',
    tag: 'tmdb',
    access: 'admin',
    params: TmdbMovieParamsSchema,
    response: TmdbMoviePreviewSchema,
  }),
  adminTmdbImport: defineRoute({
    method: 'post',
    path: '/api/admin/tmdb/import',
    summary: 'Import one TMDB film as a draft (re-syncs it when already imported)',
    tag: 'tmdb',
    access: 'admin',
    body: TmdbImportSchema,
    response: MovieDetailsSchema,
  }),
  adminTmdbResync: defineRoute({
    method: 'post',
    path: '/api/admin/movies/{id}/resync',
    summary: 'Refresh an imported film from TMDB; Lao an admin edited is kept',
    tag: 'tmdb',
    access: 'admin',
    params: IdParamsSchema,
    response: MovieDetailsSchema,
  }),
  adminTmdbBulkImport: defineRoute({
    method: 'post',
    path: '/api/admin/tmdb/imports',
    summary: 'Start importing a list of TMDB films in the background',
    tag: 'tmdb',
    access: 'admin',
    body: TmdbBulkImportSchema,
    response: TmdbImportBatchSchema,
    status: 202,
  }),
  adminTmdbImportBatch: defineRoute({
    method: 'get',
    path: '/api/admin/tmdb/imports/{id}',
    summary: 'A bulk import’s progress, film by film',
    tag: 'tmdb',
    access: 'admin',
    params: TmdbBatchParamsSchema,
    response: TmdbImportBatchSchema,
  }),
} satisfies Record<string, RouteSpec>;
