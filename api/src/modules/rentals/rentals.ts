import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale, MovieSummary, Rental, RentalList } from '@lanxang/contracts';
import { ownerColumns, type Owner } from '../accounts/owner.js';
import type { MigrateOwner, OwnershipRegistry } from '../accounts/ownership.js';
import { asDate } from './payment-rows.js';

interface RentalRow {
  id: number;
  movie_id: number;
  payment_id: string | null;
  starts_at: Date | string;
  expires_at: Date | string;
  ended_by: 'refund' | null;
}

/** How many rentals a viewer's list shows; older ones are history nobody scrolls to. */
const LIST_LIMIT = 100;

/** A viewer's rentals, active first (soonest to end first), then past ones (latest first). */
export async function listRentals(
  em: EntityManager,
  owner: Owner,
  now: Date,
  summaries: (ids: number[], locale: Locale | undefined) => Promise<MovieSummary[]>,
): Promise<RentalList> {
  const [userId, anonymousViewerId] = ownerColumns(owner);
  const rows = await em.execute<RentalRow[]>(
    `select id, movie_id, payment_id, starts_at, expires_at, ended_by from rentals
     where (user_id = ? or anonymous_viewer_id = ?)
     order by expires_at desc limit ${LIST_LIMIT}`,
    [userId, anonymousViewerId],
  );
  const movies = new Map(
    (await summaries([...new Set(rows.map((row) => row.movie_id))], undefined)).map((movie) => [
      movie.id,
      movie,
    ]),
  );
  const active: Rental[] = [];
  const past: Rental[] = [];
  for (const row of rows) {
    const movie = movies.get(row.movie_id);
    // A film since unpublished or deleted has nothing left to show or play.
    if (!movie) continue;
    const startsAt = asDate(row.starts_at);
    const expiresAt = asDate(row.expires_at);
    const live = row.ended_by === null && expiresAt > now;
    (live ? active : past).push({
      id: row.id,
      movie,
      paymentId: row.payment_id,
      startsAt: startsAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      secondsLeft: live ? Math.floor((expiresAt.getTime() - now.getTime()) / 1000) : 0,
      endedBy: live ? null : row.ended_by === 'refund' ? 'refund' : 'expiry',
    });
  }
  active.reverse();
  return { active, past };
}

/** Moves an anonymous viewer's rows of `table` to the account (a pairing's transaction). */
const moveOwner =
  (table: 'rentals' | 'payment_transactions'): MigrateOwner =>
  async (em, { anonymousViewerId, userId }) => {
    const moved = await em.execute(
      `update ${table} set user_id = ?, anonymous_viewer_id = null
       where anonymous_viewer_id = ? returning 1`,
      [userId, anonymousViewerId],
    );
    return moved.length;
  };

/** So a TV's rentals and payments follow it onto the account it pairs with. */
export function registerRentalOwnership(ownership: OwnershipRegistry): void {
  ownership.register('rentals', moveOwner('rentals'));
  ownership.register('payments', moveOwner('payment_transactions'));
}
