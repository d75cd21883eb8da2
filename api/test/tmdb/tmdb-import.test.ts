import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AuditListSchema,
  IMAGE_SIZES,
  MovieDetailsSchema,
  PersonDetailsSchema,
  ProblemSchema,
  TmdbImportBatchSchema,
  TmdbMoviePreviewSchema,
  TmdbSearchSchema,
  type TmdbImportBatch,
  imageSizeUrls,
} from '@lanxang/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  TmdbImportBatch as BatchEntity,
  TmdbImportItem,
} from '../../src/modules/tmdb/import-batch.entity.js';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import {
  FIGHT_CLUB_ID,
  LAO_FILM_ID,
  startFakeTmdb,
  type FakeTmdb,
} from '@lanxang/api/stand-ins/tmdb';

/** The admin credential in one place: a real admin session in each app's own database. */
const adminSessions = new WeakMap<TestApp, Promise<string>>();
const adminHeaders = async (target: TestApp): Promise<Record<string, string>> => {
  if (!adminSessions.has(target)) {
    adminSessions.set(
      target,
      signIn(target, { role: 'admin' }).then((admin) => admin.headers.authorization),
    );
  }
  return { authorization: await adminSessions.get(target)!, 'content-type': 'application/json' };
};

let fake: FakeTmdb;
let app: TestApp;
beforeAll(async () => {
  fake = await startFakeTmdb();
  // One retry keeps the rate-limit tests to a one-second wait each.
  app = await createTestApp(inject('postgresAdminUrl'), {
    env: { TMDB_API_KEY: fake.apiKey, TMDB_BASE_URL: fake.baseUrl, TMDB_MAX_RETRIES: '1' },
  });
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});
beforeEach(() => fake.reset());

const send = async (target: TestApp, method: string, url: string, body?: unknown) =>
  target.request(url, {
    method,
    headers: await adminHeaders(target),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ok = async <T>(
  response: Response,
  schema: { parse(value: unknown): T },
  status = 200,
): Promise<T> => {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  return schema.parse(await response.json());
};
const problem = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  return ProblemSchema.parse(await response.json());
};
const importFilm = async (tmdbId: number) =>
  ok(await send(app, 'POST', '/api/admin/tmdb/import', { tmdbId }), MovieDetailsSchema);
const counts = async () => {
  const [row] = await app.db.sql<Record<string, string>>(
    `select (select count(*) from movies) as movies, (select count(*) from people) as people,
      (select count(*) from genres) as genres, (select count(*) from images) as images,
      (select count(*) from movie_cast) as cast, (select count(*) from movie_crew) as crew`,
  );
  return row;
};

describe('importing a film', () => {
  it('maps every field of TMDB film 550 from one details call', async () => {
    const film = await importFilm(FIGHT_CLUB_ID);
    const movieCalls = fake.requests.filter((request) => request.path.startsWith('/3/movie/'));
    expect(movieCalls).toHaveLength(1);
    expect(movieCalls[0]?.query).toMatchObject({
      append_to_response: 'credits,images,videos,translations,release_dates',
      include_image_language: 'en,lo,null',
    });

    expect(film).toMatchObject({
      tmdbId: 550,
      status: 'draft',
      slug: 'fight-club',
      title: { en: 'Fight Club' },
      tagline: { en: 'Mischief. Mayhem. Soap.' },
      originalTitle: 'Fight Club',
      originalLanguage: 'en',
      runtimeMinutes: 139,
      releaseDate: '1999-10-15',
      imdbId: 'tt0137523',
      voteAverage: 8.44,
      certification: 'R',
      trailerUrl: 'https://www.youtube.com/watch?v=dfeUzm6KF4g',
    });
    expect(film.overview.en).toMatch(/^A ticking-time-bomb insomniac/);
    expect(film.title.lo).toBeUndefined();
    expect(film.genres).toEqual([expect.objectContaining({ tmdbId: 18, name: { en: 'Drama' } })]);

    expect(film.cast).toHaveLength(15);
    expect(film.cast.map((credit) => credit.order)).toEqual([...Array(15).keys()]);
    expect(
      film.cast.slice(0, 3).map((credit) => [credit.person.name.en, credit.character.en]),
    ).toEqual([
      ['Edward Norton', 'Narrator'],
      ['Brad Pitt', 'Tyler Durden'],
      ['Helena Bonham Carter', 'Marla Singer'],
    ]);
    const crew = film.crew
      .map((credit) => `${credit.department}/${credit.job.en}/${credit.person.name.en}`)
      .sort();
    expect(crew).toEqual([
      'Directing/Director/David Fincher',
      'Production/Executive Producer/Arnon Milchan',
      'Production/Producer/Art Linson',
      'Production/Producer/Ceán Chaffin',
      'Production/Producer/Ross Grayson Bell',
      'Writing/Novel/Chuck Palahniuk',
      'Writing/Screenplay/Jim Uhls',
    ]);

    // Stored by us at every size, never hot-linked; TMDB's own poster pick is the primary.
    expect(film.images.posters).toHaveLength(3);
    expect(film.images.backdrops).toHaveLength(3);
    expect(film.images.logos).toHaveLength(2);
    expect(imageSizeUrls(film.poster!).w342).toBe(
      `${app.url}/media/tmdb/poster/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK/w342.jpg`,
    );
    for (const image of [...film.images.posters, ...film.images.backdrops, ...film.images.logos]) {
      expect(Object.keys(imageSizeUrls(image))).toEqual([...IMAGE_SIZES[image.kind]]);
      expect(image.locale === null || image.locale === 'en').toBe(true);
      for (const url of Object.values(imageSizeUrls(image))) {
        expect(url.startsWith(app.url)).toBe(true);
        const file = path.join(app.config.mediaDir, url.slice(`${app.url}/media/`.length));
        expect(readFileSync(file).subarray(0, 2).toString('hex')).toBe('ffd8');
      }
    }
    expect(film.images.posters[0]?.width).toBe(780);
    const served = await app.request(new URL(imageSizeUrls(film.poster!).w185!).pathname);
    expect(served.headers.get('content-type')).toContain('image/jpeg');

    const audit = await ok(
      await send(app, 'GET', `/api/admin/audit?entityType=movie&entityId=${film.id}`),
      AuditListSchema,
    );
    expect(audit.items[0]).toMatchObject({
      action: 'movie.import',
      actor: expect.stringMatching(/^user:\d+ admin-/),
    });
  });

  it('creates people once by TMDB id, with their own details and a stored profile', async () => {
    const [{ id }] = (await app.db.sql<{ id: number }>('select id from movies where tmdb_id = $1', [
      FIGHT_CLUB_ID,
    ])) as [{ id: number }];
    const details = await ok(await send(app, 'GET', `/api/admin/movies/${id}`), MovieDetailsSchema);
    const pitt = details.cast.find((credit) => credit.person.name.en === 'Brad Pitt')!.person;
    const person = await ok(await app.request(`/api/people/${pitt.id}`), PersonDetailsSchema);
    expect(person).toMatchObject({
      tmdbId: 287,
      birthday: '1963-12-18',
      placeOfBirth: 'Shawnee, Oklahoma, USA',
    });
    expect(person.biography.en).toMatch(/^William Bradley Pitt/);
    expect(Object.keys(imageSizeUrls(person.profile!))).toEqual([...IMAGE_SIZES.profile]);
    expect(
      existsSync(
        path.join(app.config.mediaDir, 'tmdb/profile/cckcYc2v0yh1tc9QjRelptcOBko/w421.jpg'),
      ),
    ).toBe(true);
    const [{ people }] = (await app.db.sql<{ people: string }>(
      'select count(*) as people from people where tmdb_id is not null',
    )) as [{ people: string }];
    expect(Number(people)).toBe(22);
  });

  it('fills Lao from TMDB’s lo translation, with Lao images first when TMDB prefers them', async () => {
    const film = await importFilm(LAO_FILM_ID);
    expect(film.title).toEqual({ en: 'The Boat Racers of Vientiane', lo: 'ນັກແຂ່ງເຮືອແຫ່ງວຽງຈັນ' });
    expect(film.overview.lo).toMatch(/^ບ້ານນ້ອຍ/);
    expect(film.tagline.lo).toBe('ແມ່ນ້ຳດຽວ, ການແຂ່ງຂັນດຽວ, ບ້ານດຽວ.');
    expect(film).toMatchObject({
      originalLanguage: 'lo',
      imdbId: null,
      certification: '15',
      trailerUrl: 'https://www.youtube.com/watch?v=lxTrailer01',
    });
    expect(film.images.posters.map((image) => image.locale)).toEqual(['lo', 'en']);
    expect(film.images.logos.map((image) => image.locale)).toEqual(['lo']);
    expect(film.genres.map((genre) => genre.tmdbId).sort((a, b) => a! - b!)).toEqual([18, 10751]);
  });

  it('re-imports without duplicating people, genres, images or credits', async () => {
    const before = await counts();
    const again = await importFilm(FIGHT_CLUB_ID);
    const laoAgain = await importFilm(LAO_FILM_ID);
    expect(await counts()).toEqual(before);
    expect(again.slug).toBe('fight-club');
    expect(laoAgain.cast).toHaveLength(4);
    // Shared people (Brad Pitt is in both) were fetched from /person only the first time.
    expect(fake.requests.filter((request) => request.path.startsWith('/3/person/'))).toEqual([]);
  });

  it('re-syncs English from TMDB and keeps Lao an admin edited', async () => {
    const film = await importFilm(LAO_FILM_ID);
    await ok(
      await send(app, 'PATCH', `/api/admin/movies/${film.id}`, {
        title: { en: 'Changed by hand', lo: 'ຊື່ທີ່ແອັດມິນແປ' },
        runtimeMinutes: 10,
      }),
      MovieDetailsSchema,
    );
    const synced = await ok(
      await send(app, 'POST', `/api/admin/movies/${film.id}/resync`),
      MovieDetailsSchema,
    );
    expect(synced.title).toEqual({ en: 'The Boat Racers of Vientiane', lo: 'ຊື່ທີ່ແອັດມິນແປ' });
    expect(synced.tagline.lo).toBe(film.tagline.lo);
    expect(synced.runtimeMinutes).toBe(96);
    const audit = await ok(
      await send(app, 'GET', `/api/admin/audit?entityType=movie&entityId=${film.id}`),
      AuditListSchema,
    );
    expect(audit.items[0]).toMatchObject({ action: 'movie.resync' });
    // The importer and the admin keep the same snapshot of a film in the audit log.
    const [resync, edit] = audit.items;
    expect(edit).toMatchObject({ action: 'movie.update' });
    expect(Object.keys(resync!.after!)).toEqual(expect.arrayContaining(Object.keys(edit!.after!)));

    const local = await ok(
      await send(app, 'POST', '/api/admin/movies', { title: { en: 'Made here' } }),
      MovieDetailsSchema,
      201,
    );
    expect(
      (await problem(await send(app, 'POST', `/api/admin/movies/${local.id}/resync`), 409)).detail,
    ).toContain('not imported from TMDB');
    expect((await send(app, 'POST', '/api/admin/movies/999999/resync')).status).toBe(404);
  });
});

describe('search and preview', () => {
  it('finds films by title and year, marking the ones already imported', async () => {
    const found = await ok(
      await send(app, 'GET', '/api/admin/tmdb/search?q=fight&year=1999'),
      TmdbSearchSchema,
    );
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({
      tmdbId: 550,
      title: 'Fight Club',
      year: 1999,
      posterUrl: `${fake.origin}/t/p/w185/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg`,
    });
    expect(found.items[0]?.importedMovieId).toEqual(expect.any(Number));
    expect(
      (
        await ok(
          await send(app, 'GET', '/api/admin/tmdb/search?q=fight&year=2001'),
          TmdbSearchSchema,
        )
      ).items,
    ).toEqual([]);
    expect((await problem(await send(app, 'GET', '/api/admin/tmdb/search?q='), 400)).code).toBe(
      'validation_failed',
    );
  });

  it('previews a film without writing anything', async () => {
    const before = await counts();
    const preview = await ok(
      await send(app, 'GET', `/api/admin/tmdb/movies/${LAO_FILM_ID}`),
      TmdbMoviePreviewSchema,
    );
    expect(preview).toMatchObject({
      tmdbId: LAO_FILM_ID,
      hasLao: true,
      certification: '15',
      title: { lo: 'ນັກແຂ່ງເຮືອແຫ່ງວຽງຈັນ' },
    });
    expect(preview.cast.map((credit) => credit.character)).toEqual([
      'Noy',
      'Uncle Keo',
      'Grandmother Bua',
      'The Boatmaster',
    ]);
    expect(await counts()).toEqual(before);
    expect((await problem(await send(app, 'GET', '/api/admin/tmdb/movies/999999'), 404)).code).toBe(
      'tmdb_not_found',
    );
  });
});

describe('TMDB failures', () => {
  it('answers an unknown TMDB id with 404 tmdb_not_found', async () => {
    const body = await problem(
      await send(app, 'POST', '/api/admin/tmdb/import', { tmdbId: 999999 }),
      404,
    );
    expect(body).toMatchObject({ code: 'tmdb_not_found', detail: 'TMDB has no film 999999.' });
  });

  it('rides out a 429 by waiting Retry-After, and reports a persistent one clearly', async () => {
    fake.rateLimit(1, 1);
    expect((await send(app, 'GET', '/api/admin/tmdb/search?q=fight')).status).toBe(200);
    expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);

    fake.rateLimit(5, 1);
    const response = await send(app, 'GET', '/api/admin/tmdb/search?q=fight');
    const body = await problem(response, 503);
    expect(body.code).toBe('tmdb_rate_limited');
    expect(body.detail).toContain('rate limiting');
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('says plainly when TMDB refuses the key, without looking like a signed-out admin', async () => {
    const wrongKey = await createTestApp(inject('postgresAdminUrl'), {
      env: { TMDB_API_KEY: 'ffffffffffffffffffffffffffffffff', TMDB_BASE_URL: fake.baseUrl },
    });
    try {
      const body = await problem(
        await send(wrongKey, 'POST', '/api/admin/tmdb/import', { tmdbId: FIGHT_CLUB_ID }),
        502,
      );
      expect(body.code).toBe('tmdb_unauthorized');
      expect(body.detail).toContain('TMDB_API_KEY');
    } finally {
      await wrongKey.close();
    }
  });

  it('answers 503 tmdb_not_configured on every route when no key is set', async () => {
    const unconfigured = await createTestApp(inject('postgresAdminUrl'));
    try {
      for (const [method, url, body] of [
        ['GET', '/api/admin/tmdb/search?q=fight'],
        ['GET', '/api/admin/tmdb/movies/550'],
        ['POST', '/api/admin/tmdb/import', { tmdbId: 550 }],
        ['POST', '/api/admin/tmdb/imports', { tmdbIds: [550] }],
        ['GET', '/api/admin/tmdb/imports/1'],
      ] as const) {
        const problemBody = await problem(await send(unconfigured, method, url, body), 503);
        expect(problemBody.code).toBe('tmdb_not_configured');
        expect(problemBody.detail).toContain('TMDB_API_KEY');
      }
      expect((await unconfigured.request('/api/admin/tmdb/search?q=x')).status).toBe(401);
    } finally {
      await unconfigured.close();
    }
  });
});

describe('bulk import', () => {
  const untilFinished = async (id: number): Promise<TmdbImportBatch> => {
    for (;;) {
      const batch = await ok(
        await send(app, 'GET', `/api/admin/tmdb/imports/${id}`),
        TmdbImportBatchSchema,
      );
      if (batch.status === 'finished') return batch;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('imports a list in the background; one bad id fails alone, with its reason', async () => {
    const started = await ok(
      await send(app, 'POST', '/api/admin/tmdb/imports', {
        tmdbIds: [999999, FIGHT_CLUB_ID, LAO_FILM_ID, FIGHT_CLUB_ID],
      }),
      TmdbImportBatchSchema,
      202,
    );
    expect(started.counts.total).toBe(3);
    const batch = await untilFinished(started.id);
    expect(batch.counts).toMatchObject({ total: 3, done: 2, failed: 1, pending: 0, running: 0 });
    expect(batch.items.map((item) => [item.tmdbId, item.status])).toEqual([
      [999999, 'failed'],
      [FIGHT_CLUB_ID, 'done'],
      [LAO_FILM_ID, 'done'],
    ]);
    expect(batch.items[0]?.error).toEqual({
      code: 'tmdb_not_found',
      message: 'TMDB has no film 999999.',
    });
    expect(batch.items[1]).toMatchObject({
      title: 'Fight Club',
      movieId: expect.any(Number),
      error: null,
    });
    expect(batch.finishedAt).not.toBeNull();
  });

  it('shows a batch cut short by a restart as interrupted', async () => {
    const em = app.db.em.fork();
    const batch = em.create(BatchEntity, {
      actor: 'admin-token',
      runnerId: 'a-process-that-has-gone',
    });
    em.create(TmdbImportItem, { batch, position: 0, tmdbId: FIGHT_CLUB_ID, status: 'running' });
    em.create(TmdbImportItem, { batch, position: 1, tmdbId: LAO_FILM_ID, status: 'pending' });
    await em.flush();
    const read = await ok(
      await send(app, 'GET', `/api/admin/tmdb/imports/${batch.id}`),
      TmdbImportBatchSchema,
    );
    expect(read.status).toBe('finished');
    expect(read.items.map((item) => item.status)).toEqual(['interrupted', 'interrupted']);
    expect(read.items[0]?.error?.message).toContain('restarted');
    expect((await send(app, 'GET', '/api/admin/tmdb/imports/999999')).status).toBe(404);
    expect(
      (await problem(await send(app, 'POST', '/api/admin/tmdb/imports', { tmdbIds: [] }), 400))
        .code,
    ).toBe('validation_failed');
  });
});
