import {
  ANALYTICS_RANGE_MAX_DAYS,
  ANALYTICS_TOP_FILMS,
  type AdminAnalytics,
  type AdminAnalyticsQuery,
  type AnalyticsBatch,
  type LocalizedText,
} from '@lanxang/contracts';
import type { Logger } from 'pino';
import type { Db } from '../../db.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { Clock } from '../accounts/sessions.js';
import { eventRowsJson } from './analytics-input.js';
import {
  analyticsFilmSql,
  deleteOldEventsSql,
  errorsByCodeSql,
  figuresByDaySql,
  insertEventsSql,
  markRolledThroughSql,
  rollupDailySql,
  rollupErrorsSql,
  rollupLockSql,
  rollupStartSql,
  topFilmsSql,
} from './analytics.sql.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface FiguresRow {
  day: string | null;
  plays: number;
  completions: number;
  watched_seconds: number;
  stalled_ms: number;
  quality_switches: number;
  errors: number;
  first_frame_median_ms: number | null;
  first_frame_p95_ms: number | null;
}

/** The share `part / whole`, or null when there is nothing to divide (no plays, no playback). */
const shareOf = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : null);

/** Percentiles are interpolated; a millisecond is as fine as a player measures. */
const wholeMs = (ms: number | null) => (ms === null ? null : Math.round(ms));

function toFigures(row: FiguresRow): AdminAnalytics['totals'] {
  const stalledSeconds = row.stalled_ms / 1000;
  return {
    plays: row.plays,
    watchHours: row.watched_seconds / 3600,
    completions: row.completions,
    completionRate: shareOf(row.completions, row.plays),
    firstFrameMedianMs: wholeMs(row.first_frame_median_ms),
    firstFrameP95Ms: wholeMs(row.first_frame_p95_ms),
    rebufferingRatio: shareOf(stalledSeconds, row.watched_seconds + stalledSeconds),
    qualitySwitches: row.quality_switches,
    errors: row.errors,
  };
}

/** `YYYY-MM-DD` of a UTC day. */
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Playback analytics: batches of events in (one statement each), figures out for admins, and the
 * daily rollup that turns raw events into aggregates kept for good (see docs/decisions/012).
 */
export function playbackAnalytics(
  db: Pick<Db, 'sql' | 'em'>,
  deps: { clock: Clock; retentionDays: number; logger: Logger },
) {
  const { clock, retentionDays } = deps;
  const logger = deps.logger.child({ module: 'analytics' });

  return {
    /** Stores a batch; answers how many events were kept (those of unknown films are not). */
    async ingest(batch: AnalyticsBatch): Promise<number> {
      const [row] = await db.sql<{ accepted: number }>(insertEventsSql, [
        batch.sessionId,
        eventRowsJson(batch.events),
      ]);
      return row?.accepted ?? 0;
    },

    async read(query: AdminAnalyticsQuery): Promise<AdminAnalytics> {
      const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS + 1;
      if (days < 1) throw badRequest('The range ends before it starts.', 'invalid_date_range');
      if (days > ANALYTICS_RANGE_MAX_DAYS)
        throw badRequest(
          `A range covers at most ${ANALYTICS_RANGE_MAX_DAYS} days.`,
          'invalid_date_range',
        );
      const movieId = query.movieId ?? null;
      const range = [query.from, query.to, movieId];
      const [figures, topFilms, errors, film] = await Promise.all([
        db.sql<FiguresRow>(figuresByDaySql, range),
        db.sql<{
          movie_id: number;
          slug: string | null;
          titles: LocalizedText | null;
          plays: number;
          completions: number;
          watched_seconds: number;
        }>(topFilmsSql, [...range, ANALYTICS_TOP_FILMS]),
        db.sql<{ category: number; code: number; count: number }>(errorsByCodeSql, range),
        movieId === null
          ? Promise.resolve([])
          : db.sql<{ id: number; slug: string; titles: LocalizedText | null }>(analyticsFilmSql, [
              movieId,
            ]),
      ]);
      if (movieId !== null && !film[0]) throw notFound('That film');
      const totals = figures.find((row) => row.day === null);
      if (!totals) throw new Error('the analytics figures came back without totals');
      return {
        from: query.from,
        to: query.to,
        movie: film[0] ? { id: film[0].id, slug: film[0].slug, title: film[0].titles ?? {} } : null,
        totals: toFigures(totals),
        days: figures
          .filter((row): row is FiguresRow & { day: string } => row.day !== null)
          .map((row) => ({ date: row.day, ...toFigures(row) })),
        errorsByCode: errors,
        topFilms: topFilms.map((row) => ({
          movieId: row.movie_id,
          slug: row.slug,
          title: row.titles ?? {},
          plays: row.plays,
          watchHours: row.watched_seconds / 3600,
          completionRate: shareOf(row.completions, row.plays),
        })),
      };
    },

    /**
     * Rolls every finished day not yet rolled up into the aggregates, then deletes raw events
     * past the retention. Safe to run any number of times, in any process.
     */
    async rollUp(): Promise<{ rolledThrough: string | null; deleted: number }> {
      const now = clock();
      const yesterday = isoDay(new Date(now.getTime() - DAY_MS));
      const result = await db.em.fork().transactional(async (tx) => {
        const run = <Row extends object>(sql: string, values: unknown[] = []) =>
          tx.execute<Row[]>(sql, values);
        await run(rollupLockSql);
        const [{ start = null } = {}] = await run<{ start: string | null }>(rollupStartSql);
        let rolledThrough: string | null = null;
        if (start !== null && start <= yesterday) {
          const days = [start, yesterday];
          await run(rollupDailySql, days);
          await run(rollupErrorsSql, days);
          await run(markRolledThroughSql, [yesterday]);
          rolledThrough = yesterday;
        }
        const deleted = await tx.execute<{ affectedRows: number }>(
          deleteOldEventsSql,
          [new Date(now.getTime() - retentionDays * DAY_MS)],
          'run',
        );
        return { rolledThrough, deleted: deleted.affectedRows };
      });
      logger.info(result, 'analytics rolled up');
      return result;
    },
  };
}
export type PlaybackAnalytics = ReturnType<typeof playbackAnalytics>;
