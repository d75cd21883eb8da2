import type {
  Genre,
  Home,
  HomeRowPage,
  MovieDetails,
  MovieList,
  PersonDetails,
} from '@lanxang/contracts';
import { callRoute, getRoute } from './client';

// Every response carries both languages (`{ en, lo }`), so one cached copy serves either locale
// and switching language never refetches.
const cache = new Map<string, { value: unknown; expiresAt: number }>();
const CACHE_MS = 5 * 60_000;

/** Requests under way: a second caller (the Splash after the start-up prefetch) shares the first. */
const loading = new Map<string, Promise<unknown>>();

async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.value as T;
  const pending = loading.get(key);
  if (pending) return pending as Promise<T>;
  const request = load()
    .then((value) => {
      cache.set(key, { value, expiresAt: Date.now() + CACHE_MS });
      return value;
    })
    .finally(() => loading.delete(key));
  loading.set(key, request);
  return request;
}

/** Home as last seen, if any: returning to Home draws this at once while a fresh copy loads. */
export function cachedHome(): Home | undefined {
  return cache.get('home')?.value as Home | undefined;
}

/**
 * The catalog's Home, the same for every viewer: asked for without credentials, so the API answers
 * from its cache and the browser needs no preflight. The viewer's own row, Continue watching,
 * comes from `continueWatching()` beside it.
 */
export const getHome = (): Promise<Home> =>
  cached('home', () => callRoute('home', { anonymous: true }));

/** A page of a Home row's cards, from the cursor Home or the page before gave. */
export const getHomeRow = (rowId: string, cursor: string): Promise<HomeRowPage> =>
  cached(`home-row:${rowId}:${cursor}`, () => getRoute('homeRow', { rowId }, { cursor }));

export const getMovie = (idOrSlug: string): Promise<MovieDetails> =>
  cached(`movie:${idOrSlug}`, () => getRoute('getMovie', { idOrSlug }));

export const getPerson = (id: string): Promise<PersonDetails> =>
  cached(`person:${id}`, () => getRoute('getPerson', { id }));

export const getGenres = (): Promise<Genre[]> =>
  cached('genres', async () => (await getRoute('listGenres')).items);

/** Not cached: results as you type must reflect every keystroke. */
export const searchMovies = (q: string, pageSize = 18): Promise<MovieList> =>
  getRoute('listMovies', {}, { q, pageSize });

export function clearCatalogCache(): void {
  cache.clear();
}
