import type { ErrorCode } from '@lanxang/contracts';

/**
 * Why a screen could not load, sorted by what the viewer can do about it: `network` (check the
 * connection, retry), `unavailable` (our side is down, retry later), `not_found` (nothing to retry).
 * `code` is the API's stable problem code, or our own for failures that never reached the API.
 */
export type FailureKind = 'network' | 'unavailable' | 'not_found' | 'playback';

export class AppError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly code: ErrorCode | 'offline' | 'timeout' | 'bad_response' | string,
    message: string,
    readonly status?: number,
    /** Shaka's numeric category, when the failure came from the player. */
    readonly category?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(
    'unavailable',
    'internal_error',
    error instanceof Error ? error.message : String(error),
  );
}

/** The API could not be reached at all (no network, or nothing answering), not a refusal. */
export function isUnreachable(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    (error.kind === 'network' || ['service_unavailable', 'timeout'].includes(error.code))
  );
}
