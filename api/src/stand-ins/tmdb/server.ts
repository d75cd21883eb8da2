import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { FIGHT_CLUB_ID, LAO_FILM_ID, loadFakeData, type FakeFilm, type FakeImage } from './data.js';
import { fakeImageMaker } from './images.js';

export { FIGHT_CLUB_ID, LAO_FILM_ID };

/** The credentials the fake accepts, unless others are given. */
export const FAKE_TMDB_API_KEY = '0123456789abcdef0123456789abcdef';
export const FAKE_TMDB_READ_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJmYWtlLXRtZGIifQ.ZmFrZS10bWRiLXNpZ25hdHVyZQ';

export interface FakeTmdbRequest {
  path: string;
  query: Record<string, string>;
  auth: 'api_key' | 'bearer' | 'none';
  status: number;
}

export interface FakeTmdb {
  /** Use as `TMDB_BASE_URL`: the fake answers at TMDB's own paths under it. */
  baseUrl: string;
  origin: string;
  apiKey: string;
  readToken: string;
  /** Every API request (not image downloads), in arrival order. */
  requests: FakeTmdbRequest[];
  /** Image paths downloaded, e.g. `/t/p/w780/abc.jpg`. */
  imageRequests: string[];
  /** The next `times` API requests answer 429 with `Retry-After: retryAfterSeconds`, as TMDB does. */
  rateLimit(times: number, retryAfterSeconds?: number): void;
  /** The next `times` API requests answer TMDB's 504 (status_code 24). */
  failNext(times: number): void;
  /** Forgets recorded requests and pending rate limits or failures. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeTmdbOptions {
  port?: number;
  host?: string;
  /** Where drawn images are kept between runs (default: `<repo>/.cache/fake-tmdb`). */
  cacheDir?: string;
  apiKey?: string;
  readToken?: string;
}

const IMAGE_CONFIG = {
  backdrop_sizes: ['w300', 'w780', 'w1280', 'original'],
  logo_sizes: ['w45', 'w92', 'w154', 'w185', 'w300', 'w500', 'original'],
  poster_sizes: ['w92', 'w154', 'w185', 'w342', 'w500', 'w780', 'original'],
  profile_sizes: ['w45', 'w185', 'h632', 'original'],
  still_sizes: ['w92', 'w185', 'w300', 'original'],
};
const APPENDABLE = ['credits', 'images', 'videos', 'translations', 'release_dates'] as const;
type Appendable = (typeof APPENDABLE)[number];
const PAGE_SIZE = 20;

/**
 * A local stand-in for TMDB's v3 API and image CDN, built from real captured responses. It speaks
 * the same paths, query parameters, auth and error bodies, so the importer runs against it with
 * nothing changed but `TMDB_BASE_URL`. Used by the tests and by the demo (`npm start`).
 */
export async function startFakeTmdb(options: FakeTmdbOptions = {}): Promise<FakeTmdb> {
  const data = loadFakeData();
  const apiKey = options.apiKey ?? FAKE_TMDB_API_KEY;
  const readToken = options.readToken ?? FAKE_TMDB_READ_TOKEN;
  const images = fakeImageMaker(
    options.cacheDir ?? path.resolve(import.meta.dirname, '../../../../.cache/fake-tmdb'),
  );
  const requests: FakeTmdbRequest[] = [];
  const imageRequests: string[] = [];
  let rateLimited: { remaining: number; retryAfterSeconds: number } = {
    remaining: 0,
    retryAfterSeconds: 1,
  };
  let failures = 0;
  let origin = '';

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
    return status;
  };

  function filmResponse(film: FakeFilm, query: URLSearchParams): Record<string, unknown> {
    const language = languageOf(query.get('language'));
    const body: Record<string, unknown> = { ...film.details, ...translatedFields(film, language) };
    const appended = new Set(
      (query.get('append_to_response') ?? '').split(',').map((part) => part.trim()),
    );
    for (const key of APPENDABLE) {
      if (appended.has(key)) body[key] = subResource(film, key, query);
    }
    return body;
  }

  function subResource(film: FakeFilm, key: Appendable, query: URLSearchParams): unknown {
    if (key !== 'images') return film[key];
    // As TMDB: `language` filters images to that language; `include_image_language` adds more
    // (`null` meaning images with no language); with neither, every image comes back.
    const language = languageOf(query.get('language'));
    const include = (query.get('include_image_language') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const allowed = new Set([...include, ...(language ? [language] : [])]);
    const keep = (image: FakeImage) => !allowed.size || allowed.has(image.iso_639_1 ?? 'null');
    return {
      backdrops: film.images.backdrops.filter(keep),
      logos: film.images.logos.filter(keep),
      posters: film.images.posters.filter(keep),
    };
  }

  function search(res: ServerResponse, query: URLSearchParams): number {
    const text = (query.get('query') ?? '').trim().toLowerCase();
    if (!text) return send(res, 422, data.errors.validation);
    const year = query.get('year') ?? query.get('primary_release_year');
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const matches = [...data.films.values()].filter((film) => {
      const titles = [
        film.details.title,
        film.details.original_title,
        ...film.translations.translations.map((t) => String(t.data.title ?? '')),
      ];
      return (
        titles.some((title) => title.toLowerCase().includes(text)) &&
        (!year || film.details.release_date.startsWith(year))
      );
    });
    const results = matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(({ details }) => ({
      adult: details.adult,
      backdrop_path: details.backdrop_path,
      genre_ids: details.genres.map((genre) => genre.id),
      id: details.id,
      original_language: details.original_language,
      original_title: details.original_title,
      overview: details.overview,
      popularity: details.popularity,
      poster_path: details.poster_path,
      release_date: details.release_date,
      title: details.title,
      video: details.video,
      vote_average: details.vote_average,
      vote_count: details.vote_count,
    }));
    return send(res, 200, {
      page,
      results,
      total_pages: Math.max(1, Math.ceil(matches.length / PAGE_SIZE)),
      total_results: matches.length,
    });
  }

  function api(req: IncomingMessage, res: ServerResponse, url: URL): number {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const key = url.searchParams.get('api_key');
    if (!(key === apiKey || (key === null && bearer === readToken)))
      return send(res, 401, data.errors.invalidApiKey);
    if (rateLimited.remaining > 0) {
      rateLimited.remaining--;
      return send(
        res,
        429,
        {
          success: false,
          status_code: 25,
          status_message: 'Your request count (41) is over the allowed limit of (40).',
        },
        { 'retry-after': String(rateLimited.retryAfterSeconds) },
      );
    }
    if (failures > 0) {
      failures--;
      return send(res, 504, {
        success: false,
        status_code: 24,
        status_message: 'Your request to the backend server timed out. Try again.',
      });
    }

    const route = url.pathname.slice('/3'.length);
    const query = url.searchParams;
    if (route === '/configuration') {
      const base = `${origin}/t/p/`;
      return send(res, 200, {
        images: { base_url: base, secure_base_url: base, ...IMAGE_CONFIG },
        change_keys: [],
      });
    }
    if (route === '/configuration/languages') return send(res, 200, data.languages);
    if (route === '/genre/movie/list') return send(res, 200, data.genres);
    if (route === '/search/movie') return search(res, query);

    const movie = /^\/movie\/(\d+)(?:\/([a-z_]+))?$/.exec(route);
    if (movie) {
      const film = data.films.get(Number(movie[1]));
      const sub = movie[2] as Appendable | undefined;
      if (!film || (sub && !APPENDABLE.includes(sub))) return send(res, 404, data.errors.notFound);
      if (sub)
        return send(res, 200, {
          id: film.details.id,
          ...(subResource(film, sub, query) as object),
        });
      return send(res, 200, filmResponse(film, query));
    }
    const person = /^\/person\/(\d+)$/.exec(route);
    if (person) {
      const found = data.people.get(Number(person[1]));
      return found ? send(res, 200, found) : send(res, 404, data.errors.notFound);
    }
    return send(res, 404, data.errors.notFound);
  }

  async function image(res: ServerResponse, url: URL): Promise<void> {
    const match = /^\/t\/p\/(original|[wh]\d+)(\/[A-Za-z0-9_-]+\.(?:jpg|png))$/.exec(url.pathname);
    const source = match ? data.imageFiles.get(match[2]!) : undefined;
    if (!match || !source) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    imageRequests.push(url.pathname);
    const size = match[1]!;
    const scale =
      size === 'original'
        ? 1
        : size.startsWith('w')
          ? Number(size.slice(1)) / source.width
          : Number(size.slice(1)) / source.height;
    // TMDB never enlarges: a size wider than the original answers the original.
    const factor = Math.min(1, scale);
    const even = (value: number) => Math.max(2, Math.round((value * factor) / 2) * 2);
    const file = await images.get(match[2]!, even(source.width), even(source.height));
    res.writeHead(200, {
      'content-type': file.endsWith('.png') ? 'image/png' : 'image/jpeg',
      'cache-control': 'public, max-age=31536000',
    });
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-tmdb');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, {
        success: false,
        status_code: 4,
        status_message: "Invalid format: This service doesn't exist in that format.",
      });
      return;
    }
    if (url.pathname.startsWith('/t/p/')) {
      image(res, url).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
      return;
    }
    if (!url.pathname.startsWith('/3/')) {
      send(res, 404, data.errors.notFound);
      return;
    }
    const status = api(req, res, url);
    const query = Object.fromEntries(url.searchParams);
    const auth: FakeTmdbRequest['auth'] =
      'api_key' in query ? 'api_key' : req.headers.authorization ? 'bearer' : 'none';
    delete query.api_key;
    requests.push({ path: url.pathname, query, auth, status });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;

  return {
    baseUrl: `${origin}/3`,
    origin,
    apiKey,
    readToken,
    requests,
    imageRequests,
    rateLimit(times, retryAfterSeconds = 1) {
      rateLimited = { remaining: times, retryAfterSeconds };
    },
    failNext(times) {
      failures = times;
    },
    reset() {
      requests.length = 0;
      imageRequests.length = 0;
      rateLimited = { remaining: 0, retryAfterSeconds: 1 };
      failures = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** `en-US` → `en`; TMDB's image language filter ignores the region. */
function languageOf(language: string | null): string | undefined {
  return language ? language.split('-')[0]?.toLowerCase() : undefined;
}

/** With `language=xx`, TMDB answers title, overview and tagline in that language when it has them. */
function translatedFields(film: FakeFilm, language: string | undefined): Record<string, unknown> {
  if (!language || language === 'en') return {};
  const translation = film.translations.translations.find((entry) => entry.iso_639_1 === language);
  if (!translation) return {};
  const fields: Record<string, unknown> = {};
  for (const field of ['title', 'overview', 'tagline'] as const) {
    const value = translation.data[field];
    if (typeof value === 'string' && value) fields[field] = value;
  }
  return fields;
}
