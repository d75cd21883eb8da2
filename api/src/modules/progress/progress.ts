import {
  CLIENT_CLOCK_AHEAD_MAX_SECONDS,
  CONTINUE_WATCHING_MAX,
  POSITION_TOLERANCE_SECONDS,
  type ContinueWatchingEntry,
  type Locale,
  type WatchProgress,
  type WatchProgressInput,
} from '@lanxang/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Db } from '../../db.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { Owner } from '../accounts/owner.js';
import type { MigrateOwner } from '../accounts/ownership.js';
import type { Clock } from '../accounts/sessions.js';
import type { CatalogReader, SummaryRow } from '../catalog/catalog.read.js';
import { toPlaybackPosition, toWatchProgress, type ProgressRow } from './progress.presenters.js';
import {
  continueWatchingSql,
  dismissProgressSql,
  getProgressSql,
  saveProgressSql,
  type OwnerColumn,
} from './progress.sql.js';

/** The column and the value that name an owner in the progress statements. */
function ownerParam(owner: Owner): [OwnerColumn, number | string] {
  return owner.userId !== undefined
    ? ['user_id', owner.userId]
    : ['anonymous_viewer_id', owner.anonymousViewerId];
}

/**
 * Watch progress: one row per owner and film, last write wins by the client's timestamp (see
 * docs/decisions/010). Every read and write is keyed by the caller's owner, so nobody reaches
 * another viewer's rows.
 */
export function watchProgress(
  db: Pick<Db, 'sql'>,
  deps: { clock: Clock; catalog: Pick<CatalogReader, 'toSummary'> },
) {
  const { clock, catalog } = deps;

  /** Numbers no player sends, refused before the database is asked. */
  function checkSave(input: WatchProgressInput): void {
    if (input.positionSeconds > input.durationSeconds + POSITION_TOLERANCE_SECONDS)
      throw badRequest(
        `The position (${input.positionSeconds} s) is past the end of the film (${input.durationSeconds} s).`,
        'position_beyond_duration',
      );
    const ahead = (Date.parse(input.clientTimestamp) - clock().getTime()) / 1000;
    if (ahead > CLIENT_CLOCK_AHEAD_MAX_SECONDS)
      throw badRequest(
        'The client timestamp is in the future; check the device’s clock.',
        'timestamp_in_future',
      );
  }

  return {
    /** Saves a position; answers the row kept, which is a newer save's when this one lost. */
    async save(owner: Owner, movieId: number, input: WatchProgressInput): Promise<WatchProgress> {
      checkSave(input);
      const [column, value] = ownerParam(owner);
      const [result] = await db.sql<
        { film_found: boolean; plausible: boolean } & (
          ProgressRow | Record<keyof ProgressRow, null>
        )
      >(saveProgressSql[column], [
        value,
        movieId,
        input.positionSeconds,
        input.durationSeconds,
        input.clientTimestamp,
      ]);
      if (!result?.film_found) throw notFound('That film');
      if (!result.plausible)
        throw badRequest(
          `No version of this film lasts ${input.durationSeconds} s.`,
          'implausible_duration',
        );
      if (result.movie_id === null) throw new Error('watch progress upsert kept no row');
      return toWatchProgress(result);
    },

    async get(owner: Owner, movieId: number): Promise<WatchProgress> {
      const [column, value] = ownerParam(owner);
      const [row] = await db.sql<ProgressRow>(getProgressSql[column], [value, movieId]);
      if (!row) throw notFound('Progress on that film');
      return toWatchProgress(row);
    },

    async continueWatching(
      owner: Owner,
      locale: Locale | undefined,
      limit = CONTINUE_WATCHING_MAX,
    ): Promise<ContinueWatchingEntry[]> {
      const [column, value] = ownerParam(owner);
      const rows = await db.sql<SummaryRow & ProgressRow>(continueWatchingSql[column], [
        value,
        limit,
      ]);
      return rows.map((row) => ({
        movie: catalog.toSummary(row, locale),
        ...toPlaybackPosition(row),
      }));
    },

    /** Takes a film out of Continue watching; nothing to take out is fine (a retried request). */
    async dismiss(owner: Owner, movieId: number): Promise<void> {
      const [column, value] = ownerParam(owner);
      await db.sql(dismissProgressSql[column], [value, movieId, clock()]);
    },
  };
}
export type WatchProgressService = ReturnType<typeof watchProgress>;

/**
 * Pairing moves an anonymous viewer's progress to the account. Where both have a film, the row
 * with the newer client timestamp wins (the account's on a tie) and the other is dropped.
 * Answers how many of the anonymous viewer's rows were taken in, merged ones included.
 */
export const migrateWatchProgress: MigrateOwner = async (
  em: EntityManager,
  { anonymousViewerId, userId },
) => {
  await em.execute(
    `delete from watch_progress mine using watch_progress theirs
     where mine.user_id = ? and theirs.anonymous_viewer_id = ? and theirs.movie_id = mine.movie_id
       and theirs.client_timestamp > mine.client_timestamp`,
    [userId, anonymousViewerId],
    'run',
  );
  const merged = await em.execute<{ affectedRows: number }>(
    `delete from watch_progress theirs using watch_progress mine
     where theirs.anonymous_viewer_id = ? and mine.user_id = ? and mine.movie_id = theirs.movie_id`,
    [anonymousViewerId, userId],
    'run',
  );
  const moved = await em.execute<{ affectedRows: number }>(
    `update watch_progress set user_id = ?, anonymous_viewer_id = null where anonymous_viewer_id = ?`,
    [userId, anonymousViewerId],
    'run',
  );
  return merged.affectedRows + moved.affectedRows;
};
