import type { EntityManager } from '@mikro-orm/postgresql';
import type { Owner } from '../accounts/owner.js';

/** What renting a film costs, and for how long it plays once rented. */
export interface RentalOffer {
  /** In the currency's minor units (LAK has none). */
  amount: number;
  currency: string;
  rentalHours: number;
  /** The price tier the offer comes from. */
  tierId: number | null;
}

/**
 * Who may play what: the seam between media serving and rentals. The media module asks; the
 * rentals module answers (`rentals/entitlements.ts`, wired in `src/services.ts`).
 */
export interface Entitlements {
  /** The film's rental offer, or `null` when it plays for free. */
  offerFor(em: EntityManager, movieId: number): Promise<RentalOffer | null>;
  /** When the owner's active rental of the film ends, or `null` when they have none. */
  activeRentalEnd(em: EntityManager, owner: Owner, movieId: number): Promise<Date | null>;
}
