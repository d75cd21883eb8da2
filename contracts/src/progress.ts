import { z } from 'zod';
import { IdSchema, MovieSummarySchema, PlaybackPositionSchema } from './catalog.js';

/** Past this share of the film it counts as watched: it leaves Continue watching. */
export const COMPLETED_FRACTION = 0.9;
/** Under this share of the film there is nothing worth resuming. */
export const RESUME_MIN_FRACTION = 0.05;
/** Within this many seconds of the end (the credits) there is nothing worth resuming either. */
export const RESUME_END_MARGIN_SECONDS = 120;
/** A position may pass the duration by this much: players report the end a little late. */
export const POSITION_TOLERANCE_SECONDS = 5;
/** No film we carry runs longer; a longer duration is a broken client, not a film. */
export const DURATION_MAX_SECONDS = 12 * 60 * 60;
/** How far ahead of the server's clock a client timestamp may be (TV clocks drift). */
export const CLIENT_CLOCK_AHEAD_MAX_SECONDS = 10 * 60;

/**
 * Where to offer to resume a film stopped at `positionSeconds`, or `null` to start it over:
 * under 5 % in, or within the last two minutes, there is nothing worth resuming. The TV and the
 * API both use this, so the row and the player agree.
 */
export function resumePointOf(positionSeconds: number, durationSeconds: number): number | null {
  if (!(durationSeconds > 0) || !(positionSeconds >= 0)) return null;
  if (positionSeconds < durationSeconds * RESUME_MIN_FRACTION) return null;
  if (positionSeconds > durationSeconds - RESUME_END_MARGIN_SECONDS) return null;
  return positionSeconds;
}

/** The share of the film watched, 0 to 1. */
export function progressFractionOf(positionSeconds: number, durationSeconds: number): number {
  if (!(durationSeconds > 0)) return 0;
  return Math.min(1, Math.max(0, positionSeconds / durationSeconds));
}

export const MovieIdParamsSchema = z.object({ movieId: IdSchema });

/** One save from the player. The newest `clientTimestamp` wins, so a rewind sticks. */
export const WatchProgressInputSchema = z
  .strictObject({
    positionSeconds: z.number().min(0, 'must not be negative'),
    durationSeconds: z
      .number()
      .positive('must be more than 0')
      .max(DURATION_MAX_SECONDS, 'is longer than any film'),
    /** When the player took the position (ISO 8601 with offset), not when it was sent. */
    clientTimestamp: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  })
  .meta({ id: 'WatchProgressInput' });
export type WatchProgressInput = z.infer<typeof WatchProgressInputSchema>;

/** What the API keeps for one viewer and one film. */
export const WatchProgressSchema = PlaybackPositionSchema.extend({
  completed: z.boolean(),
  /** The timestamp of the save that is kept; a PUT answers with it, so a stale save can tell it lost. */
  clientTimestamp: z.string(),
}).meta({ id: 'WatchProgress' });
export type WatchProgress = z.infer<typeof WatchProgressSchema>;

/** One tile of Continue watching: the film's card (as the home rows carry it) and where it stopped. */
export const ContinueWatchingEntrySchema = PlaybackPositionSchema.extend({
  movie: MovieSummarySchema,
}).meta({ id: 'ContinueWatchingEntry' });
export type ContinueWatchingEntry = z.infer<typeof ContinueWatchingEntrySchema>;

/** Unfinished, published films, the most recently watched first. */
export const ContinueWatchingListSchema = z
  .object({ items: z.array(ContinueWatchingEntrySchema) })
  .meta({ id: 'ContinueWatchingList' });
export type ContinueWatchingList = z.infer<typeof ContinueWatchingListSchema>;

/** How many films the list (and the home row) holds at most. */
export const CONTINUE_WATCHING_MAX = 20;
