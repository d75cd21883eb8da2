import { routes, type Locale, type MediaJob } from '@lanxang/contracts';
import { adminCall } from './admin-call.server';
import { apiUrl, errorFromResponse, forwardedHeaders } from './api.server';
import { ApiError } from './api.server';

/** A WebVTT file, sent as the API wants it: the raw text as the body, not JSON. */
export async function putSubtitles(
  request: Request,
  movieId: number,
  locale: Locale,
  vtt: Blob,
): Promise<void> {
  const headers = forwardedHeaders(request);
  headers.set('content-type', 'text/vtt');
  let response: Response;
  try {
    response = await fetch(apiUrl(routes.adminPutSubtitles.path, { id: movieId, locale }), {
      method: 'PUT',
      headers,
      body: vtt,
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(30_000)]),
    });
  } catch (cause) {
    throw new ApiError(
      503,
      'service_unavailable',
      'The Lanxang API is not reachable',
      [],
      undefined,
      {
        cause,
      },
    );
  }
  if (!response.ok) throw await errorFromResponse(response);
}

/** The playback answer, or null while the film has none (no ready video, or still a draft). */
export async function playbackOrNull(request: Request, movieId: number) {
  try {
    return await adminCall(request, 'playback', { params: { idOrSlug: movieId } });
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
