import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PROMO_KINDS } from '@lanxang/contracts';

/**
 * A promo code. `uses` counts granted rentals; a 100 % code takes its use with a conditional
 * update (`uses < max_uses`), so concurrent redemptions never exceed `maxUses`.
 */
export const PromoCode = defineEntity({
  name: 'PromoCode',
  tableName: 'promo_codes',
  properties: {
    id: p.integer().primary(),
    code: p.string().length(32).unique(),
    kind: p.enum([...PROMO_KINDS]),
    value: p.integer(),
    maxUses: p.integer().nullable(),
    uses: p.integer().default(0),
    validFrom: p.datetime().nullable(),
    validUntil: p.datetime().nullable(),
    /** Null: every film. */
    movieId: p.integer().nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IPromoCode = InferEntity<typeof PromoCode>;
