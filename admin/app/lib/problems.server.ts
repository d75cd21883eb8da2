import { ApiError } from './api.server';

/** What a page shows of a failed API call: the stable code to choose words by, and the API's text. */
export interface ShownProblem {
  status: number;
  code: string;
  message: string;
}

/**
 * For failures a page explains in place (TMDB not configured, a video the pipeline refuses)
 * rather than in its ErrorBoundary. Anything that is not an API answer is rethrown.
 */
export function toShownProblem(error: unknown): ShownProblem {
  if (error instanceof ApiError)
    return { status: error.status, code: error.code, message: error.message };
  throw error;
}
