import type { ErrorCode, FieldIssue, OAuthErrorCode } from '@lanxang/contracts';

/**
 * An error the client caused or may see. Handlers throw these (through the factories below);
 * the error middleware turns them into problem+json. Anything else becomes a bare 500.
 */
export class HttpError extends Error {
  /** For a 409: the records that stand in the way. */
  conflicts?: { kind: string; id: number; label: string }[];
  /** For a 402: what renting the film costs. */
  price?: { amount: number; currency: string; rentalHours: number };

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

type Headers = Record<string, string>;

// One factory per status, so a handler reads as the rule it enforces. `code` is the stable
// problem code clients branch on; each status has a general one unless every use names its own.
export const badRequest = (message: string, code: ErrorCode = 'bad_request', headers?: Headers) =>
  new HttpError(400, code, message, undefined, headers);
export const validationFailed = (errors: FieldIssue[]) =>
  new HttpError(400, 'validation_failed', describeIssues(errors), errors);
export const unauthorized = (message = 'Sign in to do this.') =>
  new HttpError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Bearer' });
/** A 401 for credentials that were checked and are wrong (no `WWW-Authenticate` challenge). */
export const wrongCredentials = (message: string) =>
  new HttpError(401, 'invalid_credentials', message);
export const forbidden = (message = 'You may not do this.', code: ErrorCode = 'forbidden') =>
  new HttpError(403, code, message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found.`);
/** `record` when there is one; otherwise a 404 naming `what` (`'That film'`). */
export function found<Record>(record: Record | null | undefined, what: string): Record {
  if (record === null || record === undefined) throw notFound(what);
  return record;
}
/** A 404 whose message is a whole sentence (not "… was not found."). */
export const missing = (message: string, code: ErrorCode = 'not_found') =>
  new HttpError(404, code, message);
export const methodNotAllowed = (message: string) =>
  new HttpError(405, 'method_not_allowed', message);
export const conflict = (message: string, code: ErrorCode = 'conflict') =>
  new HttpError(409, code, message);
export const conflictWith = (message: string, conflicts: NonNullable<HttpError['conflicts']>) =>
  Object.assign(new HttpError(409, 'conflict', message), { conflicts });
/** A 402: the film must be rented (again) first; the problem carries the price. */
export const paymentRequired = (
  message: string,
  code: ErrorCode,
  price: NonNullable<HttpError['price']>,
) => Object.assign(new HttpError(402, code, message), { price });
export const requestTimeout = (message: string) =>
  new HttpError(408, 'request_timeout', message, undefined, { Connection: 'close' });
export const gone = (message: string, code: ErrorCode) => new HttpError(410, code, message);
export const payloadTooLarge = (message: string, headers?: Headers) =>
  new HttpError(413, 'payload_too_large', message, undefined, headers);
export const unsupportedMediaType = (message: string) =>
  new HttpError(415, 'unsupported_media_type', message);
export const rangeNotSatisfiable = (message: string) => new HttpError(416, 'bad_request', message);
export const unprocessable = (message: string, code: ErrorCode) =>
  new HttpError(422, code, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new HttpError(429, 'rate_limited', 'Too many requests; try again shortly.', undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
export const internalError = () =>
  new HttpError(
    500,
    'internal_error',
    'Something went wrong on our side. Quote the request id if you report it.',
  );
export const badGateway = (message: string, code: ErrorCode) => new HttpError(502, code, message);
export const serviceUnavailable = (
  message: string,
  code: ErrorCode = 'service_unavailable',
  headers?: Headers,
) => new HttpError(503, code, message, undefined, headers);

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
    /** Set for a refusal to come back later: answered 429 with `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  get status(): number {
    if (this.retryAfterSeconds !== undefined) return 429;
    return this.error === 'invalid_client' ? 401 : 400;
  }
}
