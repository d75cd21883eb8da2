import { randomUUID } from 'node:crypto';
import type { TmdbImportBatch as TmdbImportBatchOutput } from '@lanxang/contracts';
import type { Logger } from 'pino';
import type { Db } from '../../db.js';
import { HttpError, notFound } from '../../http/errors.js';
import type { WriteContext } from '../audit/audited.js';
import {
  TmdbImportBatch,
  TmdbImportItem,
  type ITmdbImportBatch,
  type ITmdbImportItem,
} from './import-batch.entity.js';
import type { TmdbImporter } from './tmdb.importer.js';
import { tmdbHttpError } from './tmdb.errors.js';

/** Films imported at once by a bulk import: TMDB allows far more, but each also runs ffmpeg. */
const BATCH_CONCURRENCY = 2;
/** Identifies this API process as the runner of the batches it starts. */
const RUNNER_ID = randomUUID();

const INTERRUPTED = {
  code: 'interrupted',
  message: 'The API restarted before this film was imported. Import it again.',
};

/**
 * Bulk imports, run in this process in the background with bounded concurrency. Every item's
 * status is in PostgreSQL, so the admin can follow progress from any request, and a batch cut
 * short by a restart reads as "interrupted" rather than "pending" forever.
 */
export function tmdbBatches(deps: {
  db: Pick<Db, 'em'>;
  importer: TmdbImporter;
  logger: Logger;
  runnerId?: string;
}) {
  const { db, importer, logger } = deps;
  const runnerId = deps.runnerId ?? RUNNER_ID;
  const running = new Map<number, Promise<void>>();

  async function processItem(itemId: number, who: WriteContext): Promise<void> {
    const em = db.em.fork();
    const item = await em.findOneOrFail(TmdbImportItem, itemId);
    item.status = 'running';
    item.startedAt = new Date();
    await em.flush();
    try {
      // `done` commits with the film: a process killed around the commit leaves both or neither,
      // so an item another process later marks interrupted really has no film from this run.
      await importer.importMovie(item.tmdbId, who, (tx, result) =>
        tx.nativeUpdate(
          TmdbImportItem,
          { id: itemId },
          {
            status: 'done',
            movie: result.movieId,
            title: result.title.slice(0, 300),
            finishedAt: new Date(),
          },
        ),
      );
    } catch (error) {
      // One film failing never stops the rest: its reason is stored for the admin to read.
      const problem = error instanceof HttpError ? error : tmdbHttpError(error);
      if (problem.status >= 500 && !problem.code.startsWith('tmdb_'))
        logger.error({ err: error, tmdbId: item.tmdbId }, 'bulk import item failed');
      Object.assign(item, {
        status: 'failed',
        errorCode: problem.code,
        errorMessage: problem.message.slice(0, 1000),
        finishedAt: new Date(),
      });
      await em.flush();
    }
  }

  async function run(batchId: number, who: WriteContext): Promise<void> {
    const items = await db.em
      .fork()
      .find(
        TmdbImportItem,
        { batch: batchId, status: 'pending' },
        { orderBy: { position: 'asc' }, fields: ['id'] },
      );
    let next = 0;
    const worker = async () => {
      while (next < items.length) await processItem(items[next++]!.id, who);
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, items.length) }, worker));
    const em = db.em.fork();
    await em.nativeUpdate(TmdbImportBatch, { id: batchId }, { finishedAt: new Date() });
  }

  /**
   * Closes the unfinished items of a batch as `status` in one conditional update, so an item that
   * finished meanwhile keeps its real outcome.
   */
  async function closeUnfinished(
    batchId: number,
    status: 'interrupted' | 'failed',
    reason: { code: string; message: string },
  ) {
    const em = db.em.fork();
    const now = new Date();
    await em.nativeUpdate(
      TmdbImportItem,
      { batch: batchId, status: { $in: ['pending', 'running'] } },
      { status, errorCode: reason.code, errorMessage: reason.message, finishedAt: now },
    );
    await em.nativeUpdate(TmdbImportBatch, { id: batchId, finishedAt: null }, { finishedAt: now });
  }

  /** Reads a batch; one left unfinished by a runner that is gone (a restart) reads as interrupted. */
  async function load(
    batchId: number,
  ): Promise<{ batch: ITmdbImportBatch; items: ITmdbImportItem[] }> {
    const em = db.em.fork();
    const batch = await em.findOne(TmdbImportBatch, batchId);
    if (!batch) throw notFound('That import');
    // Only another process's batch can be orphaned: this process's own runs end in `start`.
    if (batch.runnerId !== runnerId && !batch.finishedAt) {
      await closeUnfinished(batchId, 'interrupted', INTERRUPTED);
      await em.refresh(batch);
    }
    const items = await em.find(TmdbImportItem, { batch }, { orderBy: { position: 'asc' } });
    return { batch, items };
  }

  return {
    async start(tmdbIds: number[], who: WriteContext): Promise<TmdbImportBatchOutput> {
      const em = db.em.fork();
      const batch = em.create(TmdbImportBatch, { actor: who.actor.slice(0, 200), runnerId });
      // The same film twice in one list would race itself: each id once, in the order given.
      [...new Set(tmdbIds)].forEach((tmdbId, position) =>
        em.create(TmdbImportItem, { batch, position, tmdbId, status: 'pending' }),
      );
      await em.flush();
      const work = run(batch.id, who)
        .catch(async (error: unknown) => {
          // A failure outside any one film (the database went away, say): close the rest plainly.
          logger.error({ err: error, batchId: batch.id }, 'bulk import stopped');
          await closeUnfinished(batch.id, 'failed', {
            code: 'internal_error',
            message: 'The import stopped on our side before this film. Import it again.',
          }).catch(() => {});
        })
        .finally(() => running.delete(batch.id));
      running.set(batch.id, work);
      return this.get(batch.id);
    },

    async get(batchId: number): Promise<TmdbImportBatchOutput> {
      const { batch, items } = await load(batchId);
      const count = (status: ITmdbImportItem['status']) =>
        items.filter((item) => item.status === status).length;
      const counts = {
        total: items.length,
        pending: count('pending'),
        running: count('running'),
        done: count('done'),
        failed: count('failed'),
        interrupted: count('interrupted'),
      };
      return {
        id: batch.id,
        // Finished when the runner says so, after its last film: never before `finishedAt` exists.
        status: batch.finishedAt ? 'finished' : 'running',
        createdAt: batch.createdAt.toISOString(),
        finishedAt: batch.finishedAt?.toISOString() ?? null,
        counts,
        items: items.map((item) => ({
          tmdbId: item.tmdbId,
          status: item.status,
          movieId: item.movie?.id ?? null,
          title: item.title ?? null,
          error: item.errorCode ? { code: item.errorCode, message: item.errorMessage ?? '' } : null,
        })),
      };
    },

    /** Resolves when every batch this process is running has finished (tests and shutdown). */
    async idle(): Promise<void> {
      while (running.size) await Promise.all(running.values());
    },
  };
}
export type TmdbBatches = ReturnType<typeof tmdbBatches>;
