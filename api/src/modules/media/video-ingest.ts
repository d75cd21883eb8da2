import { rm } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.js';
import { serviceUnavailable, unprocessable } from '../../http/errors.js';
import { isMediaError } from './ffmpeg.js';
import { MediaJob, type IMediaJob } from './media-job.entity.js';
import type { MediaQueue } from './media-queue.js';
import { probeMedia } from './probe.js';
import type { ReceivedUpload } from './upload.js';

/**
 * Queues an uploaded video's transcode. It is probed first: unusable input is refused now, with
 * nothing kept and no job.
 */
export async function queueTranscode(
  em: EntityManager,
  deps: { config: Config; queue: MediaQueue },
  movie: { id: number },
  upload: ReceivedUpload,
): Promise<IMediaJob> {
  const { media } = deps.config;
  try {
    await probeMedia(upload.file, { ffprobePath: media.tools.ffprobePath });
  } catch (error) {
    await rm(upload.file, { force: true });
    throw unusableInput(error);
  }
  const job = em.create(MediaJob, {
    movie: movie.id,
    maxAttempts: media.retryLimit + 1,
    sourceName: upload.name,
    sourceBytes: upload.bytes,
    sourcePath: upload.file,
    storagePrefix: `video/${movie.id}`,
  });
  await em.flush();
  try {
    await deps.queue.enqueue(job.id);
  } catch (error) {
    await failUnqueued(em, job, error);
    throw serviceUnavailable('The transcode could not be queued. Upload the video again shortly.');
  }
  return job;
}

/**
 * A job pg-boss never took would wait `queued` forever: it fails now, saying why, and its upload
 * goes. Should even that write fail, the row stays `queued` and the queue's sweep sends it later.
 */
async function failUnqueued(em: EntityManager, job: IMediaJob, cause: unknown): Promise<void> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const failed = await em
    .nativeUpdate(
      MediaJob,
      { id: job.id, state: 'queued' },
      {
        state: 'failed',
        errorCode: 'not_queued',
        errorMessage: 'The transcode queue did not take the job; upload the video again.',
        errorDetail: reason,
        sourcePath: null,
        finishedAt: new Date(),
      },
    )
    .catch(() => 0);
  if (failed === 1) await rm(job.sourcePath!, { force: true });
}

/** Bad input found by the probe, as the admin should see it. */
function unusableInput(error: unknown): unknown {
  if (isMediaError(error, 'not_a_video'))
    // ffprobe's own words name server paths: clients get a fixed sentence, the log the details.
    return unprocessable('That file is not a video ffmpeg can read.', 'not_a_video');
  if (isMediaError(error, 'no_video_stream'))
    return unprocessable('That file has sound but no picture.', 'no_video_stream');
  if (isMediaError(error, 'timed_out'))
    return unprocessable('ffmpeg could not read that file in reasonable time.', 'not_a_video');
  if (isMediaError(error, 'truncated'))
    return unprocessable(
      'That file is cut short (an interrupted copy or upload?).',
      'truncated_video',
    );
  return error;
}
