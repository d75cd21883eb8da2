import { TmdbImportBatchSchema, type TmdbImportBatch } from '@lanxang/contracts';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import {
  FIGHT_CLUB_ID,
  LAO_FILM_ID,
  startFakeTmdb,
  type FakeTmdb,
} from '@lanxang/api/stand-ins/tmdb';

// A bulk import's item says `done` exactly when its film is in the catalog: the two commit
// together, so a process killed between them (the fault suite's kill -9) cannot leave a batch
// saying "interrupted, import it again" about a film it did import, or the other way round.
let fake: FakeTmdb;
let app: TestApp;
let authorization: string;
beforeAll(async () => {
  fake = await startFakeTmdb();
  app = await createTestApp(inject('postgresAdminUrl'), {
    env: { TMDB_API_KEY: fake.apiKey, TMDB_BASE_URL: fake.baseUrl, TMDB_MAX_RETRIES: '1' },
  });
  authorization = (await signIn(app, { role: 'admin' })).headers.authorization;
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const batchOf = async (id: number): Promise<TmdbImportBatch> =>
  TmdbImportBatchSchema.parse(
    await (
      await app.request(`/api/admin/tmdb/imports/${id}`, { headers: { authorization } })
    ).json(),
  );

it("a film and its item's `done` commit together, or neither does", async () => {
  // Recording `done` fails, as it would if the process died right after the film's write.
  await app.db.sql(`create function refuse_done() returns trigger language plpgsql as
    $$ begin if new.status = 'done' then raise exception 'no done today'; end if; return new; end $$`);
  await app.db.sql(`create trigger refuse_done before update on tmdb_import_items
    for each row execute function refuse_done()`);
  let batch: TmdbImportBatch;
  try {
    const started = await app.request('/api/admin/tmdb/imports', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ tmdbIds: [FIGHT_CLUB_ID] }),
    });
    expect(started.status).toBe(202);
    const { id } = TmdbImportBatchSchema.parse(await started.json());
    await app.services.tmdb!.batches.idle();
    batch = await batchOf(id);
  } finally {
    await app.db.sql(`drop trigger refuse_done on tmdb_import_items`);
    await app.db.sql(`drop function refuse_done()`);
  }

  expect(batch.items.map((item) => item.status)).toEqual(['failed']);
  const [films] = await app.db.sql<{ n: number }>(
    `select count(*)::int as n from movies where tmdb_id = $1`,
    [FIGHT_CLUB_ID],
  );
  expect(films!.n).toBe(0);
});

it('imports films that share actors side by side, each picture downloaded and stored once', async () => {
  const fresh = await createTestApp(inject('postgresAdminUrl'), {
    env: { TMDB_API_KEY: fake.apiKey, TMDB_BASE_URL: fake.baseUrl },
  });
  try {
    const admin = (await signIn(fresh, { role: 'admin' })).headers.authorization;
    fake.reset();
    // The stand-in's Lao film is credited to Fight Club's people: the two batch workers meet.
    const started = await fresh.request('/api/admin/tmdb/imports', {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ tmdbIds: [FIGHT_CLUB_ID, LAO_FILM_ID] }),
    });
    const { id } = TmdbImportBatchSchema.parse(await started.json());
    await fresh.services.tmdb!.batches.idle();
    const batch = TmdbImportBatchSchema.parse(
      await (
        await fresh.request(`/api/admin/tmdb/imports/${id}`, { headers: { authorization: admin } })
      ).json(),
    );
    expect(batch.items.map((item) => [item.status, item.error])).toEqual([
      ['done', null],
      ['done', null],
    ]);
    const downloads = fake.imageRequests.map((request) => request.split('/').pop());
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads.length).toBe(new Set(downloads).size);
  } finally {
    await fresh.close();
  }
});
