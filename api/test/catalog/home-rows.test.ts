import {
  HOME_ROW_PAGE,
  HomeRowPageSchema,
  HomeSchema,
  ProblemSchema,
  type Home,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, untilResponseCacheLive, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  await untilResponseCacheLive(app);
});
afterAll(() => app?.close());

const home = async (): Promise<Home> =>
  HomeSchema.parse(await (await app.request('/api/home?locale=en')).json());

const rowPage = async (rowId: string, cursor?: string | null) => {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  const response = await app.request(`/api/home/rows/${rowId}${query}`);
  if (response.status !== 200)
    throw new Error(`${rowId} answered ${response.status}: ${await response.text()}`);
  return HomeRowPageSchema.parse(await response.json());
};

describe('GET /api/home: the first rows with their cards, the others by cursor', () => {
  it('sends the cards of the first three rows only; every later row loads from its cursor', async () => {
    const { rows } = await home();
    expect(rows.map((row) => row.items.length > 0)).toEqual(rows.map((_row, index) => index < 3));
    expect(rows.at(-1)?.kind).toBe('top-rated');
    for (const row of rows.slice(3)) {
      expect(row.next).toEqual(expect.any(String));
      const page = await rowPage(row.id, row.next);
      expect(page.id).toBe(row.id);
      expect(page.items.length).toBeGreaterThan(0);
      // The demo catalog's rows fit one page.
      expect(page.next).toBeNull();
      if (row.kind === 'genre')
        for (const film of page.items) expect(film.genreIds).toContain(row.genreId);
    }
    const topRated = await rowPage('top-rated');
    const votes = topRated.items.map((film) => film.voteAverage!);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
  });

  it('gives a row from its start the cards Home gave it', async () => {
    const [first] = (await home()).rows;
    const page = await rowPage(first!.id);
    expect(page.items.map((film) => film.slug)).toEqual(first!.items.map((film) => film.slug));
  });

  it('is public and shared through the response cache, for anonymous and signed-in callers alike', async () => {
    const { rows } = await home();
    const path = `/api/home/rows/${rows.at(-1)!.id}`;
    const first = await app.request(path);
    expect(first.headers.get('cache-control')).toContain('public');
    let queries = 0;
    const stop = app.db.observeQueries(() => queries++);
    const again = await app.request(path);
    stop();
    expect(queries).toBe(0);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const viewer = await signIn(app, { role: 'viewer' });
    const signedIn = await app.request(path, { headers: viewer.headers });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual(await again.json());
  });

  it('refuses a cursor it did not give for that row: 400 invalid_cursor', async () => {
    const { rows } = await home();
    const later = rows.slice(3);
    const stranger = later[1]!.next!;
    for (const cursor of [
      'nonsense',
      stranger,
      Buffer.from(`${later[0]!.id}:100`).toString('base64url'),
    ]) {
      const response = await app.request(
        `/api/home/rows/${later[0]!.id}?cursor=${encodeURIComponent(cursor)}`,
      );
      expect(response.status).toBe(400);
      expect(ProblemSchema.parse(await response.json()).code).toBe('invalid_cursor');
    }
  });

  it('answers 404 not_found for a row Home has no such row for', async () => {
    for (const rowId of [
      'continue-watching',
      'genre-0',
      'genre-999999',
      'genre-99999999999',
      'x',
    ]) {
      const response = await app.request(`/api/home/rows/${rowId}`);
      expect(response.status, rowId).toBe(404);
      expect(ProblemSchema.parse(await response.json()).code).toBe('not_found');
    }
  });
});

describe('a row longer than a page', () => {
  it('pages through the rest with each page’s cursor, without repeating a film', async () => {
    // Doubles the published films (a copy of each, released a day earlier), so New releases
    // outgrows a page.
    const [copied] = await app.db.sql<{ columns: string }>(
      `select string_agg(quote_ident(column_name), ', ') as columns from information_schema.columns
       where table_name = 'movies' and column_name not in ('id', 'slug', 'tmdb_id', 'imdb_id', 'release_date')`,
    );
    const columns = copied!.columns;
    await app.db.sql(
      `insert into movies (slug, release_date, ${columns})
       select slug || '-again', coalesce(release_date, date '2000-01-01') - 1, ${columns}
       from movies where status = 'published'`,
    );
    // Written straight to the database, as another process would: the cache forgets its Home
    // once the change notification arrives, within moments rather than at once.
    await expect
      .poll(async () => (await home()).rows[0]!.items.length, { timeout: 5000, interval: 10 })
      .toBe(HOME_ROW_PAGE);
    const [newest] = (await home()).rows;
    const rest = await rowPage(newest!.id, newest!.next);
    expect(rest.items.length).toBe(26 - HOME_ROW_PAGE);
    expect(rest.next).toBeNull();
    const slugs = [...newest!.items, ...rest.items].map((film) => film.slug);
    expect(new Set(slugs).size).toBe(26);
  });
});
