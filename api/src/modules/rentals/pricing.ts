import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '@lanxang/contracts';
import { conflict, notFound, unprocessable } from '../../http/errors.js';
import type { IPromoCode } from './promo-code.entity.js';
import { PromoCode } from './promo-code.entity.js';

export interface PricedMovie {
  id: number;
  slug: string;
  title: LocalizedText;
  tierId: number;
  tierName: LocalizedText;
  priceLak: number;
  rentalHours: number;
}

/** One film's price for one viewer: the tier's, less what a promo code takes off. */
export interface Quote {
  movie: PricedMovie;
  amountBefore: number;
  discount: number;
  amount: number;
  promo: IPromoCode | null;
}

interface MovieRow {
  id: number;
  slug: string;
  status: string;
  texts: LocalizedText | null;
  tier_id: number | null;
  name_en: string | null;
  name_lo: string | null;
  price_lak: number | null;
  rental_hours: number | null;
}

/** A published film with its tier; 404 when there is no such film, null when it is free. */
export async function pricedMovie(
  em: EntityManager,
  idOrSlug: number | string,
): Promise<PricedMovie | null> {
  const [row] = await em.execute<MovieRow[]>(
    `select m.id, m.slug, m.status,
       (select jsonb_object_agg(t.locale, t.title) from movie_translations t
         where t.movie_id = m.id and t.title <> '') as texts,
       t.id as tier_id, t.name_en, t.name_lo, t.price_lak, t.rental_hours
     from movies m left join pricing_tiers t on t.id = m.pricing_tier_id
     where ${typeof idOrSlug === 'number' ? 'm.id = ?' : 'm.slug = ?'} and m.status = 'published'`,
    [idOrSlug],
  );
  if (!row) throw notFound('That film');
  if (row.tier_id === null) return null;
  return {
    id: row.id,
    slug: row.slug,
    title: row.texts ?? {},
    tierId: row.tier_id,
    tierName: { en: row.name_en ?? '', ...(row.name_lo ? { lo: row.name_lo } : {}) },
    priceLak: row.price_lak ?? 0,
    rentalHours: row.rental_hours ?? 24,
  };
}

/** A rental film's price with `promoCode` applied (422 `promo_invalid` or `promo_exhausted`). */
export async function quote(
  em: EntityManager,
  movie: PricedMovie,
  promoCode: string | undefined,
  now: Date,
): Promise<Quote> {
  const promo = promoCode ? await usablePromo(em, promoCode, movie.id, now) : null;
  const discount = promo ? discountOf(promo, movie.priceLak) : 0;
  return {
    movie,
    amountBefore: movie.priceLak,
    discount,
    amount: movie.priceLak - discount,
    promo,
  };
}

/** A film that needs a rental, or 409 `rental_not_needed` for a free one. */
export async function rentalMovie(
  em: EntityManager,
  idOrSlug: number | string,
): Promise<PricedMovie> {
  const movie = await pricedMovie(em, idOrSlug);
  if (!movie)
    throw conflict('That film is free to watch; there is nothing to rent.', 'rental_not_needed');
  return movie;
}

function discountOf(promo: IPromoCode, price: number): number {
  switch (promo.kind) {
    case 'free':
      return price;
    case 'percent':
      return Math.min(price, Math.floor((price * promo.value) / 100));
    case 'fixed':
      return Math.min(price, promo.value);
  }
}

async function usablePromo(
  em: EntityManager,
  code: string,
  movieId: number,
  now: Date,
): Promise<IPromoCode> {
  const promo = await em.findOne(PromoCode, { code: code.trim().toUpperCase() });
  const invalid = (why: string) => unprocessable(why, 'promo_invalid');
  // One message for unknown and switched-off codes, so guessing learns nothing from it.
  if (!promo || !promo.active) throw invalid('That promo code is not valid.');
  if (promo.validFrom && promo.validFrom > now) throw invalid('That promo code is not valid yet.');
  if (promo.validUntil && promo.validUntil <= now) throw invalid('That promo code has expired.');
  if (promo.movieId != null && promo.movieId !== movieId)
    throw invalid('That promo code is for another film.');
  if (promo.maxUses != null && promo.uses >= promo.maxUses)
    throw unprocessable('That promo code has been used up.', 'promo_exhausted');
  return promo;
}
