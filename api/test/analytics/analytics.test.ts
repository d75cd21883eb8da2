import {
  AdminAnalyticsSchema,
  AnalyticsAcceptedSchema,
  AnonymousIdSchema,
  ProblemSchema,
  type AdminAnalytics,
  type AnalyticsEvent,
} from '@lanxang/contracts';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PGBOSS_SCHEMA } from '../../src/migrations/Migration20261122003000.js';
import { ANALYTICS_ROLLUP_QUEUE } from '../../src/modules/analytics/analytics-jobs.js';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';

type Headers = Record<string, string>;
let app: TestApp;
let tv: Headers;
let admin: Headers;
let films: { id: number; slug: string }[];
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  const issued = AnonymousIdSchema.parse(
    await (
      await app.request('/api/anonymous', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json(),
  );
  tv = { 'x-anonymous-id': issued.anonymousId };
  admin = (await signIn(app, { role: 'admin' })).headers;
  films = await app.db.sql<{ id: number; slug: string }>(
    `select id, slug from movies where status = 'published' order by id limit 3`,
  );
});
afterAll(() => app?.close());

const post = (body: unknown, headers: Headers = tv) =>
  app.request('/api/analytics/events', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const problem = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  return ProblemSchema.parse(await response.json());
};
const film = (n: number) => films[n]!.id;
const at = new Date().toISOString();
const base = (movieId: number) => ({ at, movieId, positionSeconds: 0 });

/** One playback: asked for, first frame after `ttff` ms, a stall, a switch, watched, finished or not. */
function playback(movieId: number, ttff: number, finished: boolean): AnalyticsEvent[] {
  return [
    { ...base(movieId), type: 'play_requested' },
    { ...base(movieId), type: 'first_frame', loadLatencyMs: ttff - 100, timeToFirstFrameMs: ttff },
    { ...base(movieId), type: 'stall_start', positionSeconds: 10 },
    { ...base(movieId), type: 'stall_end', positionSeconds: 10, durationMs: 2000 },
    {
      ...base(movieId),
      type: 'quality_switch',
      fromHeight: 360,
      toHeight: 720,
      fromBandwidth: 800_000,
      toBandwidth: 2_500_000,
    },
    { ...base(movieId), type: 'heartbeat', positionSeconds: 30, watchedSeconds: 18 },
    { ...base(movieId), type: 'seek', fromSeconds: 30, toSeconds: 60, positionSeconds: 60 },
    { ...base(movieId), type: 'pause', positionSeconds: 61 },
    ...(finished ? [{ ...base(movieId), type: 'complete' as const, positionSeconds: 90 }] : []),
  ];
}

async function read(query: string, headers: Headers = admin): Promise<AdminAnalytics> {
  const response = await app.request(`/api/admin/analytics?${query}`, { headers });
  expect(response.status).toBe(200);
  return AdminAnalyticsSchema.parse(await response.json());
}
const today = at.slice(0, 10);
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('POST /api/analytics/events', () => {
  it('stores a batch in one statement, each event with its own fields; unknown films are dropped', async () => {
    const statements: string[] = [];
    const stop = app.db.observeQueries((text) => statements.push(text));
    const response = await post({
      sessionId: 'ingest-check-1',
      events: [...playback(film(0), 800, true), { ...base(999_999), type: 'pause' }],
    });
    stop();
    expect(response.status).toBe(202);
    expect(AnalyticsAcceptedSchema.parse(await response.json())).toEqual({ accepted: 9 });
    expect(statements.filter((text) => /insert into video_analytics/.test(text))).toHaveLength(1);
    const rows = await app.db.sql<{ type: string; data: Record<string, unknown> }>(
      `select type, data from video_analytics where session_id = 'ingest-check-1' order by id`,
    );
    expect(rows.map((row) => row.type)).toEqual(playback(film(0), 800, true).map((e) => e.type));
    expect(rows.find((row) => row.type === 'quality_switch')?.data).toEqual({
      fromHeight: 360,
      toHeight: 720,
      fromBandwidth: 800_000,
      toBandwidth: 2_500_000,
    });
    await app.db.sql(`delete from video_analytics where session_id = 'ingest-check-1'`);
  });

  it('refuses oversized batches with 413 and malformed ones with 400, storing nothing', async () => {
    const pause = { ...base(film(0)), type: 'pause' };
    const tooMany = await post({ sessionId: 'limits-check', events: Array(501).fill(pause) });
    expect((await problem(tooMany, 413)).code).toBe('too_many_events');
    const huge = await post({
      sessionId: 'limits-check',
      events: [pause],
      padding: 'x'.repeat(300 * 1024),
    });
    expect((await problem(huge, 413)).code).toBe('payload_too_large');
    for (const malformed of [
      { sessionId: 'limits-check', events: [] },
      { sessionId: 'limits-check', events: [{ ...pause, type: 'rewind' }] },
      { sessionId: 'limits-check', events: [{ ...pause, type: 'first_frame' }] },
      { sessionId: 'limits-check', events: [{ ...pause, positionSeconds: -4 }] },
      { sessionId: 'limits-check', events: [{ ...pause, at: 'now' }] },
      { sessionId: 'limits-check', events: [{ ...pause, durationMs: 5 }] },
      { sessionId: 'no spaces allowed', events: [pause] },
      { events: [pause] },
    ])
      expect((await problem(await post(malformed), 400)).code).toBe('validation_failed');
    expect((await problem(await post('{"sessionId":'), 400)).code).toBe('invalid_json');
    expect((await problem(await post({ sessionId: 'x', events: [pause] }, {}), 401)).code).toBe(
      'unauthorized',
    );
    const [stored] = await app.db.sql<{ count: string }>(
      `select count(*) from video_analytics where session_id = 'limits-check'`,
    );
    expect(Number(stored?.count)).toBe(0);
    // The largest batch allowed is taken.
    const full = await post({ sessionId: 'limits-check', events: Array(500).fill(pause) });
    expect(full.status).toBe(202);
    await app.db.sql(`delete from video_analytics where session_id = 'limits-check'`);
  });
});

describe('GET /api/admin/analytics', () => {
  it('is for admins only, and checks the range', async () => {
    const viewer = (await signIn(app)).headers;
    const query = `from=${today}&to=${today}`;
    expect(
      (await problem(await app.request(`/api/admin/analytics?${query}`, { headers: viewer }), 403))
        .code,
    ).toBe('forbidden');
    expect((await problem(await app.request(`/api/admin/analytics?${query}`), 401)).code).toBe(
      'unauthorized',
    );
    expect(
      (await problem(await app.request(`/api/admin/analytics?${query}`, { headers: tv }), 401))
        .code,
    ).toBe('unauthorized');
    const backwards = await app.request(`/api/admin/analytics?from=${today}&to=${daysAgo(1)}`, {
      headers: admin,
    });
    expect((await problem(backwards, 400)).code).toBe('invalid_date_range');
    const tooLong = await app.request(`/api/admin/analytics?from=${daysAgo(400)}&to=${today}`, {
      headers: admin,
    });
    expect((await problem(tooLong, 400)).code).toBe('invalid_date_range');
    const badDate = await app.request(`/api/admin/analytics?from=yesterday&to=${today}`, {
      headers: admin,
    });
    expect((await problem(badDate, 400)).code).toBe('validation_failed');
    const noFilm = await app.request(`/api/admin/analytics?${query}&movieId=999999`, {
      headers: admin,
    });
    expect((await problem(noFilm, 404)).code).toBe('not_found');
  });

  it('reports the same figures from raw events and, once rolled up, from the aggregates', async () => {
    // Three days ago: two plays of film 0 (one finished), one of film 1 with an error.
    const sessions: [string, AnalyticsEvent[]][] = [
      ['figures-a', playback(film(0), 500, true)],
      ['figures-b', playback(film(0), 1500, false)],
      [
        'figures-c',
        [
          ...playback(film(1), 1000, false),
          { ...base(film(1)), type: 'error', category: 3, code: 3016 },
        ],
      ],
    ];
    for (const [sessionId, events] of sessions)
      expect((await post({ sessionId, events })).status).toBe(202);
    await app.db.sql(
      `update video_analytics set received_at = received_at - interval '3 days' where session_id like 'figures-%'`,
    );
    // Today: one more play of film 1.
    expect(
      (await post({ sessionId: 'figures-d', events: playback(film(1), 2000, true) })).status,
    ).toBe(202);

    const range = `from=${daysAgo(4)}&to=${today}`;
    const before = await read(range);
    expect(before.days.map((day) => day.date)).toEqual([4, 3, 2, 1, 0].map(daysAgo));
    expect(before.totals).toMatchObject({
      plays: 4,
      completions: 2,
      completionRate: 0.5,
      qualitySwitches: 4,
      errors: 1,
      // 500, 1000, 1500, 2000 ms: interpolated as PostgreSQL's percentile_cont does.
      firstFrameMedianMs: 1250,
      firstFrameP95Ms: 1925,
    });
    expect(before.totals.watchHours).toBeCloseTo((4 * 18) / 3600, 9);
    expect(before.totals.rebufferingRatio).toBeCloseTo(8 / (72 + 8), 9);
    const threeDaysAgo = before.days.find((day) => day.date === daysAgo(3))!;
    expect(threeDaysAgo).toMatchObject({ plays: 3, firstFrameMedianMs: 1000 });
    expect(before.days.find((day) => day.date === today)).toMatchObject({
      plays: 1,
      firstFrameMedianMs: 2000,
    });
    expect(before.days.find((day) => day.date === daysAgo(2))).toMatchObject({
      plays: 0,
      firstFrameMedianMs: null,
      completionRate: null,
      rebufferingRatio: null,
    });
    expect(before.errorsByCode).toEqual([{ category: 3, code: 3016, count: 1 }]);
    expect(before.topFilms.map((top) => [top.movieId, top.plays, top.completionRate])).toEqual([
      [film(0), 2, 0.5],
      [film(1), 2, 0.5],
    ]);
    expect(before.topFilms[0]?.slug).toBe(films[0]!.slug);

    const perFilm = await read(`${range}&movieId=${film(1)}`);
    expect(perFilm.movie).toMatchObject({ id: film(1), slug: films[1]!.slug });
    expect(perFilm.totals).toMatchObject({ plays: 2, errors: 1, firstFrameMedianMs: 1500 });
    expect(perFilm.topFilms.map((top) => top.movieId)).toEqual([film(1)]);

    const rolled = await app.services.analytics.service.rollUp();
    expect(rolled.rolledThrough).toBe(daysAgo(1));
    const [aggregated] = await app.db.sql<{ count: string }>(
      `select count(*) from analytics_daily`,
    );
    expect(Number(aggregated?.count)).toBe(2);
    expect(await read(range)).toEqual(before);
    expect(await read(`${range}&movieId=${film(1)}`)).toEqual(perFilm);
    // Rolling up again changes nothing.
    expect((await app.services.analytics.service.rollUp()).rolledThrough).toBeNull();
    expect(await read(range)).toEqual(before);
  });

  it('deletes raw events past the retention but keeps their aggregates for good', async () => {
    expect(
      (await post({ sessionId: 'old-play-1', events: playback(film(2), 700, true) })).status,
    ).toBe(202);
    await app.db.sql(
      `update video_analytics set received_at = received_at - interval '100 days' where session_id = 'old-play-1'`,
    );
    // The day is before the last rollup: a late rollup of a past day is reported as raw until rolled.
    await app.db.sql(`delete from analytics_rollup`);
    const range = `from=${daysAgo(101)}&to=${daysAgo(99)}`;
    const before = await read(range);
    expect(before.totals.plays).toBe(1);
    const rolled = await app.services.analytics.service.rollUp();
    expect(rolled.deleted).toBe(playback(film(2), 700, true).length);
    const [raw] = await app.db.sql<{ count: string }>(
      `select count(*) from video_analytics where session_id = 'old-play-1'`,
    );
    expect(Number(raw?.count)).toBe(0);
    expect(await read(range)).toEqual(before);
  });

  it('runs the rollup as a daily pg-boss job', async () => {
    await app.services.analytics.jobs.start();
    const [schedule] = await app.db.sql<{ cron: string; timezone: string }>(
      `select cron, timezone from ${PGBOSS_SCHEMA}.schedule where name = $1`,
      [ANALYTICS_ROLLUP_QUEUE],
    );
    expect(schedule).toEqual({ cron: '10 0 * * *', timezone: 'UTC' });
    await app.db.sql(`delete from analytics_rollup`);
    const boss = new PgBoss({
      connectionString: app.config.databaseUrl,
      schema: PGBOSS_SCHEMA,
      migrate: false,
      schedule: false,
      supervise: false,
      max: 1,
    });
    await boss.start();
    try {
      await boss.send(ANALYTICS_ROLLUP_QUEUE, {});
      await expect
        .poll(
          async () => (await app.db.sql(`select rolled_through from analytics_rollup`)).length,
          {
            timeout: 15_000,
            interval: 200,
          },
        )
        .toBe(1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
