import {
  GenreListSchema,
  HomeSchema,
  MovieDetailsSchema,
  MovieListSchema,
  PersonDetailsSchema,
  imageSizeUrls,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
});
afterAll(() => app?.close());

const get = async <T>(path: string, schema: { parse(value: unknown): T }) => {
  const response = await app.request(path);
  if (response.status !== 200)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return schema.parse(await response.json());
};

describe('GET /api/movies', () => {
  it('lists published films only, paginated with a total', async () => {
    const first = await get('/api/movies?pageSize=5', MovieListSchema);
    expect(first.total).toBe(13);
    expect(first.items).toHaveLength(5);
    const last = await get('/api/movies?pageSize=5&page=3', MovieListSchema);
    expect(last.items).toHaveLength(3);
    const all = await get('/api/movies?pageSize=100', MovieListSchema);
    expect(all.items.map((movie) => movie.slug)).not.toContain('unfinished-cut');
    expect(new Set(all.items.map((movie) => movie.id)).size).toBe(13);
  });

  it('counts the total even past the last page', async () => {
    const beyond = await get('/api/movies?pageSize=10&page=9', MovieListSchema);
    expect(beyond).toMatchObject({ items: [], total: 13, page: 9 });
  });

  it('sorts newest first by default, and by rating or title on request', async () => {
    const newest = await get('/api/movies?pageSize=3', MovieListSchema);
    expect(newest.items.map((movie) => movie.slug)).toEqual([
      'noodle-shop-in-pakse',
      'mekong-runner',
      'the-rivers-daughter',
    ]);
    const rated = await get('/api/movies?pageSize=2&sort=rating', MovieListSchema);
    expect(rated.items.map((movie) => movie.slug)).toEqual([
      'plain-of-jars',
      'the-rivers-daughter',
    ]);
    const byTitle = await get('/api/movies?pageSize=2&sort=title', MovieListSchema);
    expect(byTitle.items.map((movie) => movie.title.en)).toEqual([
      'A Noodle Shop in Pakse',
      'Ghost of Vientiane',
    ]);
  });

  it('filters by genre', async () => {
    const genres = await get('/api/genres', GenreListSchema);
    const horror = genres.items.find((genre) => genre.name.en === 'Horror')!;
    const list = await get(`/api/movies?genre=${horror.id}`, MovieListSchema);
    expect(list.items.map((movie) => movie.slug)).toEqual(['ghost-of-vientiane']);
  });

  it('searches Latin titles ignoring case and diacritics', async () => {
    for (const q of ['river', 'RIVER', 'rivér', 'Ríver’s'.slice(0, 5)]) {
      const list = await get(`/api/movies?q=${encodeURIComponent(q)}`, MovieListSchema);
      expect(
        list.items.map((movie) => movie.slug),
        q,
      ).toEqual(['the-rivers-daughter']);
    }
  });

  it('searches Lao titles by substring, whatever the Unicode normalisation of the query', async () => {
    const inner = 'ແມ່ນ້ຳ'; // "river", inside "ລູກສາວແມ່ນ້ຳ" with no space before it
    for (const q of [inner, inner.normalize('NFD')]) {
      const list = await get(`/api/movies?q=${encodeURIComponent(q)}`, MovieListSchema);
      expect(list.items.map((movie) => movie.slug)).toEqual(['the-rivers-daughter']);
    }
    const none = await get(`/api/movies?q=${encodeURIComponent('ບໍ່ມີ')}`, MovieListSchema);
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('treats LIKE wildcards in a query as plain characters', async () => {
    const list = await get(`/api/movies?q=${encodeURIComponent('%_')}`, MovieListSchema);
    expect(list.total).toBe(0);
  });
});

describe('GET /api/movies/:idOrSlug', () => {
  it('answers everything the details screen needs, by slug or id', async () => {
    const bySlug = await get('/api/movies/the-rivers-daughter', MovieDetailsSchema);
    const byId = await get(`/api/movies/${bySlug.id}`, MovieDetailsSchema);
    expect(byId).toEqual(bySlug);
    expect(bySlug.title).toEqual({ en: "The River's Daughter", lo: 'ລູກສາວແມ່ນ້ຳ' });
    expect(bySlug.genres.map((genre) => genre.name.en)).toEqual(['Drama', 'Family']);
    expect(bySlug.cast.map((credit) => [credit.person.name.en, credit.character.lo])).toEqual([
      ['Noy Keomany', 'ດາວ'],
      ['Kongsy Phanthavong', 'ພໍ່'],
      ['Malaythong Sengdara', 'ນາງ ຈັນ'],
    ]);
    expect(bySlug.crew.find((credit) => credit.job.en === 'Director')?.person.name.en).toBe(
      'Souksavanh Phommachanh',
    );
    expect(imageSizeUrls(bySlug.poster!).w342).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/media\/images\/movies\/the-rivers-daughter\/poster\/w342\.jpg$/,
    );
    expect(bySlug.images.backdrops).toHaveLength(1);
    expect(bySlug.videoSources).toEqual([
      expect.objectContaining({ format: 'hls', status: 'ready' }),
    ]);
    expect(JSON.stringify(bySlug.videoSources)).not.toMatch(/m3u8|url/i);
  });

  it('lists similar films by shared genres, then rating', async () => {
    const details = await get('/api/movies/the-rivers-daughter', MovieDetailsSchema);
    // Drama + Family: Khaen at Dawn and the Noodle Shop share both; Khaen is rated higher.
    expect(details.similar.slice(0, 2).map((movie) => movie.slug)).toEqual([
      'khaen-at-dawn',
      'noodle-shop-in-pakse',
    ]);
    expect(details.similar.map((movie) => movie.slug)).not.toContain('the-rivers-daughter');
    expect(details.similar.map((movie) => movie.slug)).not.toContain('unfinished-cut');
  });

  it('resolves strings for ?locale=lo, falling back to English field by field', async () => {
    const noodle = await get('/api/movies/noodle-shop-in-pakse?locale=lo', MovieDetailsSchema);
    expect(noodle.title).toEqual({ en: 'A Noodle Shop in Pakse' });
    expect(noodle.resolved).toEqual({
      title: 'A Noodle Shop in Pakse',
      overview: 'Three generations argue over the recipe that made their noodle shop famous.',
      tagline: 'The broth is everything.',
    });
    expect(noodle.cast[0]?.resolved?.character).toBe('Chef Somchai');
    const kids = await get('/api/movies/waterfall-kids?locale=lo', MovieDetailsSchema);
    expect(kids.resolved?.title).toBe('ເດັກນ້ອຍນ້ຳຕົກຕາດ');
    expect(kids.resolved?.overview).toBe(
      'Four children spend one summer guarding the Kuang Si falls from a developer.',
    );
    const plain = await get('/api/movies/waterfall-kids', MovieDetailsSchema);
    expect(plain.resolved).toBeUndefined();
  });

  it('hides drafts and unknown films behind a 404', async () => {
    for (const path of [
      '/api/movies/unfinished-cut',
      '/api/movies/no-such-film',
      '/api/movies/999999',
    ]) {
      const response = await app.request(path);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('answers a malformed slug with 400', async () => {
    const response = await app.request('/api/movies/Not%20A%20Slug');
    expect(response.status).toBe(400);
  });
});

describe('GET /api/people/:id and /api/genres', () => {
  it('answers a person with translations and filmography', async () => {
    const details = await get('/api/movies/the-rivers-daughter', MovieDetailsSchema);
    const noy = details.cast[0]!.person;
    const person = await get(`/api/people/${noy.id}?locale=lo`, PersonDetailsSchema);
    expect(person.name).toEqual({ en: 'Noy Keomany', lo: 'ນ້ອຍ ແກ້ວມະນີ' });
    expect(person.resolved?.name).toBe('ນ້ອຍ ແກ້ວມະນີ');
    expect(imageSizeUrls(person.profile!).w185).toContain(
      '/media/images/people/noy/profile/w185.jpg',
    );
    expect(person.filmography.map((credit) => credit.movie.slug)).toEqual([
      'the-rivers-daughter',
      'ghost-of-vientiane',
      'morning-in-luang-prabang',
    ]);
    expect(person.filmography[1]).toMatchObject({
      credit: 'cast',
      role: { en: 'The singer', lo: 'ນັກຮ້ອງ' },
    });
    expect((await app.request('/api/people/999999')).status).toBe(404);
  });

  it('lists genres with both names', async () => {
    const genres = await get('/api/genres?locale=lo', GenreListSchema);
    expect(genres.items).toHaveLength(7);
    expect(genres.items.find((genre) => genre.tmdbId === 35)?.name).toEqual({
      en: 'Comedy',
      lo: 'ຕະຫຼົກ',
    });
  });
});

describe('GET /api/home', () => {
  it('answers the hero in curated order, then the rows', async () => {
    const home = await get('/api/home?locale=lo', HomeSchema);
    expect(home.hero.map((item) => item.movie.slug)).toEqual([
      'the-rivers-daughter',
      'mekong-runner',
      'monsoon-letters',
      'rocket-festival',
    ]);
    expect(home.hero[0]?.image?.kind).toBe('backdrop');
    const kinds = home.rows.map((row) => row.kind);
    expect(kinds[0]).toBe('new');
    expect(kinds.at(-1)).toBe('top-rated');
    const genreRows = home.rows.filter((row) => row.kind === 'genre');
    expect(genreRows.length).toBe(7);
    // Genres with the most films come first; each row holds only films of its genre.
    expect(genreRows[0]?.resolved?.title).toBe('ລະຄອນ');
    for (const row of genreRows) {
      for (const movie of row.items) expect(movie.genreIds).toContain(row.genreId);
    }
    expect(home.rows[0]?.items[0]?.slug).toBe('noodle-shop-in-pakse');
    expect(JSON.stringify(home)).not.toContain('unfinished-cut');
  });

  // Issue 11: the row appears once the viewer has unfinished films (api/test/progress/home.test.ts).
  it('gives a known viewer without watch progress no Continue watching row, and keeps it private', async () => {
    const anonymous = await get('/api/home', HomeSchema);
    expect(anonymous.rows.map((row) => row.kind)).not.toContain('continue-watching');
    const issued = (await (
      await app.request('/api/anonymous', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { anonymousId: string };
    const response = await app.request('/api/home?locale=lo', {
      headers: { 'x-anonymous-id': issued.anonymousId },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('private');
    const home = HomeSchema.parse(await response.json());
    expect(home.rows.map((row) => row.kind)).not.toContain('continue-watching');
    const forged = await app.request('/api/home', {
      headers: { 'x-anonymous-id': `${issued.anonymousId}x` },
    });
    expect(forged.status).toBe(401);
  });

  it('honours each featured item’s visibility window', async () => {
    await app.db.sql(
      `update homepage_featured set visible_until = now() - interval '1 day'
       where movie_id = (select id from movies where slug = 'mekong-runner')`,
    );
    await app.db.sql(
      `update homepage_featured set visible_from = now() + interval '1 day'
       where movie_id = (select id from movies where slug = 'rocket-festival')`,
    );
    try {
      // Written straight to the database, as another process would: heard a moment later.
      await expect
        .poll(async () => (await get('/api/home', HomeSchema)).hero.map((item) => item.movie.slug))
        .toEqual(['the-rivers-daughter', 'monsoon-letters']);
    } finally {
      await app.db.sql('update homepage_featured set visible_from = null, visible_until = null');
    }
  });
});

describe('caching', () => {
  it('sends a strong ETag and answers 304 when the client has it', async () => {
    const first = await app.request('/api/movies/the-rivers-daughter');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toContain('public');
    const again = await app.request('/api/movies/the-rivers-daughter', {
      headers: { 'If-None-Match': etag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const otherLocale = await app.request('/api/movies/the-rivers-daughter?locale=lo', {
      headers: { 'If-None-Match': etag! },
    });
    expect(otherLocale.status).toBe(200);
  });
});

describe('query counts (no N+1)', () => {
  it('runs a fixed number of queries per request, however many films there are', async () => {
    const counts: Record<string, number> = {};
    for (const path of [
      '/api/home',
      '/api/movies?pageSize=50',
      '/api/movies/the-rivers-daughter',
      '/api/genres',
    ]) {
      let count = 0;
      // Counted on the uncached path: a cached answer runs none.
      app.services.catalog.responses.clear();
      const stop = app.db.observeQueries(() => count++);
      await app.request(path);
      stop();
      counts[path] = count;
    }
    expect(counts).toEqual({
      '/api/home': 3,
      '/api/movies?pageSize=50': 1,
      '/api/movies/the-rivers-daughter': 2,
      '/api/genres': 1,
    });
  });
});
