import { HomeSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import { at, client, demoFilms, type DemoFilms } from './helpers.js';

let app: TestApp;
let films: DemoFilms;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  films = await demoFilms(app);
  api = client(app);
});
afterAll(() => app?.close());

describe('GET /api/home with watch progress', () => {
  it('puts the viewer’s Continue watching row first, each tile with its position', async () => {
    const tv = await api.tv();
    const [first, second] = films.listed;
    for (const [film, seconds] of [
      [first!, -100],
      [second!, -50],
    ] as const) {
      const response = await api.save(tv, film.id, {
        positionSeconds: film.runtimeSeconds / 2,
        durationSeconds: film.runtimeSeconds,
        clientTimestamp: at(seconds),
      });
      expect(response.status).toBe(200);
    }
    const response = await app.request('/api/home?locale=lo', { headers: tv });
    expect(response.status).toBe(200);
    const home = HomeSchema.parse(await response.json());
    const [row] = home.rows;
    expect(row).toMatchObject({ kind: 'continue-watching', resolved: { title: 'ເບິ່ງຕໍ່' } });
    expect(row!.items.map((movie) => movie.id)).toEqual([second!.id, first!.id]);
    expect(row!.progress?.map((tile) => [tile.movieId, tile.fraction])).toEqual([
      [second!.id, 0.5],
      [first!.id, 0.5],
    ]);
    // The rest of the home is everyone's.
    const anonymous = HomeSchema.parse(await (await app.request('/api/home?locale=lo')).json());
    expect(home.rows.slice(1)).toEqual(anonymous.rows);
  });

  it('is private to the viewer: no shared cache keeps it or serves the public home in its place', async () => {
    const viewer = await signIn(app);
    const film = films.listed[2]!;
    await api.save(viewer.headers, film.id, {
      positionSeconds: 900,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(-10),
    });
    const personal = await app.request('/api/home', { headers: viewer.headers });
    expect(personal.headers.get('cache-control')).toBe('private, no-cache');
    const everyone = await app.request('/api/home');
    expect(everyone.headers.get('cache-control')).toContain('public');
    // A shared cache keeps the public home apart from anyone who sends credentials.
    for (const vary of [personal, everyone].map((response) => response.headers.get('vary') ?? ''))
      for (const header of ['Authorization', 'Cookie', 'X-Anonymous-Id'])
        expect(vary.toLowerCase()).toContain(header.toLowerCase());
    const personalTag = personal.headers.get('etag')!;
    const publicTag = everyone.headers.get('etag')!;
    expect(personalTag).not.toBe(publicTag);
    // The public ETag does not get a viewer a 304 of the public body, nor the reverse.
    const viewerWithPublicTag = await app.request('/api/home', {
      headers: { ...viewer.headers, 'if-none-match': publicTag },
    });
    expect(viewerWithPublicTag.status).toBe(200);
    const anonymousWithViewerTag = await app.request('/api/home', {
      headers: { 'if-none-match': personalTag },
    });
    expect(anonymousWithViewerTag.status).toBe(200);
    expect(HomeSchema.parse(await anonymousWithViewerTag.json()).rows[0]?.kind).not.toBe(
      'continue-watching',
    );
    // Its own tag revalidates, until a new save changes the row.
    const unchanged = await app.request('/api/home', {
      headers: { ...viewer.headers, 'if-none-match': personalTag },
    });
    expect(unchanged.status).toBe(304);
    await api.save(viewer.headers, film.id, {
      positionSeconds: 1200,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(0),
    });
    const changed = await app.request('/api/home', {
      headers: { ...viewer.headers, 'if-none-match': personalTag },
    });
    expect(changed.status).toBe(200);
    const home = HomeSchema.parse(await changed.json());
    expect(home.rows[0]?.progress?.[0]?.positionSeconds).toBe(1200);
  });
});
