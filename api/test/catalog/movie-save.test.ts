import {
  AuditListSchema,
  CHARACTER_MAX,
  MovieDetailsSchema,
  ProblemSchema,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogAdmin } from '../../src/modules/catalog/admin/index.js';
import { createTestApp, signIn, type TestApp } from '../../src/testing/index.js';

let app: TestApp;
let headers: Record<string, string>;
const who = { actor: 'test', requestId: 'movie-save' };
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  headers = (await signIn(app, { role: 'admin' })).headers;
});
afterAll(() => app?.close());

const admin = () =>
  catalogAdmin(app.db.em.fork(), { ...app.services.media, logger: app.services.logger });
const details = async (slug: string) =>
  MovieDetailsSchema.parse(await (await app.request(`/api/movies/${slug}`)).json());
const audit = async (id: number) =>
  AuditListSchema.parse(
    await (
      await app.request(`/api/admin/audit?entityType=movie&entityId=${id}`, { headers })
    ).json(),
  ).items;

describe('saving a film with its credits', () => {
  it('writes the film, its cast and its crew as one change with one audit entry', async () => {
    const film = await details('plain-of-jars');
    const donor = await details('the-rivers-daughter');
    const [first, second] = donor.cast.map((credit) => credit.person.id) as [number, number];
    await admin().saveMovieWithCredits(
      film.id,
      {
        movie: { runtimeMinutes: 101, tagline: { lo: 'ທົ່ງໄຫຫີນ' } },
        cast: [
          { personId: second, character: { en: 'Guide' } },
          { personId: first, character: { en: 'Farmer', lo: 'ຊາວນາ' } },
        ],
        crew: [{ personId: first, department: 'Directing', job: { en: 'Director' } }],
      },
      who,
    );
    const saved = await details('plain-of-jars');
    expect(saved.runtimeMinutes).toBe(101);
    expect(saved.tagline.lo).toBe('ທົ່ງໄຫຫີນ');
    expect(saved.cast.map((credit) => [credit.person.id, credit.character])).toEqual([
      [second, { en: 'Guide' }],
      [first, { en: 'Farmer', lo: 'ຊາວນາ' }],
    ]);
    expect(saved.crew.map((credit) => credit.person.id)).toEqual([first]);
    const [entry] = await audit(film.id);
    expect(entry).toMatchObject({
      action: 'movie.update',
      before: expect.objectContaining({ runtimeMinutes: film.runtimeMinutes }),
      after: expect.objectContaining({
        runtimeMinutes: 101,
        cast: [
          { personId: second, character: { en: 'Guide' } },
          { personId: first, character: { en: 'Farmer', lo: 'ຊາວນາ' } },
        ],
        crew: [{ personId: first, department: 'Directing', job: { en: 'Director' } }],
      }),
    });
  });

  it('names an unknown person by its place in the combined body and changes nothing', async () => {
    const film = await details('plain-of-jars');
    const entries = (await audit(film.id)).length;
    await expect(
      admin().saveMovieWithCredits(
        film.id,
        { movie: { runtimeMinutes: 5 }, cast: [{ personId: 999_999, character: {} }] },
        who,
      ),
    ).rejects.toMatchObject({ status: 400, errors: [{ field: 'body.cast.0.personId' }] });
    expect((await details('plain-of-jars')).runtimeMinutes).toBe(film.runtimeMinutes);
    expect(await audit(film.id)).toHaveLength(entries);
  });

  it('rolls the film back when a cast row fails in the database', async () => {
    const film = await details('plain-of-jars');
    const entries = (await audit(film.id)).length;
    const personId = film.cast[0]!.person.id;
    // Longer than the column: only the database refuses it, after the film row is written.
    const character = { en: 'x'.repeat(301) };
    await expect(
      admin().saveMovieWithCredits(
        film.id,
        {
          movie: { runtimeMinutes: 7, title: { lo: 'ບໍ່ຄວນບັນທຶກ' } },
          cast: [{ personId, character }],
        },
        who,
      ),
    ).rejects.toThrow(/value too long/);
    const after = await details('plain-of-jars');
    expect(after.runtimeMinutes).toBe(film.runtimeMinutes);
    expect(after.title).toEqual(film.title);
    expect(after.cast).toEqual(film.cast);
    expect(await audit(film.id)).toHaveLength(entries);
  });
});

describe('PATCH /api/admin/movies/{id}/with-credits', () => {
  const save = (id: number, body: unknown) =>
    app.request(`/api/admin/movies/${id}/with-credits`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const problemFields = async (response: Response) => {
    expect(response.status).toBe(400);
    return ProblemSchema.parse(await response.json()).errors?.map((issue) => issue.field);
  };

  it('refuses a bad cast entry with its field path and leaves the film as it was', async () => {
    const film = await details('plain-of-jars');
    const entries = (await audit(film.id)).length;
    const personId = film.cast[0]!.person.id;
    expect(
      await problemFields(
        await save(film.id, {
          movie: { runtimeMinutes: 5, title: { lo: 'ບໍ່ຄວນບັນທຶກ' } },
          cast: [{ personId, character: { en: 'x'.repeat(CHARACTER_MAX + 1) } }],
        }),
      ),
    ).toEqual(['body.cast.0.character.en']);
    expect(
      await problemFields(
        await save(film.id, {
          movie: { runtimeMinutes: 5 },
          cast: [{ personId: 999_999, character: {} }],
        }),
      ),
    ).toEqual(['body.cast.0.personId']);
    const after = await details('plain-of-jars');
    expect(after.runtimeMinutes).toBe(film.runtimeMinutes);
    expect(after.title).toEqual(film.title);
    expect(after.cast).toEqual(film.cast);
    expect(await audit(film.id)).toHaveLength(entries);
  });

  it('changes the film, its cast and its crew in one write with one audit entry', async () => {
    const film = await details('plain-of-jars');
    const entries = (await audit(film.id)).length;
    const personId = film.cast[0]!.person.id;
    const response = await save(film.id, {
      movie: { runtimeMinutes: 88, overview: { lo: 'ເລື່ອງຫຍໍ້' } },
      cast: [{ personId, character: { en: 'Keeper', lo: 'ຜູ້ເຝົ້າ' } }],
      crew: [{ personId, department: 'Writing', job: { en: 'Writer', lo: 'ນັກຂຽນ' } }],
    });
    expect(response.status).toBe(200);
    const answered = MovieDetailsSchema.parse(await response.json());
    expect(answered).toEqual(await details('plain-of-jars'));
    expect(answered.runtimeMinutes).toBe(88);
    expect(answered.overview.lo).toBe('ເລື່ອງຫຍໍ້');
    expect(answered.cast.map((credit) => [credit.person.id, credit.character])).toEqual([
      [personId, { en: 'Keeper', lo: 'ຜູ້ເຝົ້າ' }],
    ]);
    expect(answered.crew.map((credit) => [credit.person.id, credit.job])).toEqual([
      [personId, { en: 'Writer', lo: 'ນັກຂຽນ' }],
    ]);
    const log = await audit(film.id);
    expect(log).toHaveLength(entries + 1);
    expect(log[0]).toMatchObject({ action: 'movie.update' });
  });

  it('is for admins only', async () => {
    const response = await app.request('/api/admin/movies/1/with-credits', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });
});
