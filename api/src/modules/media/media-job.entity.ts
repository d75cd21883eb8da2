import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { MEDIA_JOB_STATES, MEDIA_JOB_STEPS } from '@lanxang/contracts';
import { Movie } from '../catalog/movie.entity.js';
import { VideoSource } from '../catalog/video-source.entity.js';

/**
 * The API's view of one transcode: what the admin sees and what the worker reports into.
 * pg-boss (schema `pgboss`) only delivers the job and schedules its retries; this row is the
 * truth about state, progress and errors, so it survives pg-boss archiving its own rows.
 */
export const MediaJob = defineEntity({
  name: 'MediaJob',
  tableName: 'media_jobs',
  indexes: [{ properties: ['state'] }],
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).deleteRule('cascade').index(),
    kind: p.enum(['transcode'] as const).default('transcode'),
    state: p.enum([...MEDIA_JOB_STATES]).default('queued'),
    step: p.enum([...MEDIA_JOB_STEPS]).default('waiting'),
    percent: p.double().default(0),
    etaSeconds: p.integer().nullable(),
    attempts: p.integer().default(0),
    maxAttempts: p.integer(),
    sourceName: p.string().length(255),
    sourceBytes: p.double(),
    /** The upload in the work directory; null once removed (the job finished). */
    sourcePath: p.string().length(1000).nullable(),
    /** Where the ladder, poster and thumbnails are published, e.g. `video/12`. */
    storagePrefix: p.string().length(300),
    bossJobId: p.string().length(36).nullable(),
    videoSource: () => p.manyToOne(VideoSource).nullable().deleteRule('set null'),
    errorCode: p.string().length(60).nullable(),
    errorMessage: p.text().nullable(),
    /** ffmpeg's last stderr lines. */
    errorDetail: p.text().nullable(),
    /** Written while running; a stale one means the worker died (see `recoverStalledJobs`). */
    heartbeatAt: p.datetime().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IMediaJob = InferEntity<typeof MediaJob>;
