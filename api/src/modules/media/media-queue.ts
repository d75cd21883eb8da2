import { randomUUID } from 'node:crypto';
import { access, rm } from 'node:fs/promises';
import { FINISHED_JOB_STATES, type MediaJobStep } from '@lanxang/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db.js';
import type { JobRunner } from '../../jobs.js';
import { isMediaError, MediaError } from './ffmpeg.js';
import { MediaJob, type IMediaJob } from './media-job.entity.js';
import { removeStoredFiles } from './cleanup.js';
import type { MediaStorage } from './storage.js';
import { SubtitleTrack } from './subtitle-track.entity.js';
import { subtitleRenditions } from './subtitles.js';
import { runTranscodeJob, type JobProgress, type TranscodeJobResult } from './transcode-job.js';
import { replaceVideoSources } from './video-sources.js';
import { jobWorkDir, sweepJobDirs, sweepLeftovers, type SweepTarget } from './work-sweep.js';

export const TRANSCODE_QUEUE = 'media-transcode';
const HEARTBEAT_MS = 3000;
const PROGRESS_WRITE_MS = 1000;
/** A running job whose heartbeat is this old lost its worker (a crash, a kill -9). */
const STALE_AFTER_SECONDS = 60;
/** A `queued` row whose pg-boss job is missing this long after its last send is sent again. */
const UNSENT_AFTER_SECONDS = 60;
const ENQUEUE_ATTEMPTS = 3;
/** Uploads, image scratch and staging files nobody touched for this long are leftovers. */
const LEFTOVER_GRACE_MS = 15 * 60_000;
const LEFTOVER_SWEEP_EVERY_MS = 60 * 60_000;
/** pg-boss job states in which the job will still be delivered. */
const PENDING_BOSS_STATES = ['created', 'retry', 'active'];

interface TranscodeData {
  mediaJobId: number;
}

/** Why a running job's AbortController fired. */
type StopReason = 'cancelled' | 'shutdown';

export interface MediaQueue {
  /** Connects pg-boss and, unless `MEDIA_WORKER=false`, starts working the queue. */
  start(): Promise<void>;
  /** Interrupts running jobs (they are re-queued, not failed); the job runner then disconnects. */
  stop(): Promise<void>;
  /** Hands the job to pg-boss, trying a few times; throws when pg-boss never took it. */
  enqueue(mediaJobId: number): Promise<void>;
  /** Marks the job cancelled and stops its ffmpeg, here or in whichever worker runs it. */
  cancel(mediaJobId: number): Promise<boolean>;
  /**
   * Settles jobs whose worker died (unless pg-boss retries them, their upload and work directory
   * go) and sends again `queued` jobs pg-boss never got; runs at start and
   * every minute while working. Answers how many jobs it touched.
   */
  recoverStalledJobs(): Promise<number>;
}

/**
 * Transcode jobs on pg-boss (PostgreSQL, `SKIP LOCKED`): delivery, retries with exponential
 * backoff and expiry are pg-boss's; state, progress and errors are written to `media_jobs`.
 */
export function createMediaQueue(deps: {
  db: Db;
  config: Config;
  logger: Logger;
  storage: MediaStorage;
  jobs: JobRunner;
}): MediaQueue {
  const { db, config, storage } = deps;
  const media = config.media;
  const logger = deps.logger.child({ module: 'media-queue' });
  const { boss } = deps.jobs;
  const running = new Map<number, AbortController>();
  let recoveryTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let started: Promise<void> | undefined;

  const sendOptions = (retryLimit = media.retryLimit): PgBoss.SendOptions => ({
    retryLimit,
    retryDelay: media.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: media.expireSeconds,
  });

  /**
   * The pg-boss job id is written to the row before pg-boss gets the job: a send that failed or
   * was cut short leaves a row naming a job pg-boss does not have, which `sendUnsent` finds.
   * `replacing` makes the write conditional on the row still naming that job, so two sweeps
   * never both send it. Answers false when the row was not (or no longer) the one to send.
   */
  async function send(
    mediaJobId: number,
    options: { retryLimit?: number; replacing?: string | null } = {},
  ): Promise<boolean> {
    const bossJobId = randomUUID();
    const updated = await db.em
      .fork()
      .nativeUpdate(
        MediaJob,
        options.replacing === undefined
          ? { id: mediaJobId }
          : { id: mediaJobId, state: 'queued', bossJobId: options.replacing },
        { bossJobId, updatedAt: new Date() },
      );
    if (updated === 0) return false;
    await boss.send(TRANSCODE_QUEUE, { mediaJobId } satisfies TranscodeData, {
      ...sendOptions(options.retryLimit),
      id: bossJobId,
    });
    return true;
  }

  async function enqueue(mediaJobId: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await send(mediaJobId);
        return;
      } catch (error) {
        if (attempt >= ENQUEUE_ATTEMPTS) throw error;
        logger.warn({ err: error, mediaJobId, attempt }, 'enqueue failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /** Runs one delivery of a transcode job: claim it, transcode, then record how it ended. */
  async function handle(job: PgBoss.JobWithMetadata<TranscodeData>): Promise<void> {
    const em = db.em.fork();
    const row = await claim(em, job.data.mediaJobId);
    if (!row) return;
    const log = logger.child({ mediaJobId: row.id, attempt: job.retryCount + 1 });
    const controller = new AbortController();
    running.set(row.id, controller);
    log.info({ movieId: row.movie.id }, 'transcode started');
    const progress = progressWriter(em, row.id, controller, log);
    try {
      const result = await runTranscodeJob({
        source: row.sourcePath!,
        workDir: jobWorkDir(media.workDir, row.id),
        storage,
        prefix: row.storagePrefix,
        subtitlesFor: async (masterKey) =>
          subtitleRenditions(masterKey, await em.find(SubtitleTrack, { movie: row.movie.id })),
        tools: media.tools,
        signal: controller.signal,
        onProgress: progress.report,
      });
      progress.stop();
      await complete(em, row, result, log);
      await removeSource(row);
      log.info({ masterKey: result.masterKey }, 'transcode completed');
    } catch (thrown) {
      progress.stop();
      const reason = controller.signal.aborted ? (controller.signal.reason as StopReason) : null;
      await settleFailure(em, row, job, reason, thrown, log);
    } finally {
      progress.stop();
      running.delete(row.id);
    }
  }

  /** Marks a queued job running for this worker; `null` when there is nothing left to run. */
  async function claim(em: EntityManager, mediaJobId: number): Promise<IMediaJob | null> {
    const row = await em.findOne(MediaJob, { id: mediaJobId });
    if (!row || FINISHED_JOB_STATES.includes(row.state) || !row.sourcePath) return null;
    const now = new Date();
    row.state = 'running';
    row.step = 'waiting';
    row.attempts += 1;
    row.startedAt ??= now;
    row.heartbeatAt = now;
    await em.flush();
    return row;
  }

  /**
   * Progress is written at most once a second and on every step change, with a heartbeat in
   * between; each write is also the cancel check for a job cancelled through another process
   * (the update finds the row no longer running).
   */
  function progressWriter(
    em: EntityManager,
    mediaJobId: number,
    controller: AbortController,
    log: Logger,
  ) {
    let latest: JobProgress = { step: 'waiting', percent: 0, etaSeconds: null };
    let lastWrite = 0;
    let lastStep: MediaJobStep = 'waiting';
    const write = async () => {
      lastWrite = Date.now();
      const updated = await em.nativeUpdate(
        MediaJob,
        { id: mediaJobId, state: 'running' },
        {
          step: latest.step,
          percent: latest.percent,
          etaSeconds: latest.etaSeconds,
          heartbeatAt: new Date(),
        },
      );
      if (updated === 0 && !controller.signal.aborted)
        controller.abort('cancelled' satisfies StopReason);
    };
    const writeInBackground = () =>
      void write().catch((error: unknown) => log.warn({ err: error }, 'progress write failed'));
    const heartbeat = setInterval(writeInBackground, HEARTBEAT_MS);
    return {
      report(progress: JobProgress) {
        latest = progress;
        if (progress.step !== lastStep || Date.now() - lastWrite >= PROGRESS_WRITE_MS) {
          lastStep = progress.step;
          writeInBackground();
        }
      },
      stop: () => clearInterval(heartbeat),
    };
  }

  /**
   * The new ladder becomes the film's video and the job is done, in one transaction; the files
   * of the sources it replaced go once that commits.
   */
  async function complete(
    em: EntityManager,
    row: IMediaJob,
    result: TranscodeJobResult,
    log: Logger,
  ): Promise<void> {
    const replaced = await em.transactional(async (tx) => {
      const { source, replaced } = await replaceVideoSources(tx, {
        movie: row.movie.id,
        quality: 'original',
        url: null,
        storageKey: result.masterKey,
        bandwidth: result.top.bandwidth,
        codecs: result.top.codecs,
        width: result.top.width,
        height: result.top.height,
        durationSeconds: result.durationSeconds,
        posterKey: result.posterKey,
        trickplayKey: result.trickplayKey,
        trickplayIntervalSeconds: result.trickplayIntervalSeconds,
        status: 'ready',
      });
      await tx.nativeUpdate(
        MediaJob,
        { id: row.id },
        {
          state: 'completed',
          step: 'done',
          percent: 100,
          etaSeconds: 0,
          videoSource: source.id,
          finishedAt: new Date(),
          errorCode: null,
          errorMessage: null,
          errorDetail: null,
        },
      );
      return replaced;
    });
    await removeStoredFiles({ storage, logger: log }, replaced);
  }

  /**
   * A run that did not finish: a shutdown hands the job on, a cancel cleans up, a failure is
   * recorded and either retried by pg-boss (rethrown) or final.
   */
  async function settleFailure(
    em: EntityManager,
    row: IMediaJob,
    job: PgBoss.JobWithMetadata<TranscodeData>,
    reason: StopReason | null,
    thrown: unknown,
    log: Logger,
  ): Promise<void> {
    if (reason === 'shutdown') {
      // Not the job's fault: hand it to the next worker without using up one of its retries.
      await em.nativeUpdate(
        MediaJob,
        { id: row.id, state: 'running' },
        { state: 'queued', step: 'waiting', percent: 0, etaSeconds: null },
      );
      await send(row.id, { retryLimit: Math.max(0, job.retryLimit - job.retryCount) });
      log.info('transcode interrupted by shutdown; re-queued');
      return;
    }
    if (reason === 'cancelled') {
      await removeSource(row);
      log.info('transcode cancelled');
      return;
    }
    const error = isMediaError(thrown)
      ? thrown
      : new MediaError('ffmpeg_failed', thrown instanceof Error ? thrown.message : String(thrown), {
          cause: thrown,
        });
    const final = !error.retryable || job.retryCount >= job.retryLimit;
    await em.nativeUpdate(
      MediaJob,
      { id: row.id, state: 'running' },
      {
        state: final ? 'failed' : 'retrying',
        etaSeconds: null,
        errorCode: error.code,
        errorMessage: error.message,
        errorDetail: error.stderrTail,
        ...(final && { finishedAt: new Date() }),
      },
    );
    log.warn({ err: error, final }, 'transcode failed');
    if (final) {
      await removeSource(row);
      return; // pg-boss sees success: there is nothing left to retry.
    }
    throw error; // pg-boss schedules the retry with backoff.
  }

  async function removeSource(row: IMediaJob): Promise<void> {
    if (row.sourcePath) await rm(row.sourcePath, { force: true });
    await db.em.fork().nativeUpdate(MediaJob, { id: row.id }, { sourcePath: null });
  }

  async function recoverStalledJobs(): Promise<number> {
    const em = db.em.fork();
    const staleBefore = new Date(Date.now() - STALE_AFTER_SECONDS * 1000);
    const stale = await em.find(MediaJob, {
      state: 'running',
      heartbeatAt: { $lt: staleBefore },
      id: { $nin: [...running.keys()] },
    });
    for (const row of stale) {
      if (row.bossJobId)
        await boss.fail(TRANSCODE_QUEUE, row.bossJobId, { reason: 'worker stopped responding' });
      const bossJob = row.bossJobId ? await boss.getJobById(TRANSCODE_QUEUE, row.bossJobId) : null;
      const retrying = bossJob?.state === 'retry';
      // Still stale: a retry pg-boss delivered meanwhile has claimed the row with a fresh heartbeat.
      const settled = await em.nativeUpdate(
        MediaJob,
        { id: row.id, state: 'running', heartbeatAt: { $lt: staleBefore } },
        {
          state: retrying ? 'retrying' : 'failed',
          errorCode: 'ffmpeg_failed',
          errorMessage: 'The worker running this job stopped responding',
          ...(!retrying && { finishedAt: new Date() }),
        },
      );
      // A retry needs the upload, and starts by clearing the work directory it builds in.
      if (settled && !retrying) {
        await rm(jobWorkDir(media.workDir, row.id), { recursive: true, force: true });
        await removeSource(row);
      }
      logger.warn({ mediaJobId: row.id, retrying }, 'recovered a stalled transcode');
    }
    return stale.length + (await sendUnsent());
  }

  /**
   * `queued` rows pg-boss has no pending job for (the send failed, or the process died between
   * writing the row and sending): sent again while their upload exists, failed once it is gone.
   */
  async function sendUnsent(): Promise<number> {
    const em = db.em.fork();
    const waiting = await em.find(MediaJob, {
      state: 'queued',
      updatedAt: { $lt: new Date(Date.now() - UNSENT_AFTER_SECONDS * 1000) },
    });
    let sent = 0;
    for (const row of waiting) {
      const bossJob = row.bossJobId ? await boss.getJobById(TRANSCODE_QUEUE, row.bossJobId) : null;
      if (bossJob && PENDING_BOSS_STATES.includes(bossJob.state)) continue;
      const hasUpload = !!row.sourcePath && (await fileExists(row.sourcePath));
      if (hasUpload) {
        if (await send(row.id, { replacing: row.bossJobId })) sent++;
        logger.warn({ mediaJobId: row.id }, 'sent again a queued transcode pg-boss never got');
        continue;
      }
      await em.nativeUpdate(
        MediaJob,
        { id: row.id, state: 'queued' },
        {
          state: 'failed',
          errorCode: 'not_queued',
          errorMessage: 'The job was never queued and its upload is gone; upload the video again.',
          sourcePath: null,
          finishedAt: new Date(),
        },
      );
      sent++;
    }
    return sent;
  }

  const sweepTarget = (): SweepTarget => ({
    em: db.em.fork(),
    workDir: media.workDir,
    mediaDir: storage.kind === 'local' ? config.mediaDir : null,
    graceMs: Math.max(LEFTOVER_GRACE_MS, 2 * config.http.uploadIdleTimeoutMs),
    logger,
  });
  const sweepLeftoversInBackground = () =>
    void sweepLeftovers(sweepTarget()).catch((error: unknown) =>
      logger.warn({ err: error }, 'leftover sweep failed'),
    );

  return {
    start: () =>
      (started ??= (async () => {
        await deps.jobs.start();
        await deps.jobs.ensureQueue(TRANSCODE_QUEUE, sendOptions());
        if (!media.worker) return;
        // Before taking any job, so no job of this worker can be building in what it removes.
        await sweepJobDirs(sweepTarget()).catch((error: unknown) =>
          logger.warn({ err: error }, 'job directory sweep failed'),
        );
        for (let i = 0; i < media.workerConcurrency; i++) {
          await boss.work<TranscodeData>(
            TRANSCODE_QUEUE,
            { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: media.pollSeconds },
            async ([job]) => {
              if (job) await handle(job);
            },
          );
        }
        await recoverStalledJobs();
        recoveryTimer = setInterval(
          () =>
            void recoverStalledJobs().catch((error: unknown) =>
              logger.warn({ err: error }, 'stall recovery failed'),
            ),
          60_000,
        );
        recoveryTimer.unref();
        // Walking a large local media directory takes a while: start-up does not wait for it.
        sweepLeftoversInBackground();
        sweepTimer = setInterval(sweepLeftoversInBackground, LEFTOVER_SWEEP_EVERY_MS);
        sweepTimer.unref();
      })()),

    async stop() {
      if (!started) return;
      await started.catch(() => {});
      clearInterval(recoveryTimer);
      clearInterval(sweepTimer);
      // The job runner, stopped after this, waits for the aborted transcodes to return.
      for (const controller of running.values()) controller.abort('shutdown' satisfies StopReason);
    },

    enqueue,

    async cancel(mediaJobId) {
      const em = db.em.fork();
      const updated = await em.nativeUpdate(
        MediaJob,
        { id: mediaJobId, state: { $in: ['queued', 'running', 'retrying'] } },
        { state: 'cancelled', etaSeconds: null, finishedAt: new Date() },
      );
      if (updated === 0) return false;
      running.get(mediaJobId)?.abort('cancelled' satisfies StopReason);
      const row = await em.findOneOrFail(MediaJob, { id: mediaJobId });
      if (row.bossJobId) await boss.cancel(TRANSCODE_QUEUE, row.bossJobId);
      // A running job removes its own upload when ffmpeg has stopped; a waiting one has no worker.
      if (!running.has(mediaJobId)) await removeSource(row);
      return true;
    },

    recoverStalledJobs,
  };
}

const fileExists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
