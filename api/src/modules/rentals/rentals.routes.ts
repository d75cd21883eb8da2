import { routes } from '@lanxang/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppContext } from '../../http/context.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { ownerKey, ownerOf, type Owner } from '../accounts/owner.js';
import { hit } from '../accounts/rate-limit.js';
import { listRentals } from './rentals.js';
import { pricedMovie, quote, rentalMovie } from './pricing.js';
import { paymentDto, phonePaymentDto, priceDto } from './rentals.presenters.js';

/** Promo guesses and phone-code lookups: enough for a person, too few to search the space. */
const LIMITS = {
  promoPerViewer: { max: 10, windowSeconds: 600 },
  promoPerIp: { max: 30, windowSeconds: 600 },
  codePerIp: { max: 60, windowSeconds: 600 },
};

/** The viewer's side of renting: price, pay (TV and phone), rentals; and providers' webhooks. */
export function rentalRoutes(http: RouteMount, services: Services): void {
  const { db, clock, config } = services;
  const { payments } = services.rentals;
  const webUrl = config.publicWebUrl;

  const checkPromoLimits = async (em: EntityManager, ctx: AppContext, owner: Owner | null) => {
    const now = clock();
    if (owner)
      await hit(em, { key: `promo:viewer:${ownerKey(owner)}`, ...LIMITS.promoPerViewer }, now);
    await hit(em, { key: `promo:ip:${ctx.ip}`, ...LIMITS.promoPerIp }, now);
  };

  mount(http, routes.getRentalPrice, async ({ params, query, ctx }) => {
    const owner = ownerOf(ctx.state.caller);
    if (query.promo) await checkPromoLimits(db.em, ctx, owner);
    const movie = await rentalMovie(db.em, params.idOrSlug);
    return priceDto(
      await quote(db.em, movie, query.promo, clock()),
      await payments.activeRentalEnd(db.em, owner, movie.id),
    );
  });

  mount(http, routes.startPayment, async ({ body, ctx }) => {
    const owner = ownerOf(ctx.state.caller);
    if (body.promoCode) await checkPromoLimits(db.em, ctx, owner);
    return paymentDto(await payments.start(db.em, owner, body), webUrl);
  });

  mount(http, routes.getPayment, async ({ params, query, ctx }) =>
    paymentDto(await payments.wait(db.em, ownerOf(ctx.state.caller), params.id, query), webUrl),
  );

  mount(http, routes.cancelPayment, async ({ params, ctx }) =>
    paymentDto(await payments.cancel(db.em, ownerOf(ctx.state.caller), params.id), webUrl),
  );

  mount(http, routes.listRentals, async ({ ctx }) =>
    listRentals(db.em, ownerOf(ctx.state.caller), clock(), services.catalog.reader.summariesOf),
  );

  const phonePayment = async (em: EntityManager, code: string) => {
    const row = await payments.byShortCode(em, code);
    const movie = await pricedMovie(em, row.movie_id);
    return { row, movie: movie ?? (await rentalMovie(em, row.movie_id)) };
  };

  mount(http, routes.getPaymentByCode, async ({ params, ctx }) => {
    await hit(db.em, { key: `payment-code:ip:${ctx.ip}`, ...LIMITS.codePerIp }, clock());
    const { row, movie } = await phonePayment(db.em, params.code);
    return phonePaymentDto(row, movie);
  });

  mount(http, routes.applyPromo, async ({ params, body, ctx }) => {
    await hit(db.em, { key: `payment-code:ip:${ctx.ip}`, ...LIMITS.codePerIp }, clock());
    await checkPromoLimits(db.em, ctx, null);
    const { row, movie } = await phonePayment(db.em, params.code);
    return phonePaymentDto(await payments.applyPromo(db.em, row, body.promoCode), movie);
  });

  mount(http, routes.paymentWebhook, async ({ params, ctx }) => {
    const settled = await payments.handleWebhook(db.em, params.provider, {
      rawBody: ctx.request.rawBody ?? '',
      headers: ctx.headers,
    });
    return { received: true as const, ...settled };
  });
}
