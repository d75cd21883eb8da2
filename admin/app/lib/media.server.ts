import type { Locale, MediaJob } from '@lanxang/contracts';
import { ApiError, apiFor } from './api.server';

/** A WebVTT file, sent as the API wants it: the raw text as the body, not JSON. */
export async function putSubtitles(
  request: Request,
  movieId: number,
  locale: Locale,
  vtt: Blob,
): Promise<void> {
  await apiFor(request).call('adminPutSubtitles', {
    params: { id: movieId, locale },
    file: { body: vtt, type: 'text/vtt' },
    timeoutMs: 30_000,
  });
}

/** The playback answer, or null while the film has none (no ready video, or still a draft). */
export async function playbackOrNull(request: Request, movieId: number) {
  try {
    return await apiFor(request).call('playback', { params: { idOrSlug: movieId } });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const isActive = (job: Pick<MediaJob, 'state'>) =>
  job.state === 'queued' || job.state === 'running' || job.state === 'retrying';

/** Only what the jobs table shows travels to the browser. */
export function toJobRow(job: MediaJob) {
  return {
    id: job.id,
    movieId: job.movieId,
    state: job.state,
    step: job.step,
    percent: job.percent,
    etaSeconds: job.etaSeconds,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    sourceName: job.sourceName,
    sourceBytes: job.sourceBytes,
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
    createdAt: job.createdAt,
    active: isActive(job),
  };
}
export type JobRow = ReturnType<typeof toJobRow>;
