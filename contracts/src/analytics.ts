import { z } from 'zod';
import { IdSchema } from './catalog.js';
import { LocalizedTextSchema } from './locale.js';

/** The most events one batch may carry; a longer batch is refused with 413 `too_many_events`. */
export const ANALYTICS_BATCH_MAX = 500;
/** The largest request body `POST /api/analytics/events` reads (413 `payload_too_large` past it). */
export const ANALYTICS_BODY_MAX_BYTES = 256 * 1024;
/** The longest date range an admin read covers. */
export const ANALYTICS_RANGE_MAX_DAYS = 366;

export const ANALYTICS_EVENT_TYPES = [
  'play_requested',
  'first_frame',
  'stall_start',
  'stall_end',
  'quality_switch',
  'error',
  'pause',
  'seek',
  'complete',
  'heartbeat',
] as const;
export const AnalyticsEventTypeSchema = z.enum(ANALYTICS_EVENT_TYPES);
export type AnalyticsEventType = z.infer<typeof AnalyticsEventTypeSchema>;

const seconds = z
  .number()
  .min(0, 'must not be negative')
  .max(24 * 60 * 60);
const milliseconds = z
  .number()
  .min(0, 'must not be negative')
  .max(60 * 60 * 1000);
const height = z.number().int().min(0).max(10_000);
const bandwidth = z.number().min(0).max(1e11);

/** What every event carries: when it happened (the player's clock), which film, where in it. */
const eventBase = {
  at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  movieId: IdSchema,
  positionSeconds: seconds,
};
const event = <Type extends AnalyticsEventType, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), ...eventBase, ...shape });

/** One playback event; the type decides which extra fields it has. */
export const AnalyticsEventSchema = z
  .discriminatedUnion('type', [
    event('play_requested', {}),
    event('first_frame', {
      /** Shaka's `stats.loadLatency`, in milliseconds. */
      loadLatencyMs: milliseconds,
      /** From Play pressed to the first frame on screen. */
      timeToFirstFrameMs: milliseconds,
    }),
    event('stall_start', {}),
    /** The stall that began at the session's last `stall_start`; its length. */
    event('stall_end', { durationMs: milliseconds }),
    event('quality_switch', {
      fromHeight: height.nullable(),
      toHeight: height,
      fromBandwidth: bandwidth.nullable(),
      toBandwidth: bandwidth,
    }),
    event('error', {
      /** Shaka's `shaka.util.Error` category and code (numbers), or the app's own. */
      category: z.number().int().min(0).max(1_000_000),
      code: z.number().int().min(0).max(1_000_000),
    }),
    event('pause', {}),
    event('seek', { fromSeconds: seconds, toSeconds: seconds }),
    event('complete', {}),
    /** Seconds actually played since this session's previous heartbeat (not a running total). */
    event('heartbeat', { watchedSeconds: z.number().min(0).max(3600) }),
  ])
  .meta({ id: 'AnalyticsEvent' });
export type AnalyticsEvent = z.infer<typeof AnalyticsEventSchema>;

/** A batch from one playback session: sent every 30 s, on exit, and retried until stored. */
export const AnalyticsBatchSchema = z
  .strictObject({
    /** The player's id for one playback (from Play to leaving the player), made by the TV. */
    sessionId: z
      .string()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, dashes and underscores'),
    events: z.array(AnalyticsEventSchema).min(1).max(ANALYTICS_BATCH_MAX),
  })
  .meta({ id: 'AnalyticsBatch' });
export type AnalyticsBatch = z.infer<typeof AnalyticsBatchSchema>;

export const AnalyticsAcceptedSchema = z
  .object({
    /** Events stored; events naming a film that does not exist are dropped. */
    accepted: z.number().int(),
  })
  .meta({ id: 'AnalyticsAccepted' });

const isoDate = z.iso.date('must be a date like 2026-12-01');

/** A range of whole UTC days, both ends included. */
export const AdminAnalyticsQuerySchema = z.object({
  from: isoDate,
  to: isoDate,
  movieId: IdSchema.optional(),
});
export type AdminAnalyticsQuery = z.infer<typeof AdminAnalyticsQuerySchema>;

/** The playback figures of a day, or of a whole range. `null` where there was nothing to measure. */
const playbackFigures = {
  /** `play_requested` events. */
  plays: z.number().int(),
  /** Heartbeat seconds, in hours. */
  watchHours: z.number(),
  /** `complete` events. */
  completions: z.number().int(),
  /** completions / plays. */
  completionRate: z.number().nullable(),
  firstFrameMedianMs: z.number().nullable(),
  firstFrameP95Ms: z.number().nullable(),
  /** Stalled time / (stalled time + watched time). */
  rebufferingRatio: z.number().nullable(),
  qualitySwitches: z.number().int(),
  errors: z.number().int(),
};

export const AdminAnalyticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** The film of a per-film view; `null` over the whole catalog. */
    movie: z
      .object({ id: z.number().int(), slug: z.string().nullable(), title: LocalizedTextSchema })
      .nullable(),
    totals: z.object(playbackFigures),
    /** Every day of the range, oldest first, days without plays included (zeros). */
    days: z.array(z.object({ date: z.string(), ...playbackFigures })),
    errorsByCode: z.array(
      z.object({ category: z.number().int(), code: z.number().int(), count: z.number().int() }),
    ),
    /** The most played films of the range (the one film in a per-film view). */
    topFilms: z.array(
      z.object({
        movieId: z.number().int(),
        slug: z.string().nullable(),
        /** Empty when the film has since been deleted. */
        title: LocalizedTextSchema,
        plays: z.number().int(),
        watchHours: z.number(),
        completionRate: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'AdminAnalytics' });
export type AdminAnalytics = z.infer<typeof AdminAnalyticsSchema>;

/** How many films `topFilms` lists. */
export const ANALYTICS_TOP_FILMS = 10;
