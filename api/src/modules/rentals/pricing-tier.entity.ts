import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A price in kip and a rental length; a film is free or has one. */
export const PricingTier = defineEntity({
  name: 'PricingTier',
  tableName: 'pricing_tiers',
  properties: {
    id: p.integer().primary(),
    nameEn: p.string().length(100),
    nameLo: p.string().length(100).default(''),
    priceLak: p.integer(),
    rentalHours: p.integer().default(24),
    active: p.boolean().default(true),
    position: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IPricingTier = InferEntity<typeof PricingTier>;
