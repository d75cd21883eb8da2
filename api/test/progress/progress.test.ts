import {
  ContinueWatchingListSchema,
  DeviceApprovalSchema,
  DeviceAuthorizationResponseSchema,
  MigrateResultSchema,
  WatchProgressSchema,
  type WatchProgress,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import { at, client, demoFilms, problem, type DemoFilms, type Headers } from './helpers.js';

let app: TestApp;
let films: DemoFilms;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  films = await demoFilms(app);
  api = client(app);
});
afterAll(() => app?.close());

/** The n-th published film without a video, and its duration in seconds. */
const listed = (n: number) => {
  const film = films.listed[n];
  if (!film) throw new Error(`the demo catalog has no ${n}th film without a video`);
  return film;
};

async function saved(headers: Headers, movieId: number, body: object): Promise<WatchProgress> {
  const response = await api.save(headers, movieId, body);
  expect(response.status).toBe(200);
  return WatchProgressSchema.parse(await response.json());
}
async function progressOf(headers: Headers, movieId: number): Promise<WatchProgress | null> {
  const response = await app.request(`/api/watch-progress/${movieId}`, { headers });
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  return WatchProgressSchema.parse(await response.json());
}
async function row(headers: Headers) {
  const response = await app.request('/api/watch-progress?locale=lo', { headers });
  expect(response.status).toBe(200);
  return ContinueWatchingListSchema.parse(await response.json()).items;
}

describe('PUT /api/watch-progress/:movieId', () => {
  it('keeps the save with the newest client timestamp, whatever order saves arrive in', async () => {
    const viewer = (await signIn(app)).headers;
    const film = listed(0);
    const duration = film.runtimeSeconds;
    await saved(viewer, film.id, {
      positionSeconds: 1200,
      durationSeconds: duration,
      clientTimestamp: at(-60),
    });
    // A save made earlier (queued offline) arrives late: it loses, and the answer says what is kept.
    const late = await saved(viewer, film.id, {
      positionSeconds: 900,
      durationSeconds: duration,
      clientTimestamp: at(-120),
    });
    expect(late.positionSeconds).toBe(1200);
    expect((await progressOf(viewer, film.id))?.positionSeconds).toBe(1200);
    // A rewind made later sticks, although it moves backwards.
    const rewind = await saved(viewer, film.id, {
      positionSeconds: 400,
      durationSeconds: duration,
      clientTimestamp: at(-30),
    });
    expect(rewind).toMatchObject({ positionSeconds: 400, resumeAtSeconds: 400, completed: false });
    // The same save sent twice (a retry) changes nothing.
    const repeated = await saved(viewer, film.id, {
      positionSeconds: 2000,
      durationSeconds: duration,
      clientTimestamp: rewind.clientTimestamp,
    });
    expect(repeated.positionSeconds).toBe(400);
  });

  it('marks a film completed from 90 % of its duration, and takes it out of the row', async () => {
    const viewer = (await signIn(app)).headers;
    const film = listed(1);
    const duration = film.runtimeSeconds;
    const before = await saved(viewer, film.id, {
      positionSeconds: duration * 0.89,
      durationSeconds: duration,
      clientTimestamp: at(-20),
    });
    expect(before.completed).toBe(false);
    expect((await row(viewer)).map((entry) => entry.movieId)).toEqual([film.id]);
    const after = await saved(viewer, film.id, {
      positionSeconds: duration * 0.9,
      durationSeconds: duration,
      clientTimestamp: at(-10),
    });
    expect(after).toMatchObject({ completed: true, resumeAtSeconds: null, fraction: 0.9 });
    expect(await row(viewer)).toEqual([]);
    // Watching it again from the start brings it back.
    await saved(viewer, film.id, {
      positionSeconds: 600,
      durationSeconds: duration,
      clientTimestamp: at(0),
    });
    expect((await row(viewer)).map((entry) => entry.movieId)).toEqual([film.id]);
  });

  it('offers a resume point from 5 % of the film up to two minutes before its end', async () => {
    const viewer = (await signIn(app)).headers;
    const film = listed(2);
    const duration = film.runtimeSeconds;
    const resumeAt = async (positionSeconds: number, seconds: number) =>
      (
        await saved(viewer, film.id, {
          positionSeconds,
          durationSeconds: duration,
          clientTimestamp: at(seconds),
        })
      ).resumeAtSeconds;
    expect(await resumeAt(duration * 0.05 - 1, -50)).toBeNull();
    expect(await resumeAt(duration * 0.05, -40)).toBe(duration * 0.05);
    expect(await resumeAt(duration / 2, -30)).toBe(duration / 2);
    // Films shorter than 20 minutes would be completed first; these run over an hour.
    expect(duration).toBeGreaterThan(20 * 60);
    expect(await resumeAt(duration * 0.85, -20)).toBe(duration * 0.85);
  });

  it('checks the resume rule near the end on a film with a video', async () => {
    const viewer = (await signIn(app)).headers;
    const { id, videoSeconds } = films.playable;
    const position = Math.max(0, videoSeconds - 119);
    const entry = await saved(viewer, id, {
      positionSeconds: position,
      durationSeconds: videoSeconds,
      clientTimestamp: at(0),
    });
    expect(entry.resumeAtSeconds).toBeNull();
  });

  it('refuses numbers no player sends, each with its code', async () => {
    const viewer = (await signIn(app)).headers;
    const film = listed(3);
    const good = {
      positionSeconds: 60,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(0),
    };
    const refused = async (
      body: unknown,
      status: number,
      code: string,
      movieId: number | string = film.id,
    ) => {
      const response = await api.json('PUT', `/api/watch-progress/${movieId}`, viewer, body);
      expect((await problem(response, status)).code).toBe(code);
    };
    await refused({ ...good, positionSeconds: -1 }, 400, 'validation_failed');
    await refused({ ...good, durationSeconds: -30 }, 400, 'validation_failed');
    await refused({ ...good, durationSeconds: 0 }, 400, 'validation_failed');
    await refused({ ...good, positionSeconds: 'NaN' }, 400, 'validation_failed');
    await refused({ ...good, positionSeconds: null }, 400, 'validation_failed');
    await refused({ ...good, clientTimestamp: 'yesterday' }, 400, 'validation_failed');
    await refused({ ...good, extra: 1 }, 400, 'validation_failed');
    await refused({ positionSeconds: 60 }, 400, 'validation_failed');
    await refused(good, 400, 'validation_failed', 'not-a-number');
    // JSON has no NaN; 1e999 parses as Infinity.
    const infinite = await app.request(`/api/watch-progress/${film.id}`, {
      method: 'PUT',
      headers: { ...viewer, 'content-type': 'application/json' },
      body: `{"positionSeconds":1e999,"durationSeconds":${film.runtimeSeconds},"clientTimestamp":"${good.clientTimestamp}"}`,
    });
    expect((await problem(infinite, 400)).code).toBe('validation_failed');
    await refused(
      { ...good, positionSeconds: film.runtimeSeconds + 6 },
      400,
      'position_beyond_duration',
    );
    await refused({ ...good, durationSeconds: 13 * 3600 }, 400, 'validation_failed');
    await refused(
      { ...good, durationSeconds: film.runtimeSeconds * 2 + 601 },
      400,
      'implausible_duration',
    );
    const video = films.playable;
    await refused(
      { ...good, positionSeconds: 1, durationSeconds: video.videoSeconds * 3 + 60 },
      400,
      'implausible_duration',
      video.id,
    );
    await refused({ ...good, clientTimestamp: at(11 * 60) }, 400, 'timestamp_in_future');
    await refused(good, 404, 'not_found', films.draft.id);
    await refused(good, 404, 'not_found', 999_999);
    // None of them left anything behind.
    expect(await row(viewer)).toEqual([]);
    // Within the tolerances, it is a save: the end reported a little late, a clock a little ahead.
    const edge = await saved(viewer, film.id, {
      positionSeconds: film.runtimeSeconds + 4,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(5 * 60),
    });
    expect(edge).toMatchObject({ completed: true, fraction: 1 });
  });
});

describe('GET /api/watch-progress (Continue watching)', () => {
  it('lists unfinished published films, the most recently watched first, with their cards', async () => {
    const viewer = (await signIn(app)).headers;
    const [a, b, c] = [listed(0), listed(1), listed(2)];
    const save = (film: { id: number; runtimeSeconds: number }, seconds: number) =>
      saved(viewer, film.id, {
        positionSeconds: film.runtimeSeconds / 4,
        durationSeconds: film.runtimeSeconds,
        clientTimestamp: at(seconds),
      });
    await save(a, -300);
    await save(b, -200);
    await save(c, -100);
    await save(a, -50);
    const items = await row(viewer);
    expect(items.map((entry) => entry.movieId)).toEqual([a.id, c.id, b.id]);
    expect(items[0]).toMatchObject({
      movie: { id: a.id, resolved: { title: expect.any(String) } },
      positionSeconds: a.runtimeSeconds / 4,
      durationSeconds: a.runtimeSeconds,
      fraction: 0.25,
      resumeAtSeconds: a.runtimeSeconds / 4,
    });
    expect(items[0]!.movie.poster?.url).toBeDefined();
    // A film unpublished since is not offered.
    await app.db.sql(`update movies set status = 'draft' where id = $1`, [c.id]);
    try {
      expect((await row(viewer)).map((entry) => entry.movieId)).toEqual([a.id, b.id]);
      expect(await progressOf(viewer, c.id)).toBeNull();
    } finally {
      await app.db.sql(`update movies set status = 'published' where id = $1`, [c.id]);
    }
  });

  it('DELETE takes a film out of the row; a save older than the removal does not bring it back', async () => {
    const viewer = await api.tv();
    const film = listed(4);
    await saved(viewer, film.id, {
      positionSeconds: 700,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(-60),
    });
    const removed = await app.request(`/api/watch-progress/${film.id}`, {
      method: 'DELETE',
      headers: viewer,
    });
    expect(removed.status).toBe(204);
    expect(await row(viewer)).toEqual([]);
    expect(await progressOf(viewer, film.id)).toBeNull();
    await saved(viewer, film.id, {
      positionSeconds: 800,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(-30),
    });
    expect(await row(viewer)).toEqual([]);
    await saved(viewer, film.id, {
      positionSeconds: 900,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(1),
    });
    expect((await row(viewer)).map((entry) => entry.positionSeconds)).toEqual([900]);
    const again = await app.request(`/api/watch-progress/${films.listed[5]!.id}`, {
      method: 'DELETE',
      headers: viewer,
    });
    expect(again.status).toBe(204);
  });
});

describe('privacy', () => {
  it('lets only the owner read, write or delete its progress', async () => {
    const alice = (await signIn(app)).headers;
    const bob = (await signIn(app)).headers;
    const tv = await api.tv();
    const film = listed(0);
    await saved(alice, film.id, {
      positionSeconds: 1500,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(-10),
    });
    for (const other of [bob, tv]) {
      expect(await progressOf(other, film.id)).toBeNull();
      expect(await row(other)).toEqual([]);
      const deleted = await app.request(`/api/watch-progress/${film.id}`, {
        method: 'DELETE',
        headers: other,
      });
      expect(deleted.status).toBe(204);
      // A write of theirs is theirs: a newer one does not touch Alice's.
      await saved(other, film.id, {
        positionSeconds: 300,
        durationSeconds: film.runtimeSeconds,
        clientTimestamp: at(0),
      });
    }
    expect((await progressOf(alice, film.id))?.positionSeconds).toBe(1500);
    expect((await row(alice)).map((entry) => entry.positionSeconds)).toEqual([1500]);
    // Nobody at all may call these.
    expect((await problem(await app.request('/api/watch-progress'), 401)).code).toBe(
      'unauthorized',
    );
    const anonymousSave = await api.save({}, film.id, {
      positionSeconds: 1,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(0),
    });
    expect((await problem(anonymousSave, 401)).code).toBe('unauthorized');
    const forged = await app.request('/api/watch-progress', {
      headers: { 'x-anonymous-id': `${tv['x-anonymous-id']}x` },
    });
    expect(forged.status).toBe(401);
  });
});

describe('pairing a TV', () => {
  it('moves the anonymous viewer’s progress to the account, the newer save winning per film', async () => {
    const account = await signIn(app);
    const tv = await api.tv();
    const [onlyTv, tvNewer, accountNewer, onlyAccount] = [
      listed(0),
      listed(1),
      listed(2),
      listed(3),
    ];
    const save = (
      headers: Headers,
      film: { id: number; runtimeSeconds: number },
      position: number,
      seconds: number,
    ) =>
      saved(headers, film.id, {
        positionSeconds: position,
        durationSeconds: film.runtimeSeconds,
        clientTimestamp: at(seconds),
      });
    await save(tv, onlyTv, 1000, -100);
    await save(account.headers, tvNewer, 1100, -90);
    await save(tv, tvNewer, 1200, -80);
    await save(tv, accountNewer, 1300, -70);
    await save(account.headers, accountNewer, 1400, -60);
    await save(account.headers, onlyAccount, 1500, -50);
    const migrated = await api.json('POST', '/api/users/migrate', account.headers, {
      anonymousId: tv['x-anonymous-id'],
    });
    expect(migrated.status).toBe(200);
    expect(MigrateResultSchema.parse(await migrated.json()).migrated.watchProgress).toBe(3);
    const items = await row(account.headers);
    expect(items.map((entry) => [entry.movieId, entry.positionSeconds])).toEqual([
      [onlyAccount.id, 1500],
      [accountNewer.id, 1400],
      [tvNewer.id, 1200],
      [onlyTv.id, 1000],
    ]);
    expect(await row(tv)).toEqual([]);
    const [stored] = await app.db.sql<{ count: string }>(
      `select count(*) from watch_progress where user_id = $1`,
      [account.user.id],
    );
    expect(Number(stored?.count)).toBe(4);
  });

  it('moves it when the TV is paired through the device flow', async () => {
    const account = await signIn(app);
    const tv = await api.tv();
    const film = listed(5);
    await saved(tv, film.id, {
      positionSeconds: 2222,
      durationSeconds: film.runtimeSeconds,
      clientTimestamp: at(-5),
    });
    const asked = await app.request('/oauth/device_authorization', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...tv },
      body: new URLSearchParams({ client_id: 'lanxang-tv' }),
    });
    expect(asked.status).toBe(200);
    const { user_code: userCode } = DeviceAuthorizationResponseSchema.parse(await asked.json());
    const approved = await api.json('POST', '/api/devices/approve', account.headers, { userCode });
    expect(approved.status).toBe(200);
    expect(DeviceApprovalSchema.parse(await approved.json()).migrated.watchProgress).toBe(1);
    expect(
      (await row(account.headers)).map((entry) => [entry.movieId, entry.positionSeconds]),
    ).toEqual([[film.id, 2222]]);
    expect(await row(tv)).toEqual([]);
  });
});
