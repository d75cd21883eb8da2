/**
 * Faults: `kill -9` of the API in the middle of a TMDB bulk import (against the stand-in TMDB),
 * at several points: the first image download, half-way through the downloads, and after the
 * last one (the ffmpeg resizing and the catalog write). After a restart the batch must be
 * finished and truthful (an item is `done` exactly when its film is in the catalog), every film
 * in the catalog whole (its translation, credits and images, each image with all its sizes on
 * disk), and importing the interrupted films again must complete them. Leftover scratch and
 * staging files are counted, then aged past the sweep's grace and an API restart must remove them.
 *
 * Part of `npm run test:faults` (a minute or two). Only 127.0.0.1; bounded; stops by itself.
 */
import { open, readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_SIZES, type ImageKind, type TmdbImportBatch } from '@lanxang/contracts';
import { FIGHT_CLUB_ID, LAO_FILM_ID, startFakeTmdb } from '@lanxang/api/stand-ins/tmdb';
import { startApiProcess, type ApiProcess } from '@lanxang/api/testing/processes';
import { benchRun, log, withClient } from '../kit.js';
import { adminClient, mediaFaultSetup } from './media-steps.js';

const FILMS = [FIGHT_CLUB_ID, LAO_FILM_ID];
const SETTLE_LIMIT_MS = 120_000;
/** Older than the media worker's leftover grace (15 minutes). */
const AGED_MS = 60 * 60_000;

interface Round {
  label: string;
  /** Image downloads the stand-in has served when the API is killed; Infinity: after the last. */
  killAfterDownloads: (total: number) => number;
}
const ROUNDS: Round[] = [
  { label: 'at the first image download', killAfterDownloads: () => 1 },
  { label: 'half-way through the downloads', killAfterDownloads: (total) => Math.ceil(total / 2) },
  { label: 'after the last download (resizing, writing)', killAfterDownloads: (total) => total },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statuses = (batch: TmdbImportBatch) =>
  batch.items
    .map((item) =>
      item.error && item.error.code !== item.status
        ? `${item.status} (${item.error.code})`
        : item.status,
    )
    .join(', ');

/** Staging names (`.<name>.partial-<hex>`) and image scratch a killed import may leave. */
async function leftovers(mediaDir: string): Promise<string[]> {
  const entries = (await readdir(mediaDir, { recursive: true }).catch(() => [])).map(String);
  return entries.filter(
    (entry) =>
      /(^|\/)\.[^/]*\.partial-[0-9a-f]{8}[^/]*$/.test(entry) ||
      /^\.work\/images\/(image-[A-Za-z0-9]{6}|tmdb-[0-9a-f]{12}\.[a-z]+)$/i.test(entry),
  );
}

/** A whole JPEG: starts with SOI and ends with EOI. */
async function wholeJpeg(file: string): Promise<boolean> {
  const handle = await open(file).catch(() => null);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size < 4) return false;
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    await handle.read(tail, 0, 2, size - 2);
    return head.equals(Buffer.from([0xff, 0xd8])) && tail.equals(Buffer.from([0xff, 0xd9]));
  } finally {
    await handle.close();
  }
}

interface Check {
  films: number;
  images: number;
  problems: string[];
}

/** The catalog against the batch and the disk: what a viewer or an admin could trip on. */
async function checkCatalog(
  databaseUrl: string,
  mediaDir: string,
  batch: TmdbImportBatch,
): Promise<Check> {
  const problems: string[] = [];
  return withClient(databaseUrl, async (client) => {
    const films = (
      await client.query<{
        id: number;
        tmdb_id: number;
        titles: number;
        cast_count: number;
        crew_count: number;
      }>(
        `select m.id, m.tmdb_id,
           (select count(*)::int from movie_translations t where t.movie_id = m.id) as titles,
           (select count(*)::int from movie_cast c where c.movie_id = m.id) as cast_count,
           (select count(*)::int from movie_crew c where c.movie_id = m.id) as crew_count
         from movies m where m.tmdb_id is not null`,
      )
    ).rows;
    for (const item of batch.items) {
      const film = films.find((row) => row.tmdb_id === item.tmdbId);
      if (item.status === 'done' && !film) problems.push(`item ${item.tmdbId} is done, no film`);
      if (item.status !== 'done' && film)
        problems.push(`item ${item.tmdbId} is ${item.status}, yet its film is in the catalog`);
      if (item.status === 'pending' || item.status === 'running')
        problems.push(`item ${item.tmdbId} is still ${item.status}`);
    }
    for (const film of films)
      if (!film.titles || !film.cast_count || !film.crew_count)
        problems.push(`film ${film.tmdb_id} is partly written: ${JSON.stringify(film)}`);
    const images = (
      await client.query<{ kind: ImageKind; storage_key: string }>(
        `select kind, storage_key from images`,
      )
    ).rows;
    for (const image of images) {
      const dir = path.join(mediaDir, ...image.storage_key.split('/'));
      const sizes = await Promise.all(
        IMAGE_SIZES[image.kind].map((size) => wholeJpeg(path.join(dir, `${size}.jpg`))),
      );
      const described = await stat(path.join(dir, 'image.json')).then(
        () => true,
        () => false,
      );
      if (sizes.includes(false) || !described)
        problems.push(`image ${image.storage_key} is not whole on disk`);
    }
    return { films: films.length, images: images.length, problems };
  });
}

/** Image folders under `tmdb/` no image row names: complete ones a later import reuses. */
async function unreferencedImages(databaseUrl: string, mediaDir: string): Promise<number> {
  const stored = new Set<string>();
  for (const kind of await readdir(path.join(mediaDir, 'tmdb')).catch(() => []))
    for (const name of await readdir(path.join(mediaDir, 'tmdb', kind)).catch(() => []))
      if (!name.startsWith('.')) stored.add(`tmdb/${kind}/${name}`);
  const named = await withClient(databaseUrl, async (client) =>
    (await client.query<{ storage_key: string }>(`select storage_key from images`)).rows.map(
      (row) => row.storage_key,
    ),
  );
  for (const key of named) stored.delete(key);
  return stored.size;
}

const bench = benchRun(15 * 60_000);
await bench.run(async () => {
  const fake = await startFakeTmdb();
  bench.onCleanup(() => fake.close());
  const report: string[] = [];
  const failures: string[] = [];
  let totalDownloads = 0;

  for (const [index, round] of [
    { label: 'no kill (calibration)', killAfterDownloads: () => Infinity },
    ...ROUNDS,
  ].entries()) {
    const { databaseUrl, admin, mediaDir, env } = await mediaFaultSetup(bench, `killtmdb${index}`);
    const apiEnv = { ...env, TMDB_API_KEY: fake.apiKey, TMDB_BASE_URL: fake.baseUrl };
    let api: ApiProcess = await startApiProcess('server', apiEnv);
    bench.onCleanup(() => api.stop());
    const client = adminClient(() => api.url, admin);
    const batchOf = async (id: number) =>
      (await (await client.call(`/api/admin/tmdb/imports/${id}`)).json()) as TmdbImportBatch;
    const startBatch = async (tmdbIds: number[]) => {
      const response = await client.call('/api/admin/tmdb/imports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tmdbIds }),
      });
      if (response.status !== 202) throw new Error(`import answered ${response.status}`);
      return (await response.json()) as TmdbImportBatch;
    };
    const settle = async (id: number) => {
      const started = Date.now();
      let batch = await batchOf(id);
      while (batch.status !== 'finished' && Date.now() - started < SETTLE_LIMIT_MS) {
        await sleep(250);
        batch = await batchOf(id);
      }
      return batch;
    };

    fake.reset();
    const importStarted = Date.now();
    const { id } = await startBatch(FILMS);
    const killAt = round.killAfterDownloads(totalDownloads);
    if (killAt === Infinity) {
      const batch = await settle(id);
      totalDownloads = fake.imageRequests.length;
      const check = await checkCatalog(databaseUrl, mediaDir, batch);
      report.push(
        `| ${round.label} | ${totalDownloads} of ${totalDownloads} | ${((Date.now() - importStarted) / 1000).toFixed(1)} s to import | ${statuses(batch)} | ${check.films} films, ${check.images} images, ${check.problems.length ? 'NOT WHOLE' : 'whole'} | - | - | - |`,
      );
      failures.push(...check.problems.map((problem) => `${round.label}: ${problem}`));
      await api.stop();
      continue;
    }

    let finishedFirst = false;
    for (let i = 0; i < 6000 && fake.imageRequests.length < killAt; i += 1) {
      await sleep(5);
      if (i % 100 === 99 && (await batchOf(id)).status === 'finished') {
        finishedFirst = true;
        break;
      }
    }
    const downloadedAtKill = fake.imageRequests.length;
    const killedAfterMs = Date.now() - importStarted;
    await api.kill();
    log(`${round.label}: kill -9 after ${downloadedAtKill} downloads, ${killedAfterMs} ms`);
    const leftAtKill = await leftovers(mediaDir);

    api = await startApiProcess('server', apiEnv);
    const afterRestart = await batchOf(id);
    const check = await checkCatalog(databaseUrl, mediaDir, afterRestart);
    const spareImages = await unreferencedImages(databaseUrl, mediaDir);

    // The admin imports again what the batch says was not imported.
    const again = afterRestart.items.filter((item) => item.status !== 'done');
    let againSummary = 'nothing to redo';
    if (again.length) {
      const redo = await settle((await startBatch(again.map((item) => item.tmdbId))).id);
      const recheck = await checkCatalog(databaseUrl, mediaDir, redo);
      againSummary = `${statuses(redo)}; ${recheck.films} films ${recheck.problems.length ? 'NOT WHOLE' : 'whole'}; ${await unreferencedImages(databaseUrl, mediaDir)} image folders with no row`;
      failures.push(...recheck.problems.map((problem) => `${round.label}, again: ${problem}`));
      if (redo.items.some((item) => item.status !== 'done'))
        failures.push(`${round.label}: importing again did not complete`);
    }

    // Time passes (the files are aged past the grace), the API restarts: its worker sweeps them.
    const aged = new Date(Date.now() - AGED_MS);
    const before = await leftovers(mediaDir);
    for (const entry of before) {
      const full = path.join(mediaDir, entry);
      await utimes(full, aged, aged).catch(() => {});
      for (const child of await readdir(full, { recursive: true }).catch(() => []))
        await utimes(path.join(full, String(child)), aged, aged).catch(() => {});
    }
    await api.stop();
    api = await startApiProcess('server', apiEnv);
    let remaining = await leftovers(mediaDir);
    for (let i = 0; i < 50 && remaining.length; i += 1) {
      await sleep(200);
      remaining = await leftovers(mediaDir);
    }
    await api.stop();

    report.push(
      `| ${round.label} | ${downloadedAtKill} of ${totalDownloads}${finishedFirst ? ' (finished before the kill)' : ''} | killed after ${(killedAfterMs / 1000).toFixed(1)} s | ${afterRestart.status}: ${statuses(afterRestart)} | ${check.films} films, ${check.images} images, ${check.problems.length ? 'NOT WHOLE' : 'whole'}; ${spareImages} complete image folders with no row yet | ${againSummary} | ${leftAtKill.length} | ${remaining.length} |`,
    );
    failures.push(...check.problems.map((problem) => `${round.label}: ${problem}`));
    if (afterRestart.status !== 'finished')
      failures.push(`${round.label}: the batch still reads as running after the restart`);
    if (remaining.length) failures.push(`${round.label}: the sweep left ${remaining.join(', ')}`);
  }

  console.log(`
## Faults: kill -9 of the API mid TMDB import (${new Date().toISOString()})

Two films (${FILMS.join(', ')}) imported as one bulk batch from the stand-in TMDB; a fresh
database and media directory per row.

| kill | image downloads at the kill | timing | batch after the restart | catalog after the restart | importing the rest again | scratch and staging left at the kill | left after the sweep (aged past its grace) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${report.join('\n')}
`);
  if (failures.length) throw new Error(failures.join('; '));
});
