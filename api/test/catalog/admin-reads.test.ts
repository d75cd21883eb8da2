import {
  AdminDashboardSchema,
  GenreSchema,
  MovieDetailsSchema,
  PersonDetailsSchema,
  TranslationQueueSchema,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
let headers: Record<string, string>;
const ids = { complete: 0, missing: 0, laoOnly: 0, bounmy: 0, anna: 0, drama: 0, comedy: 0 };

const send = async <T>(
  method: string,
  path: string,
  body: unknown,
  schema: { parse(value: unknown): T },
) => {
  const response = await app.request(path, { method, headers, body: JSON.stringify(body) });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return schema.parse(await response.json());
};
const read = async <T>(path: string, schema: { parse(value: unknown): T }) => {
  const response = await app.request(path, { headers });
  expect(response.status).toBe(200);
  return schema.parse(await response.json());
};

beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'));
  headers = {
    ...(await signIn(app, { role: 'admin' })).headers,
    'content-type': 'application/json',
  };
  const genre = (name: object) => send('POST', '/api/admin/genres', { name }, GenreSchema);
  const person = (body: object) => send('POST', '/api/admin/people', body, PersonDetailsSchema);
  const film = (body: object) => send('POST', '/api/admin/movies', body, MovieDetailsSchema);
  ids.drama = (await genre({ en: 'Drama', lo: 'ລະຄອນ' })).id;
  ids.comedy = (await genre({ en: 'Comedy' })).id;
  ids.bounmy = (await person({ name: { en: 'Bounmy', lo: 'ບຸນມີ' } })).id;
  ids.anna = (await person({ name: { en: 'Anna' }, biography: { en: 'Born in Pakse.' } })).id;
  ids.complete = (
    await film({
      title: { en: 'Complete', lo: 'ຄົບ' },
      overview: { en: 'All done.', lo: 'ແລ້ວ' },
    })
  ).id;
  await send(
    'PATCH',
    `/api/admin/movies/${ids.complete}/with-credits`,
    { cast: [{ personId: ids.bounmy, character: { en: 'Hero', lo: 'ວິລະຊົນ' } }] },
    MovieDetailsSchema,
  );
  ids.missing = (
    await film({
      title: { en: 'Second', lo: 'ທີສອງ' },
      overview: { en: 'Not yet.' },
      tagline: { en: 'Soon' },
    })
  ).id;
  await send(
    'PATCH',
    `/api/admin/movies/${ids.missing}/with-credits`,
    { crew: [{ personId: ids.anna, department: 'Directing', job: { en: 'Director' } }] },
    MovieDetailsSchema,
  );
  await send('POST', `/api/admin/movies/${ids.missing}/publish`, undefined, MovieDetailsSchema);
  ids.laoOnly = (await film({ title: { en: 'Third', lo: 'ທີສາມ' } })).id;
});
afterAll(() => app?.close());

describe('GET /api/admin/translations/missing', () => {
  it('lists films, people and genres missing Lao with their texts, counts and progress', async () => {
    const queue = await read('/api/admin/translations/missing', TranslationQueueSchema);
    expect(queue.counts).toEqual({ movie: 1, person: 1, genre: 1 });
    expect(queue.fields).toEqual({ translated: 1, total: 7 });
    expect(queue.total).toBe(3);
    expect(queue.items.map((item) => [item.kind, item.id, item.progress])).toEqual([
      ['movie', ids.missing, { translated: 1, total: 4 }],
      ['person', ids.anna, { translated: 0, total: 2 }],
      ['genre', ids.comedy, { translated: 0, total: 1 }],
    ]);
    expect(queue.items[0]).toMatchObject({
      name: { en: 'Second', lo: 'ທີສອງ' },
      status: 'published',
    });
    expect(queue.items[0]!.fields).toEqual([
      { name: 'title', kind: 'title', en: 'Second', lo: 'ທີສອງ', person: null },
      { name: 'tagline', kind: 'tagline', en: 'Soon', lo: '', person: null },
      { name: 'overview', kind: 'overview', en: 'Not yet.', lo: '', person: null },
      {
        name: 'crew.0',
        kind: 'job',
        en: 'Director',
        lo: '',
        person: { id: ids.anna, name: { en: 'Anna' } },
      },
    ]);
    expect(queue.items[1]!.fields.map((field) => field.name)).toEqual(['name', 'biography']);
  });

  it('filters by kind and pages, keeping the whole queue’s counts', async () => {
    const people = await read(
      '/api/admin/translations/missing?kind=person',
      TranslationQueueSchema,
    );
    expect(people.items.map((item) => item.id)).toEqual([ids.anna]);
    expect(people.total).toBe(1);
    expect(people.counts).toEqual({ movie: 1, person: 1, genre: 1 });
    const second = await read(
      '/api/admin/translations/missing?page=2&pageSize=1',
      TranslationQueueSchema,
    );
    expect(second.items.map((item) => [item.kind, item.id])).toEqual([['person', ids.anna]]);
    expect(second.total).toBe(3);
  });

  it('is for admins only', async () => {
    expect((await app.request('/api/admin/translations/missing')).status).toBe(401);
  });
});

describe('GET /api/admin/dashboard', () => {
  it('counts films by status and their Lao, least translated first, with recent activity', async () => {
    const dashboard = await read('/api/admin/dashboard', AdminDashboardSchema);
    expect(dashboard.films).toEqual({ published: 1, draft: 2 });
    expect(dashboard.filmTexts).toEqual({ translated: 4, total: 6 });
    expect(dashboard.missingLao).toEqual({ movie: 1, person: 1, genre: 1 });
    expect(dashboard.leastTranslated).toEqual([
      {
        id: ids.missing,
        title: { en: 'Second', lo: 'ທີສອງ' },
        status: 'published',
        progress: { translated: 1, total: 3 },
      },
      {
        id: ids.complete,
        title: { en: 'Complete', lo: 'ຄົບ' },
        status: 'draft',
        progress: { translated: 2, total: 2 },
      },
      {
        id: ids.laoOnly,
        title: { en: 'Third', lo: 'ທີສາມ' },
        status: 'draft',
        progress: { translated: 1, total: 1 },
      },
    ]);
    expect(dashboard.activity).toHaveLength(10);
    expect(dashboard.activity[0]).toMatchObject({
      action: 'movie.create',
      entityId: String(ids.laoOnly),
      movieTitle: { en: 'Third', lo: 'ທີສາມ' },
    });
    expect(dashboard.activity.find((entry) => entry.entityType === 'person')).toMatchObject({
      movieTitle: null,
    });
  });
});
