import { defineRoute, type RouteSpec } from './route-spec.js';
import {
  GenreListSchema,
  HomeSchema,
  IdOrSlugParamsSchema,
  IdParamsSchema,
  LocaleQuerySchema,
  MovieDetailsSchema,
  MovieListQuerySchema,
  MovieListSchema,
  PersonDetailsSchema,
} from './catalog.js';

/** What the TV reads: published films, people, genres and the home screen. */
export const catalogRouteSpecs = {
  listMovies: defineRoute({
    method: 'get',
    path: '/api/movies',
    summary: 'Published films, paginated, filtered by genre or searched by title in any language',
    tag: 'catalog',
    access: 'public',
    query: MovieListQuerySchema,
    response: MovieListSchema,
    cacheable: true,
  }),
  getMovie: defineRoute({
    method: 'get',
    path: '/api/movies/{idOrSlug}',
    summary: 'Everything the details screen shows about one published film',
    tag: 'catalog',
    access: 'public',
    params: IdOrSlugParamsSchema,
    query: LocaleQuerySchema,
    response: MovieDetailsSchema,
    cacheable: true,
  }),
  getPerson: defineRoute({
    method: 'get',
    path: '/api/people/{id}',
    summary: 'A person with their filmography',
    tag: 'catalog',
    access: 'public',
    params: IdParamsSchema,
    query: LocaleQuerySchema,
    response: PersonDetailsSchema,
    cacheable: true,
  }),
  listGenres: defineRoute({
    method: 'get',
    path: '/api/genres',
    summary: 'All genres',
    tag: 'catalog',
    access: 'public',
    query: LocaleQuerySchema,
    response: GenreListSchema,
    cacheable: true,
  }),
  home: defineRoute({
    method: 'get',
    path: '/api/home',
    summary:
      'The TV home screen in one request: hero items, then rows (Continue watching first for a known viewer)',
    tag: 'catalog',
    access: 'optional',
    query: LocaleQuerySchema,
    response: HomeSchema,
    cacheable: true,
  }),
} satisfies Record<string, RouteSpec>;
