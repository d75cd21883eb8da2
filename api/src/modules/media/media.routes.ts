import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { FINISHED_JOB_STATES, SUBTITLE_MAX_BYTES, routes } from '@lanxang/contracts';
import type { AppContext } from '../../http/context.js';
import { conflict, notFound, payloadTooLarge } from '../../http/errors.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { Movie } from '../catalog/movie.entity.js';
import { MediaJob } from './media-job.entity.js';
import { toExternalSourceDto, toJobDto, toPlaybackDto, toSubtitleDto } from './media.presenters.js';
import { findPlayable } from './playback.js';
import { subtitleTracks } from './subtitle-tracks.js';
import { receiveUpload } from './upload.js';
import { queueTranscode } from './video-ingest.js';
import { removeStoredFiles } from './cleanup.js';
import { replaceVideoSources } from './video-sources.js';

/** Playback for viewers; uploads, subtitles and jobs for admins. */
export function mediaRoutes(http: RouteMount, { db, config, media, logger }: Services): void {
  const { storage, queue } = media;
  const subtitles = subtitleTracks(db.em, storage);
  const findMovie = async (id: number) =>
    (await db.em.findOne(Movie, { id })) ?? Promise.reject(notFound('That film'));
  const findJob = async (id: number) =>
    (await db.em.findOne(MediaJob, { id })) ?? Promise.reject(notFound('That job'));

  mount(http, routes.playback, async ({ params }) =>
    toPlaybackDto(storage, await findPlayable(db.em, params.idOrSlug)),
  );

  mount(http, routes.adminUploadVideo, async ({ params, ctx }) => {
    const movie = await findMovie(params.id);
    const upload = await receiveUpload(ctx.req, {
      dir: path.join(config.media.workDir, 'uploads'),
      maxBytes: config.media.uploadMaxBytes,
    });
    const job = await queueTranscode(db.em, { config, queue }, movie, upload);
    ctx.state.log.info(
      { mediaJobId: job.id, movieId: movie.id, bytes: upload.bytes },
      'video uploaded; transcode queued',
    );
    return toJobDto(job);
  });

  mount(http, routes.adminSetVideoUrl, async ({ params, body }) => {
    const movie = await findMovie(params.id);
    const { source, replaced } = await db.em.transactional((tx) =>
      replaceVideoSources(tx, {
        movie,
        quality: 'original',
        url: body.url,
        storageKey: null,
        durationSeconds: body.durationSeconds ?? null,
        status: 'ready',
      }),
    );
    await removeStoredFiles({ storage, logger }, replaced);
    return toExternalSourceDto(source, body.url);
  });

  mount(http, routes.adminPutSubtitles, async ({ params, ctx }) => {
    const movie = await findMovie(params.id);
    const track = await subtitles.put(
      movie,
      params.locale,
      await readBody(ctx, SUBTITLE_MAX_BYTES),
    );
    return toSubtitleDto(storage, track);
  });

  mount(http, routes.adminDeleteSubtitles, async ({ params }) =>
    subtitles.remove(await findMovie(params.id), params.locale),
  );

  mount(http, routes.adminListJobs, async ({ query }) => {
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

  mount(http, routes.adminGetJob, async ({ params }) => toJobDto(await findJob(params.id)));

  mount(http, routes.adminCancelJob, async ({ params }) => {
    const job = await findJob(params.id);
    if (FINISHED_JOB_STATES.includes(job.state) || !(await queue.cancel(job.id))) {
      throw conflict(
        `The job has already ${job.state === 'completed' ? 'completed' : 'finished'}.`,
        'job_finished',
      );
    }
    await db.em.refresh(job);
    return toJobDto(job);
  });
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
  payloadTooLarge(`A subtitle file may be at most ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
