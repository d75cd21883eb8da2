import type { EntityManager } from '@mikro-orm/postgresql';
import { RENTAL_CURRENCY } from '@lanxang/contracts';
import type { Entitlements } from '../media/entitlements.js';
import type { Payments } from './payments.js';

/**
 * What playback asks of rentals: a film's offer comes from its price tier (none: it plays free),
 * and a viewer's rental from `rentals`. Asked once per playback grant or renewal, never per segment.
 */
export function rentalEntitlements(payments: Pick<Payments, 'activeRentalEnd'>): Entitlements {
  return {
    async offerFor(em: EntityManager, movieId: number) {
      const [tier] = await em.execute<{ id: number; price_lak: number; rental_hours: number }[]>(
        `select t.id, t.price_lak, t.rental_hours from movies m
         join pricing_tiers t on t.id = m.pricing_tier_id where m.id = ?`,
        [movieId],
      );
      return tier
        ? {
            amount: tier.price_lak,
            currency: RENTAL_CURRENCY,
            rentalHours: tier.rental_hours,
            tierId: tier.id,
          }
        : null;
    },
    activeRentalEnd: (em, owner, movieId) => payments.activeRentalEnd(em, owner, movieId),
  };
}
