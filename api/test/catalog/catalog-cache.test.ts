import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { HomeSchema, MovieDetailsSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestApp, signIn, untilResponseCacheLive, type TestApp } from '@lanxang/api/testing';
import { ResponseCache } from '../../src/http/response-cache.js';
import {
  CATALOG_TABLES,
  clearOnOwnCatalogWrites,
} from '../../src/modules/catalog/catalog-changes.js';
import { Movie } from '../../src/modules/catalog/movie.entity.js';

let app: TestApp;
/** How far the API's clock is ahead of real time (the cache ages entries by it). */
let skippedMs = 0;
let ADMIN: Record<string, string>;
let VIEWER: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), {
    template: 'demo',
    clock: () => new Date(Date.now() + skippedMs),
  });
  ADMIN = {
    ...(await signIn(app, { role: 'admin' })).headers,
    'content-type': 'application/json',
  };
  VIEWER = (await signIn(app, { role: 'viewer' })).headers;
  await untilResponseCacheLive(app);
});
afterAll(() => app?.close());

/** The bytes as sent, not decoded (fetch would undo the compression). */
const raw = (path: string, headers: Record<string, string> = {}) =>
  app.requestFrom('127.0.0.1', path, { method: 'GET', headers });
const details = async () =>
  MovieDetailsSchema.parse(await (await app.request('/api/movies/mekong-runner')).json());

describe('compression', () => {
  it('sends brotli or gzip to clients that accept it, plain JSON to those that do not', async () => {
    const plain = await raw('/api/home');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(HomeSchema.parse(JSON.parse(text)).rows.length).toBeGreaterThan(0);

    const br = await raw('/api/home', { 'accept-encoding': 'gzip, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(text) / 2);
    expect(brotliDecompressSync(brBytes).toString()).toBe(text);

    const gzip = await raw('/api/home', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(text);
  });

  it('compresses personal JSON too (an admin list), never a media file', async () => {
    const list = await raw('/api/admin/movies?pageSize=50', {
      ...ADMIN,
      'accept-encoding': 'gzip',
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-encoding')).toBe('gzip');
    const film = await details();
    const poster = new URL(film.poster!.url.replace('{size}', 'w780'));
    const image = await raw(poster.pathname, { 'accept-encoding': 'gzip, br' });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-encoding')).toBeNull();
  });
});

describe('the response cache', () => {
  it('answers a repeat with the same bytes and ETag, and 304 to a client that has them', async () => {
    const first = await raw('/api/movies/mekong-runner');
    const again = await raw('/api/movies/mekong-runner');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await again.text()).toBe(await first.text());
    const unchanged = await app.request('/api/movies/mekong-runner', {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(unchanged.status).toBe(304);
  });

  it("shows an admin's edit on the very next read", async () => {
    const before = await details();
    await details();
    const edited = await app.request(`/api/admin/movies/${before.id}`, {
      method: 'PATCH',
      headers: ADMIN,
      body: JSON.stringify({ title: { en: 'Mekong Runner (Director’s Cut)' } }),
    });
    expect(edited.status).toBe(200);
    expect((await details()).title.en).toBe('Mekong Runner (Director’s Cut)');
  });

  it('shows a write made in this process without a request on the very next read', async () => {
    const film = await details();
    await details();
    // An import or a script running in the API process: the catalog writer, no HTTP.
    await app.services.catalog.admin.updateMovie(
      film.id,
      { runtimeMinutes: film.runtimeMinutes! + 1 },
      { actor: 'test', requestId: 'cache-own-write' },
    );
    expect((await details()).runtimeMinutes).toBe(film.runtimeMinutes! + 1);
  });

  it('clears for writes to exactly the tables that notify other processes', async () => {
    const rows = await app.db.sql<{ table: string }>(
      `select distinct event_object_table as table from information_schema.triggers
        where trigger_name like '%_catalog_changed'`,
    );
    expect(new Set(rows.map((row) => row.table))).toEqual(new Set(CATALOG_TABLES));
  });

  it('clears at the commit of its own catalog writes, not before, and not for other writes', async () => {
    const cache = new ResponseCache(10);
    const clear = vi.spyOn(cache, 'clear');
    clearOnOwnCatalogWrites(app.db.orm, cache);
    const film = await details();
    await app.services.catalog.admin.updateMovie(
      film.id,
      { runtimeMinutes: 90 },
      { actor: 'test', requestId: 'cache-commit' },
    );
    expect(clear).toHaveBeenCalledTimes(1);
    await app.db.em.fork().transactional(async (tx) => {
      await tx.transactional(async (inner) => {
        inner.assign(await inner.findOneOrFail(Movie, film.id), { runtimeMinutes: 91 });
        await inner.flush();
      });
      // Flushed in a savepoint, not committed: a read now would see the old rows.
      expect(clear).toHaveBeenCalledTimes(1);
    });
    expect(clear).toHaveBeenCalledTimes(2);
    await signIn(app, { role: 'viewer' });
    expect(clear).toHaveBeenCalledTimes(2);
  });

  it('forgets within moments what another process wrote straight to the database', async () => {
    const film = await details();
    // As a media worker or a second API process would: no request passes through this one.
    await app.db.sql(
      `update movie_translations set title = $2 where movie_id = $1 and locale = 'en'`,
      [film.id, 'Mekong Runner Returns'],
    );
    await expect
      .poll(async () => (await details()).title.en, { timeout: 2000, interval: 10 })
      .toBe('Mekong Runner Returns');
  });

  it('keeps no answer past its max-age, so a featured window ends without any write', async () => {
    const hero = async () =>
      HomeSchema.parse(await (await app.request('/api/home')).json()).hero.map(
        (item) => item.movie.slug,
      );
    const [first] = await hero();
    // The database judges the window by its own clock: this one ends in 3 s.
    await app.db.sql(
      `update homepage_featured set visible_until = now() + interval '3 seconds'
        where movie_id = (select id from movies where slug = $1)`,
      [first],
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hero()).toContain(first);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    // Past the window, the answer kept a moment ago still says what it said (so may a client,
    // for its max-age)...
    const response = await app.request('/api/home');
    expect(response.headers.get('cache-control')).toContain('max-age=60');
    expect(await hero()).toContain(first);
    // ...but not past that age.
    skippedMs += 61_000;
    try {
      expect(await hero()).not.toContain(first);
    } finally {
      await app.db.sql('update homepage_featured set visible_until = null');
    }
  });

  it('never keeps or serves a signed-in viewer’s home', async () => {
    app.services.catalog.responses.clear();
    const own = await app.request('/api/home', { headers: VIEWER });
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('private, no-cache');
    expect(app.services.catalog.responses.size).toBe(0);
    const shared = await app.request('/api/home');
    expect(shared.headers.get('cache-control')).toContain('public');
    expect(app.services.catalog.responses.size).toBe(1);
    const ownAgain = await app.request('/api/home', { headers: VIEWER });
    expect(ownAgain.headers.get('cache-control')).toBe('private, no-cache');
  });
});
