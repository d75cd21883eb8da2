import { z } from 'zod';
import {
  GenreListSchema,
  HomeSchema,
  IdOrSlugSchema,
  IdSchema,
  LocaleQuerySchema,
  MovieDetailsSchema,
  MovieListQuerySchema,
  MovieListSchema,
  PersonDetailsSchema,
} from './catalog.js';
import { HealthSchema, ReadySchema } from './system.js';

/** Who may call a route. The API enforces it; the OpenAPI document states it. */
export type Access = 'public' | 'viewer' | 'admin';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/movies/{idOrSlug}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success body; `null` for an empty 204. */
  response: z.ZodType | null;
  status?: number;
  /** Public, cacheable catalog data: the API adds a strong ETag and `Cache-Control`. */
  cacheable?: boolean;
}

export const defineRoute = <const Spec extends RouteSpec>(spec: Spec): Spec => spec;

/** Every HTTP route of the API, one entry each; the API serves these and no others. */
export const routes = {
  health: defineRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    tag: 'system',
    access: 'public',
    response: HealthSchema,
  }),
  ready: defineRoute({
    method: 'get',
    path: '/api/ready',
    summary: 'Readiness: the database answers',
    tag: 'system',
    access: 'public',
    response: ReadySchema,
  }),
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
    params: z.object({ idOrSlug: IdOrSlugSchema }),
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
    params: z.object({ id: IdSchema }),
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
    summary: 'The TV home screen in one request: hero items, then rows',
    tag: 'catalog',
    access: 'public',
    query: LocaleQuerySchema,
    response: HomeSchema,
    cacheable: true,
  }),
} satisfies Record<string, RouteSpec>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
type Output<T> = T extends z.ZodType ? z.infer<T> : never;
/** The body a route answers with. */
export type ResponseOf<Name extends RouteName> = Output<Routes[Name]['response']>;
