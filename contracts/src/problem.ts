import { z } from 'zod';

/**
 * Stable machine codes for every failure the API reports. Clients switch on these, never on
 * messages, so a code is never renamed once shipped.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'route_not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'request_timeout',
  'unsupported_media_type',
  'rate_limited',
  'service_unavailable',
  'internal_error',
  // TMDB import: the upstream service, not the caller, is the problem.
  'tmdb_not_configured',
  'tmdb_unauthorized',
  'tmdb_not_found',
  'tmdb_rate_limited',
  'tmdb_unavailable',
  // The media pipeline: uploads it cannot use, and jobs in the wrong state.
  'not_a_video',
  'no_video_stream',
  'truncated_video',
  'invalid_subtitles',
  'job_finished',
  // Admin image uploads.
  'not_an_image',
  // Accounts and pairing a TV.
  'invalid_credentials',
  'code_not_found',
  'code_expired',
  'code_used',
  'code_attempts_exhausted',
  // Rentals and media tokens: a film to rent first, a rental that ended, a media URL without a
  // good token (the player asks for a fresh one).
  'rental_required',
  'rental_ended',
  'media_token_invalid',
  // Rentals and payments.
  'rental_not_needed',
  'rental_active',
  'promo_invalid',
  'promo_exhausted',
  'payment_not_pending',
  'payment_not_manual',
  'payment_not_refundable',
  'payment_signature_invalid',
  'payment_provider_unknown',
  'payment_provider_unavailable',
  // Watch progress: numbers no player could have sent.
  'position_beyond_duration',
  'implausible_duration',
  'timestamp_in_future',
  // Playback analytics.
  'too_many_events',
  'invalid_date_range',
  // Paged reads.
  'invalid_cursor',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const FieldIssueSchema = z.object({
  /** Where the problem is, e.g. `body.title.en` or `query.page`. */
  field: z.string(),
  message: z.string(),
  code: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** RFC 9457 problem details, the body of every error response (`application/problem+json`). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: ErrorCodeSchema,
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldIssueSchema).optional(),
    /** For a 409: the records that stand in the way, e.g. the films a person still appears in. */
    conflicts: z
      .array(z.object({ kind: z.string(), id: z.number().int(), label: z.string() }))
      .optional(),
    /** For a 402 (`rental_required`, `rental_ended`): what renting the film costs. */
    price: z
      .object({
        /** In the currency's minor units (LAK has none). */
        amount: z.number().int(),
        currency: z.string(),
        rentalHours: z.number().int(),
      })
      .optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
