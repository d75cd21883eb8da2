import {
  HttpError,
  badGateway,
  internalError,
  missing,
  serviceUnavailable,
} from '../../http/errors.js';
import { TmdbError } from './tmdb.client.js';

export const tmdbNotConfigured = () =>
  serviceUnavailable(
    'TMDB import is not set up on this server. Set TMDB_API_KEY (a TMDB v3 API key or v4 API Read Access Token) and restart the API.',
    'tmdb_not_configured',
  );

/**
 * What the admin sees when TMDB fails. TMDB refusing our key is a server problem (502), never a
 * 401: the admin portal would take that for its own session having expired.
 */
export function tmdbHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (!(error instanceof TmdbError)) {
    return internalError();
  }
  switch (error.code) {
    case 'not_found':
      return missing(error.message, 'tmdb_not_found');
    case 'unauthorized':
      return badGateway(error.message, 'tmdb_unauthorized');
    case 'rate_limited': {
      const retryAfter = String(error.details.retryAfterSeconds ?? 10);
      return serviceUnavailable(error.message, 'tmdb_rate_limited', { 'Retry-After': retryAfter });
    }
    case 'bad_request':
    case 'unavailable':
    case 'invalid_response':
      return badGateway(error.message, 'tmdb_unavailable');
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
