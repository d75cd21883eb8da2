import path from 'node:path';
import { rm } from 'node:fs/promises';
import {
  FINISHED_JOB_STATES,
  SUBTITLE_MAX_BYTES,
  routes,
  type MediaJob as MediaJobDto,
} from '@lanxang/contracts';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db.js';
import type { AppContext, AppRouter } from '../../http/context.js';
import { HttpError, notFound } from '../../http/errors.js';
import { mount, type MountOptions } from '../../http/route.js';
import { Movie } from '../catalog/movie.entity.js';
import { VideoSource } from '../catalog/video-source.entity.js';
import { isMediaError } from './ffmpeg.js';
import { MediaJob, type IMediaJob } from './media-job.entity.js';
import { createMediaQueue, type MediaQueue } from './media-queue.js';
import { probeMedia } from './probe.js';
import { createMediaStorage, type MediaStorage } from './storage.js';
import { SubtitleTrack } from './subtitle-track.entity.js';
import {
  subtitleKeys,
  subtitleLabel,
  subtitlePlaylist,
  subtitleRenditions,
  validateWebVtt,
} from './subtitles.js';
import { rerenderMaster } from './transcode-job.js';
import { receiveUpload } from './upload.js';

/** The pipeline's long-lived parts: made and started by the server, stopped on shutdown. */
export interface MediaServices {
  storage: MediaStorage;
  queue: MediaQueue;
}

export function createMediaServices(deps: {
  db: Db;
  config: Config;
  logger: Logger;
}): MediaServices {
  const storage = createMediaStorage(deps.config);
  return { storage, queue: createMediaQueue({ ...deps, storage }) };
}

/** Playback for viewers; uploads, subtitles and jobs for admins. */
export function mediaRoutes(
  router: AppRouter,
  options: MountOptions,
  deps: { db: Db; config: Config; logger: Logger; media?: MediaServices | undefined },
): void {
  const { db, config } = deps;
  const storage = deps.media?.storage ?? createMediaStorage(config);
  const queue = () => {
    if (!deps.media)
      throw new HttpError(
        503,
        'service_unavailable',
        'The media queue is not running in this process.',
      );
    return deps.media.queue;
  };
  const findMovie = async (id: number) =>
    (await db.em.findOne(Movie, { id })) ?? Promise.reject(notFound('That film'));

  mount(router, options, routes.playback, async ({ params }) => {
    const movie = await db.em.findOne(
      Movie,
      typeof params.idOrSlug === 'number'
        ? { id: params.idOrSlug, status: 'published' }
        : { slug: params.idOrSlug, status: 'published' },
    );
    if (!movie) throw notFound('That film');
    // ENTITLEMENT CHECK GOES HERE (rentals work): a rental-only film answers 402/403 before any URL
    // is handed out, and the URLs below become signed or session-bound.
    const source = await db.em.findOne(
      VideoSource,
      { movie, status: 'ready' },
      { orderBy: { id: 'desc' } },
    );
    if (!source || (!source.url && !source.storageKey))
      throw notFound('A playable video for that film');
    const tracks = await db.em.find(SubtitleTrack, { movie }, { orderBy: { locale: 'asc' } });
    return {
      movieId: movie.id,
      masterUrl: source.url ?? storage.url(source.storageKey!),
      durationSeconds: numberOrNull(source.durationSeconds),
      posterUrl: source.posterKey ? storage.url(source.posterKey) : null,
      subtitles: tracks.map((track) => ({
        locale: track.locale,
        label: track.label,
        url: storage.url(track.vttKey),
      })),
      trickplay:
        source.trickplayKey && source.trickplayIntervalSeconds
          ? {
              vttUrl: storage.url(source.trickplayKey),
              intervalSeconds: Number(source.trickplayIntervalSeconds),
            }
          : null,
    };
  });

  mount(router, options, routes.adminUploadVideo, async ({ params, ctx }) => {
    const movie = await findMovie(params.id);
    const upload = await receiveUpload(ctx.req, {
      dir: path.join(config.media.workDir, 'uploads'),
      maxBytes: config.media.uploadMaxBytes,
    });
    // Probe before queueing: unusable input is refused now, with nothing kept and no job.
    try {
      await probeMedia(upload.file, { ffprobePath: config.media.tools.ffprobePath });
    } catch (error) {
      await rm(upload.file, { force: true });
      throw unusableInput(error);
    }
    const job = db.em.create(MediaJob, {
      movie,
      maxAttempts: config.media.retryLimit + 1,
      sourceName: upload.name,
      sourceBytes: upload.bytes,
      sourcePath: upload.file,
      storagePrefix: `video/${movie.id}`,
    });
    await db.em.flush();
    await queue().enqueue(job.id);
    ctx.state.log.info(
      { mediaJobId: job.id, movieId: movie.id, bytes: upload.bytes },
      'video uploaded; transcode queued',
    );
    return toJobDto(job);
  });

  mount(router, options, routes.adminSetVideoUrl, async ({ params, body }) => {
    const movie = await findMovie(params.id);
    const source = db.em.create(VideoSource, {
      movie,
      quality: 'original',
      url: body.url,
      storageKey: null,
      durationSeconds: body.durationSeconds ?? null,
      status: 'ready',
    });
    await db.em.flush();
    await db.em.nativeDelete(VideoSource, { movie, id: { $ne: source.id } });
    return {
      id: source.id,
      movieId: movie.id,
      status: 'ready' as const,
      masterUrl: body.url,
      external: true,
      durationSeconds: body.durationSeconds ?? null,
    };
  });

  /** Lists the film's subtitles in its own master playlist (an external one is not ours to edit). */
  const syncMaster = async (movie: { id: number }) => {
    const source = await db.em.findOne(
      VideoSource,
      { movie, status: 'ready', storageKey: { $ne: null } },
      { orderBy: { id: 'desc' } },
    );
    if (!source?.storageKey) return;
    const tracks = await db.em.find(SubtitleTrack, { movie });
    await rerenderMaster(storage, source.storageKey, subtitleRenditions(source.storageKey, tracks));
  };

  mount(router, options, routes.adminPutSubtitles, async ({ params, ctx }) => {
    const movie = await findMovie(params.id);
    const vtt = validateWebVtt(await readBody(ctx, SUBTITLE_MAX_BYTES));
    if (!vtt.ok) throw new HttpError(400, 'invalid_subtitles', vtt.reason);
    const keys = subtitleKeys(movie.id, params.locale);
    const source = await db.em.findOne(
      VideoSource,
      { movie, status: 'ready' },
      { orderBy: { id: 'desc' } },
    );
    await storage.writeText(keys.vttKey, vtt.text);
    await storage.writeText(
      keys.playlistKey,
      subtitlePlaylist(
        path.posix.basename(keys.vttKey),
        Math.max(numberOrNull(source?.durationSeconds) ?? 0, vtt.durationSeconds),
      ),
    );
    const track =
      (await db.em.findOne(SubtitleTrack, { movie, locale: params.locale })) ??
      db.em.create(SubtitleTrack, {
        movie,
        locale: params.locale,
        label: subtitleLabel(params.locale),
        ...keys,
      });
    Object.assign(track, keys);
    await db.em.flush();
    await syncMaster(movie);
    return { locale: track.locale, label: track.label, url: storage.url(track.vttKey) };
  });

  mount(router, options, routes.adminDeleteSubtitles, async ({ params }) => {
    const movie = await findMovie(params.id);
    const track = await db.em.findOne(SubtitleTrack, { movie, locale: params.locale });
    if (!track) throw notFound('That subtitle track');
    await db.em.remove(track).flush();
    await syncMaster(movie);
    await storage.deleteKeys([track.vttKey, track.playlistKey]);
  });

  const findJob = async (id: number) =>
    (await db.em.findOne(MediaJob, { id })) ?? Promise.reject(notFound('That job'));

  mount(router, options, routes.adminListJobs, async ({ query }) => {
    const jobs = await db.em.find(
      MediaJob,
      {
        ...(query.movieId && { movie: query.movieId }),
        ...(query.state && { state: query.state }),
      },
      { orderBy: { id: 'desc' }, limit: query.limit },
    );
    return { items: jobs.map(toJobDto) };
  });

  mount(router, options, routes.adminGetJob, async ({ params }) =>
    toJobDto(await findJob(params.id)),
  );

  mount(router, options, routes.adminCancelJob, async ({ params }) => {
    const job = await findJob(params.id);
    if (FINISHED_JOB_STATES.includes(job.state) || !(await queue().cancel(job.id))) {
      throw new HttpError(
        409,
        'job_finished',
        `The job has already ${job.state === 'completed' ? 'completed' : 'finished'}.`,
      );
    }
    await db.em.refresh(job);
    return toJobDto(job);
  });
}

export function toJobDto(job: IMediaJob): MediaJobDto {
  return {
    id: job.id,
    movieId: job.movie.id,
    kind: job.kind,
    state: job.state,
    step: job.step,
    percent: Math.round(Number(job.percent) * 10) / 10,
    etaSeconds: job.etaSeconds ?? null,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    sourceName: job.sourceName,
    sourceBytes: Number(job.sourceBytes),
    error: job.errorCode
      ? { code: job.errorCode, message: job.errorMessage ?? '', detail: job.errorDetail ?? '' }
      : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Bad input found by the probe, as the admin should see it. */
function unusableInput(error: unknown): unknown {
  if (isMediaError(error, 'not_a_video'))
    // ffprobe's own words name server paths: clients get a fixed sentence, the log the details.
    return new HttpError(422, 'not_a_video', 'That file is not a video ffmpeg can read.');
  if (isMediaError(error, 'no_video_stream'))
    return new HttpError(422, 'no_video_stream', 'That file has sound but no picture.');
  if (isMediaError(error, 'truncated')) {
    return new HttpError(
      422,
      'truncated_video',
      'That file is cut short (an interrupted copy or upload?).',
    );
  }
  return error;
}

async function readBody(ctx: AppContext, maxBytes: number): Promise<Buffer> {
  const request: IncomingMessage = ctx.req;
  if (Number(request.headers['content-length']) > maxBytes) throw subtitlesTooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw subtitlesTooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const subtitlesTooLarge = (maxBytes: number) =>
  new HttpError(
    413,
    'payload_too_large',
    `A subtitle file may be at most ${Math.round(maxBytes / 1024 / 1024)} MiB.`,
  );

/** `double precision` columns are typed `string | number` by the ORM; pg answers numbers. */
function numberOrNull(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
