import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TmdbError,
  createTmdbClient,
  isReadToken,
  parseRetryAfter,
  planMovie,
} from '../../src/modules/tmdb/index.js';
import { sourceSize } from '../../src/modules/tmdb/tmdb.images.js';
import {
  TmdbMovieSchema,
  TmdbPersonSchema,
  TmdbSearchMovieSchema,
} from '../../src/modules/tmdb/tmdb.schemas.js';
import {
  FIGHT_CLUB_ID,
  LAO_FILM_ID,
  startFakeTmdb,
  type FakeTmdb,
} from '@lanxang/api/stand-ins/tmdb';

let fake: FakeTmdb;
beforeAll(async () => {
  fake = await startFakeTmdb();
});
afterAll(() => fake?.close());
beforeEach(() => fake.reset());

/** A client whose waits are recorded instead of slept, so backoff is checked without timing. */
function clientWith(options: { apiKey?: string; maxRetries?: number } = {}) {
  const waits: number[] = [];
  const client = createTmdbClient({
    apiKey: options.apiKey ?? fake.apiKey,
    baseUrl: fake.baseUrl,
    maxRetries: options.maxRetries ?? 3,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, waits };
}

const rejection = async (promise: Promise<unknown>): Promise<TmdbError> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TmdbError);
  return error as TmdbError;
};

describe('the captured fixtures', () => {
  const fixture = (name: string): unknown =>
    JSON.parse(
      readFileSync(
        path.join(import.meta.dirname, '../../src/stand-ins/tmdb/fixtures', name),
        'utf8',
      ),
    );

  it('parse with the client’s schemas, nested as append_to_response nests them', () => {
    const movie = TmdbMovieSchema.parse({
      ...(fixture('movie-details.json') as object),
      credits: fixture('movie-credits.json'),
      images: fixture('movie-images.json'),
      videos: fixture('movie-videos.json'),
      translations: fixture('movie-translations.json'),
      release_dates: fixture('movie-release-dates.json'),
    });
    expect(movie.credits.cast.length).toBeGreaterThan(15);
    expect(TmdbPersonSchema.parse(fixture('person-details.json')).birthday).toBe('1963-12-18');
    expect(TmdbSearchMovieSchema.parse(fixture('search-movie.json')).results[0]?.id).toBe(21778);
  });
});

describe('auth', () => {
  it('sends a v3 key as api_key and a v4 read token as a bearer token', async () => {
    expect(isReadToken(fake.apiKey)).toBe(false);
    expect(isReadToken(fake.readToken)).toBe(true);
    await clientWith().client.configuration();
    await clientWith({ apiKey: fake.readToken }).client.configuration();
    expect(fake.requests.map((request) => request.auth)).toEqual(['api_key', 'bearer']);
  });

  it('reports a refused key as unauthorized with TMDB’s status_code 7', async () => {
    const error = await rejection(
      clientWith({ apiKey: 'ffffffffffffffffffffffffffffffff' }).client.movie(FIGHT_CLUB_ID),
    );
    expect(error).toMatchObject({
      code: 'unauthorized',
      details: { status: 401, tmdbStatusCode: 7 },
    });
    expect(error.message).toContain('Invalid API key');
  });
});

describe('requests', () => {
  it('fetches a film with everything the import needs in one call', async () => {
    const { client } = clientWith();
    const movie = await client.movie(FIGHT_CLUB_ID);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      path: '/3/movie/550',
      query: {
        append_to_response: 'credits,images,videos,translations,release_dates',
        include_image_language: 'en,lo,null',
        language: 'en-US',
      },
    });
    // include_image_language: English, Lao and textless images only, never e.g. Portuguese posters.
    expect(new Set(movie.images.posters.map((image) => image.iso_639_1))).toEqual(
      new Set(['en', null]),
    );
    expect(movie.credits.cast[0]).toMatchObject({
      name: 'Edward Norton',
      character: 'Narrator',
      order: 0,
    });
  });

  it('builds image URLs from /configuration, fetched once', async () => {
    const { client } = clientWith();
    const url = await client.imageUrl('/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg', 'w342');
    await client.imageUrl('/x.jpg', 'w185');
    expect(url).toBe(`${fake.origin}/t/p/w342/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg`);
    expect(fake.requests.filter((request) => request.path === '/3/configuration')).toHaveLength(1);
    const bytes = await client.download(url);
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(sourceSize(['w92', 'w185', 'w342', 'w500', 'w780', 'original'], 780)).toBe('w780');
    expect(sourceSize(['w45', 'w185', 'h632', 'original'], 421)).toBe('original');
  });

  it('answers unknown ids with not_found (status_code 34) and a search without a query with bad_request', async () => {
    const { client } = clientWith();
    expect(await rejection(client.movie(999_999))).toMatchObject({
      code: 'not_found',
      details: { status: 404, tmdbStatusCode: 34 },
    });
    expect(await rejection(client.person(999_999))).toMatchObject({ code: 'not_found' });
    const search = await rejection(client.searchMovies({ query: '' }));
    expect(search).toMatchObject({ code: 'bad_request', details: { status: 422 } });
    expect(search.message).toContain('query must be provided');
  });

  it('searches by title in any language and by year', async () => {
    const { client } = clientWith();
    expect(
      (await client.searchMovies({ query: 'fight' })).results.map((result) => result.id),
    ).toEqual([FIGHT_CLUB_ID]);
    expect(
      (await client.searchMovies({ query: 'ແຂ່ງເຮືອ' })).results.map((result) => result.id),
    ).toEqual([LAO_FILM_ID]);
    expect((await client.searchMovies({ query: 'fight', year: 2001 })).results).toEqual([]);
  });
});

describe('rate limits and failures', () => {
  it('waits as long as Retry-After says, then succeeds', async () => {
    const { client, waits } = clientWith();
    fake.rateLimit(2, 7);
    expect((await client.movie(FIGHT_CLUB_ID)).id).toBe(FIGHT_CLUB_ID);
    expect(waits).toEqual([7000, 7000]);
    expect(fake.requests.map((request) => request.status)).toEqual([429, 429, 200]);
  });

  it('gives up after the bounded number of retries with a rate_limited error', async () => {
    const { client, waits } = clientWith({ maxRetries: 3 });
    fake.rateLimit(10, 2);
    const error = await rejection(client.movie(FIGHT_CLUB_ID));
    expect(error).toMatchObject({
      code: 'rate_limited',
      details: { status: 429, tmdbStatusCode: 25, retryAfterSeconds: 2 },
    });
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(fake.requests).toHaveLength(4);
  });

  it('does not sit out a Retry-After longer than an import should wait', async () => {
    const { client, waits } = clientWith();
    fake.rateLimit(1, 600);
    expect(await rejection(client.movie(FIGHT_CLUB_ID))).toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: 600 },
    });
    expect(waits).toEqual([]);
  });

  it('backs off and retries a 5xx', async () => {
    const { client, waits } = clientWith();
    fake.failNext(2);
    expect((await client.movie(FIGHT_CLUB_ID)).id).toBe(FIGHT_CLUB_ID);
    expect(waits).toEqual([500, 1000]);
  });

  it('times out a TMDB that never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const client = createTmdbClient({
        apiKey: fake.apiKey,
        baseUrl: `http://127.0.0.1:${port}/3`,
        timeoutMs: 200,
        maxRetries: 0,
      });
      const error = await rejection(client.movie(FIGHT_CLUB_ID));
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('did not answer');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(null)).toBe(1);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5);
  });
});

describe('mapping', () => {
  it('picks the US certification, else any; a YouTube trailer, official and newest first', async () => {
    const { client } = clientWith();
    const fightClub = planMovie(await client.movie(FIGHT_CLUB_ID));
    expect(fightClub.certification).toBe('R');
    expect(fightClub.trailerUrl).toBe('https://www.youtube.com/watch?v=dfeUzm6KF4g');
    const lao = planMovie(await client.movie(LAO_FILM_ID));
    expect(lao.certification).toBe('15');
    expect(lao.trailerUrl).toBe('https://www.youtube.com/watch?v=lxTrailer01');
    expect(lao.lao).toMatchObject({ title: 'ນັກແຂ່ງເຮືອແຫ່ງວຽງຈັນ' });
    expect(fightClub.lao).toBeNull();
  });
});
