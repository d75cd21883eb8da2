import type { EntityManager } from '@mikro-orm/postgresql';
import type { Owner } from '../accounts/owner.js';
import { Movie } from '../catalog/movie.entity.js';

/** What renting a film costs, and for how long it plays once rented. */
export interface RentalOffer {
  /** In the currency's minor units (LAK has none). */
  amount: number;
  currency: string;
  rentalHours: number;
  /** The price tier the offer comes from; `null` for a price set on the film itself. */
  tierId: number | null;
}

/**
 * Who may play what: the seam between media serving and rentals. The media module asks; the
 * rentals module answers (it implements this once pricing tiers and rentals exist).
 */
export interface Entitlements {
  /** The film's rental offer, or `null` when it plays for free. */
  offerFor(em: EntityManager, movieId: number): Promise<RentalOffer | null>;
  /** When the owner's active rental of the film ends, or `null` when they have none. */
  activeRentalEnd(em: EntityManager, owner: Owner, movieId: number): Promise<Date | null>;
}

const DEFAULT_RENTAL_HOURS = 24;

/**
 * Until rentals land: the offer comes from the film's own columns (`rental_required`,
 * `price_amount`) and nobody holds a rental, so a rental film never plays for a viewer.
 */
export function movieColumnEntitlements(): Entitlements {
  return {
    async offerFor(em, movieId) {
      const movie = await em.findOne(
        Movie,
        { id: movieId },
        { fields: ['rentalRequired', 'priceAmount', 'priceCurrency'] },
      );
      if (!movie?.rentalRequired) return null;
      return {
        amount: movie.priceAmount ?? 0,
        currency: movie.priceCurrency,
        rentalHours: DEFAULT_RENTAL_HOURS,
        tierId: null,
      };
    },
    activeRentalEnd: () => Promise.resolve(null),
  };
}
