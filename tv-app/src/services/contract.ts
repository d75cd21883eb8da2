import type { routes } from '@lanxang/contracts';

// The contract's route table, as a type only: importing `routes` as a value would pull zod (and
// every schema) into the TV bundle.
type Routes = typeof routes;
type RouteName = keyof Routes;

/** A zod schema's parsed type, read off the schema's type the way `z.output` does. */
type Output<Schema> = Schema extends { _zod: { output: infer Parsed } } ? Parsed : never;

/**
 * The path of every route the TV calls. `satisfies` holds each one to the contract's own path, so
 * a route the contract moves or renames fails the typecheck here rather than as a 404 on a TV.
 */
const PATHS = {
  home: '/api/home',
  homeRow: '/api/home/rows/{rowId}',
  listMovies: '/api/movies',
  getMovie: '/api/movies/{idOrSlug}',
  getPerson: '/api/people/{id}',
  listGenres: '/api/genres',
  playback: '/api/movies/{idOrSlug}/playback',
  playbackToken: '/api/movies/{idOrSlug}/playback/token',
  downloadOffer: '/api/movies/{idOrSlug}/download',
  me: '/api/auth/me',
  logout: '/api/auth/logout',
  createAnonymousId: '/api/anonymous',
  deviceAuthorization: '/oauth/device_authorization',
  token: '/oauth/token',
  getRentalPrice: '/api/movies/{idOrSlug}/price',
  startPayment: '/api/payments',
  getPayment: '/api/payments/{id}',
  cancelPayment: '/api/payments/{id}/cancel',
  listRentals: '/api/rentals',
  putWatchProgress: '/api/watch-progress/{movieId}',
  listWatchProgress: '/api/watch-progress',
  getWatchProgress: '/api/watch-progress/{movieId}',
  deleteWatchProgress: '/api/watch-progress/{movieId}',
  postAnalyticsEvents: '/api/analytics/events',
} as const satisfies { readonly [Name in RouteName]?: Routes[Name]['path'] };

export type TvRoute = keyof typeof PATHS;

/**
 * The routes the TV calls with a method other than GET, each held to the contract's own method
 * like the paths above.
 */
const METHODS = {
  startPayment: 'post',
  cancelPayment: 'post',
  downloadOffer: 'post',
} as const satisfies { readonly [Name in TvRoute]?: Routes[Name]['method'] };

/** The HTTP method of a route, as `fetch` wants it. */
export function methodOf(name: TvRoute): string {
  return ((METHODS as Partial<Record<TvRoute, string>>)[name] ?? 'get').toUpperCase();
}

/** What a route answers with on success. */
export type ResponseOf<Name extends TvRoute> = Output<Routes[Name]['response']>;

/** What a route takes as its body (JSON, or form fields for the OAuth endpoints). */
export type BodyOf<Name extends TvRoute> = Routes[Name] extends { body: infer Body }
  ? Output<Body>
  : never;

/** The query a route reads; every field may be left out (the API fills its defaults). */
export type QueryOf<Name extends TvRoute> = Routes[Name] extends { query: infer Query }
  ? Partial<Output<Query>>
  : Record<string, never>;

type ParamNames<Path> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** The `{name}` segments of a route's path, each a value to put there. */
export type ParamsOf<Name extends TvRoute> = Record<ParamNames<Routes[Name]['path']>, string>;

/** A route's path values, which a path without `{name}` segments may leave out. */
export type PathArgs<Name extends TvRoute> = [keyof ParamsOf<Name>] extends [never]
  ? [params?: ParamsOf<Name>]
  : [params: ParamsOf<Name>];

/** The route's path with its `{name}` segments filled in, URL-encoded. */
export function pathFor<Name extends TvRoute>(name: Name, ...[params]: PathArgs<Name>): string {
  const values: Record<string, string> = params ?? {};
  return PATHS[name].replace(/\{(\w+)\}/g, (_, param: string) =>
    encodeURIComponent(values[param] ?? ''),
  );
}
