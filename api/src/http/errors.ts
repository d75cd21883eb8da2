import type { ErrorCode, FieldIssue, OAuthErrorCode } from '@lanxang/contracts';

/**
 * An error the client caused or may see. Handlers throw these (through the factories below);
 * the error middleware turns them into problem+json. Anything else becomes a bare 500.
 */
export class HttpError extends Error {
  /** For a 409: the records that stand in the way. */
  conflicts?: { kind: string; id: number; label: string }[];

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, errors?: FieldIssue[]) =>
  new HttpError(400, 'bad_request', message, errors);
export const validationFailed = (errors: FieldIssue[]) =>
  new HttpError(400, 'validation_failed', describeIssues(errors), errors);
export const unauthorized = (message = 'Sign in to do this.') =>
  new HttpError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (message = 'You may not do this.') =>
  new HttpError(403, 'forbidden', message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, errors?: FieldIssue[]) =>
  new HttpError(409, 'conflict', message, errors);
export const conflictWith = (message: string, conflicts: NonNullable<HttpError['conflicts']>) =>
  Object.assign(new HttpError(409, 'conflict', message), { conflicts });
export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpError(429, 'rate_limited', 'Too many requests; try again shortly.', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

function describeIssues(errors: FieldIssue[]): string {
  const [first, ...rest] = errors;
  if (!first) return 'The request is not valid.';
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return `${first.field} ${first.message}${more}.`;
}

/**
 * A failure of the /oauth endpoints, answered as RFC 6749 §5.2 says (`{ error, error_description }`,
 * 400, or 401 for `invalid_client`) rather than as problem+json, so standard OAuth clients read it.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}
