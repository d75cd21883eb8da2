import type { EntityManager } from '@mikro-orm/postgresql';
import { FINISHED_JOB_STATES, type Locale, type MediaJobListQuerySchema } from '@lanxang/contracts';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { conflict, found } from '../../http/errors.js';
import { Movie, type IMovie } from '../catalog/movie.entity.js';
import { removeStoredFiles, type FileRemoval } from './cleanup.js';
import { MediaJob, type IMediaJob } from './media-job.entity.js';
import type { MediaQueue } from './media-queue.js';
import { subtitleTracks } from './subtitle-tracks.js';
import type { ReceivedUpload } from './upload.js';
import { queueTranscode } from './video-ingest.js';
import { replaceVideoSources } from './video-sources.js';

/** A film's videos, subtitles and transcode jobs (what a viewer may play: `playback-access.ts`). */
export function mediaLibrary(
  em: EntityManager,
  deps: FileRemoval & { config: Config; queue: MediaQueue },
) {
  const { storage, queue } = deps;
  const subtitles = subtitleTracks(em, storage);

  const findJob = async (id: number): Promise<IMediaJob> =>
    found(await em.findOne(MediaJob, { id }), 'That job');

  return {
    /** The film media are added to, found before any upload is read. */
    film: async (id: number): Promise<IMovie> =>
      found(await em.findOne(Movie, { id }), 'That film'),

    /** Probes an uploaded video and queues its transcode. */
    queueUpload: (movie: IMovie, upload: ReceivedUpload) => queueTranscode(em, deps, movie, upload),

    /** Points the film at a video served elsewhere; it replaces the film's sources, files too. */
    async setVideoUrl(movie: IMovie, input: { url: string; durationSeconds?: number | undefined }) {
      const { source, replaced } = await em.transactional((tx) =>
        replaceVideoSources(tx, {
          movie,
          quality: 'original',
          url: input.url,
          storageKey: null,
          durationSeconds: input.durationSeconds ?? null,
          status: 'ready',
        }),
      );
      await removeStoredFiles(deps, replaced);
      return source;
    },

    putSubtitles: (movie: IMovie, locale: Locale, bytes: Buffer) =>
      subtitles.put(movie, locale, bytes),
    deleteSubtitles: (movie: IMovie, locale: Locale) => subtitles.remove(movie, locale),

    /** The newest jobs first. */
    listJobs: (query: z.output<typeof MediaJobListQuerySchema>) =>
      em.find(
        MediaJob,
        {
          ...(query.movieId && { movie: query.movieId }),
          ...(query.state && { state: query.state }),
        },
        { orderBy: { id: 'desc' }, limit: query.limit },
      ),

    getJob: findJob,

    /** Refused (409 `job_finished`) once the job has finished, or finishes while cancelled. */
    async cancelJob(id: number): Promise<IMediaJob> {
      const job = await findJob(id);
      if (FINISHED_JOB_STATES.includes(job.state) || !(await queue.cancel(job.id))) {
        throw conflict(
          `The job has already ${job.state === 'completed' ? 'completed' : 'finished'}.`,
          'job_finished',
        );
      }
      await em.refresh(job);
      return job;
    },
  };
}

export type MediaLibrary = ReturnType<typeof mediaLibrary>;
