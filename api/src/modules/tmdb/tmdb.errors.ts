import { HttpError } from '../../http/errors.js';
import { TmdbError } from './tmdb.client.js';

export const tmdbNotConfigured = () =>
  new HttpError(
    503,
    'tmdb_not_configured',
    'TMDB import is not set up on this server. Set TMDB_API_KEY (a TMDB v3 API key or v4 API Read Access Token) and restart the API.',
  );

/**
 * What the admin sees when TMDB fails. TMDB refusing our key is a server problem (502), never a
 * 401: the admin portal would take that for its own session having expired.
 */
export function tmdbHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (!(error instanceof TmdbError)) {
    return new HttpError(
      500,
      'internal_error',
      'Something went wrong on our side. Quote the request id if you report it.',
    );
  }
  switch (error.code) {
    case 'not_found':
      return new HttpError(404, 'tmdb_not_found', error.message);
    case 'unauthorized':
      return new HttpError(502, 'tmdb_unauthorized', error.message);
    case 'rate_limited': {
      const retryAfter = String(error.details.retryAfterSeconds ?? 10);
      return new HttpError(503, 'tmdb_rate_limited', error.message, undefined, {
        'Retry-After': retryAfter,
      });
    }
    case 'bad_request':
    case 'unavailable':
    case 'invalid_response':
      return new HttpError(502, 'tmdb_unavailable', error.message);
  }
}

/** Runs a TMDB-backed operation, turning TMDB's failures into the API's problem responses. */
export async function withTmdbErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw error instanceof TmdbError ? tmdbHttpError(error) : error;
  }
}
