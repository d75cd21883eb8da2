import type { EntityManager } from '@mikro-orm/postgresql';
import {
  RENTAL_CURRENCY,
  type AdminPayment,
  type AdminPaymentList,
  type AdminPaymentListQuerySchema,
  type PricingTier as PricingTierDto,
  type PricingTierCreateSchema,
  type PricingTierUpdateSchema,
  type PromoCode as PromoCodeDto,
  type PromoCodeCreateSchema,
  type PromoCodeUpdateSchema,
  type Revenue,
  type RevenueQuerySchema,
} from '@lanxang/contracts';
import type { z } from 'zod';
import { found, validationFailed } from '../../http/errors.js';
import { audited, auditedRecords, type WriteContext } from '../audit/audited.js';
import { Movie } from '../catalog/movie.entity.js';
import { paymentById, PAYMENT_SELECT, selectPayments, type PaymentRow } from './payment-rows.js';
import type { Payments } from './payments.js';
import { PricingTier, type IPricingTier } from './pricing-tier.entity.js';
import { PromoCode, type IPromoCode } from './promo-code.entity.js';
import { adminPaymentDto } from './rentals.presenters.js';

type Out<Schema extends z.ZodType> = z.output<Schema>;
type AdminPaymentRow = PaymentRow & { movie_title: Record<string, string> | null };

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const MOVIE_TITLES = `(select jsonb_object_agg(t.locale, t.title) from movie_translations t
  where t.movie_id = p.movie_id and t.title <> '') as movie_title`;

/** The admin's side of rentals: every write is audited in its own transaction. */
export function rentalsAdmin(
  em: EntityManager,
  deps: { payments: Payments; clock: () => Date; publicWebUrl: string },
) {
  const { payments, clock } = deps;
  const tiers = auditedRecords<IPricingTier>(em, {
    entityType: 'pricing_tier',
    snapshot: (tier) => ({
      nameEn: tier.nameEn,
      nameLo: tier.nameLo,
      priceLak: tier.priceLak,
      rentalHours: tier.rentalHours,
      active: tier.active,
      position: tier.position,
    }),
    entityId: (tier) => tier.id,
    load: async (tx, id) => found(await tx.findOne(PricingTier, id), 'That price tier'),
  });
  const promos = auditedRecords<IPromoCode>(em, {
    entityType: 'promo_code',
    snapshot: (promo) => ({
      code: promo.code,
      kind: promo.kind,
      value: promo.value,
      maxUses: promo.maxUses,
      validFrom: promo.validFrom?.toISOString() ?? null,
      validUntil: promo.validUntil?.toISOString() ?? null,
      movieId: promo.movieId,
      active: promo.active,
    }),
    entityId: (promo) => promo.id,
    load: async (tx, id) => found(await tx.findOne(PromoCode, id), 'That promo code'),
  });

  const tierDto = async (tier: IPricingTier): Promise<PricingTierDto> => {
    const [row] = await em.execute<{ count: string }[]>(
      `select count(*) as count from movies where pricing_tier_id = ?`,
      [tier.id],
    );
    return {
      id: tier.id,
      name: { en: tier.nameEn, ...(tier.nameLo ? { lo: tier.nameLo } : {}) },
      priceLak: tier.priceLak,
      rentalHours: tier.rentalHours,
      active: tier.active,
      position: tier.position,
      movieCount: Number(row?.count ?? 0),
    };
  };

  const promoDto = (promo: IPromoCode): PromoCodeDto => ({
    id: promo.id,
    code: promo.code,
    kind: promo.kind,
    value: promo.value,
    maxUses: promo.maxUses ?? null,
    uses: promo.uses,
    validFrom: promo.validFrom?.toISOString() ?? null,
    validUntil: promo.validUntil?.toISOString() ?? null,
    movieId: promo.movieId ?? null,
    active: promo.active,
    createdAt: promo.createdAt.toISOString(),
  });

  const writeTier = async (
    tx: EntityManager,
    tier: IPricingTier,
    input: Out<typeof PricingTierUpdateSchema>,
  ) => {
    if (input.name?.en !== undefined) tier.nameEn = input.name.en;
    if (input.name?.lo !== undefined) tier.nameLo = input.name.lo;
    if (input.rentalHours !== undefined) tier.rentalHours = input.rentalHours;
    if (input.position !== undefined) tier.position = input.position;
    if (input.active !== undefined) tier.active = input.active;
    if (input.priceLak !== undefined && input.priceLak !== tier.priceLak) {
      tier.priceLak = input.priceLak;
      // The films' price copy (what catalog reads show) follows their tier.
      await tx.nativeUpdate(Movie, { pricingTierId: tier.id }, { priceAmount: input.priceLak });
    }
  };

  const promoValue = (kind: IPromoCode['kind'], value: number) => (kind === 'free' ? 100 : value);
  const checkWindow = (from: Date | null, until: Date | null) => {
    if (from && until && until <= from)
      throw validationFailed([
        { field: 'body.validUntil', message: 'must be after validFrom', code: 'invalid_range' },
      ]);
  };
  const checkMovie = async (tx: EntityManager, movieId: number | null | undefined) => {
    if (movieId && !(await tx.findOne(Movie, movieId)))
      throw validationFailed([
        { field: 'body.movieId', message: `has no film ${movieId}`, code: 'unknown_id' },
      ]);
  };
  const dateOf = (value: string | null) => (value === null ? null : new Date(value));

  const paymentWrite = (
    who: WriteContext,
    action: string,
    id: string,
    change: (tx: EntityManager, row: PaymentRow) => Promise<void>,
  ) =>
    audited<PaymentRow, PaymentRow>(em, who, {
      action,
      entityType: 'payment',
      load: async (tx) => found(await paymentById(tx, id), 'That payment'),
      change: async (tx, row) => {
        await change(tx, row);
        return found(await paymentById(tx, id), 'That payment');
      },
      snapshot: (row) => ({
        status: row.status,
        provider: row.provider,
        amount: row.amount_after,
        rentalExpiresAt: row.rental_expires_at?.toISOString() ?? null,
        refundedAt: row.refunded_at?.toISOString() ?? null,
      }),
      entityId: (row) => row.id,
    });

  return {
    async listTiers(): Promise<PricingTierDto[]> {
      const all = await em.find(PricingTier, {}, { orderBy: { position: 'asc', id: 'asc' } });
      return Promise.all(all.map(tierDto));
    },
    async createTier(input: Out<typeof PricingTierCreateSchema>, who: WriteContext) {
      const tier = await tiers.create(who, 'pricing_tier.create', async (tx) =>
        tx.create(PricingTier, {
          nameEn: input.name.en ?? '',
          nameLo: input.name.lo ?? '',
          priceLak: input.priceLak,
          rentalHours: input.rentalHours,
          position: input.position,
          active: input.active,
        }),
      );
      return tierDto(tier);
    },
    async updateTier(id: number, input: Out<typeof PricingTierUpdateSchema>, who: WriteContext) {
      return tierDto(
        await tiers.update(who, 'pricing_tier.update', id, (tx, tier) =>
          writeTier(tx, tier, input),
        ),
      );
    },
    async deactivateTier(id: number, who: WriteContext) {
      return tierDto(
        await tiers.update(who, 'pricing_tier.deactivate', id, (tx, tier) =>
          writeTier(tx, tier, { active: false }),
        ),
      );
    },

    async listPromos(): Promise<PromoCodeDto[]> {
      return (await em.find(PromoCode, {}, { orderBy: { createdAt: 'desc', id: 'desc' } })).map(
        promoDto,
      );
    },
    async createPromo(input: Out<typeof PromoCodeCreateSchema>, who: WriteContext) {
      const validFrom = dateOf(input.validFrom);
      const validUntil = dateOf(input.validUntil);
      checkWindow(validFrom, validUntil);
      const promo = await promos.create(who, 'promo_code.create', async (tx) => {
        await checkMovie(tx, input.movieId);
        return tx.create(PromoCode, {
          code: input.code,
          kind: input.kind,
          value: promoValue(input.kind, input.value),
          maxUses: input.maxUses,
          validFrom,
          validUntil,
          movieId: input.movieId,
          active: input.active,
        });
      });
      return promoDto(promo);
    },
    async updatePromo(id: number, input: Out<typeof PromoCodeUpdateSchema>, who: WriteContext) {
      const promo = await promos.update(who, 'promo_code.update', id, async (tx, promo) => {
        await checkMovie(tx, input.movieId);
        if (input.kind !== undefined) promo.kind = input.kind;
        if (input.value !== undefined) promo.value = input.value;
        if (promo.kind === 'free') promo.value = 100;
        if (promo.kind === 'percent' && promo.value > 100)
          throw validationFailed([
            { field: 'body.value', message: 'a percentage is at most 100', code: 'too_big' },
          ]);
        if (input.maxUses !== undefined) promo.maxUses = input.maxUses;
        if (input.validFrom !== undefined) promo.validFrom = dateOf(input.validFrom);
        if (input.validUntil !== undefined) promo.validUntil = dateOf(input.validUntil);
        if (input.movieId !== undefined) promo.movieId = input.movieId;
        if (input.active !== undefined) promo.active = input.active;
        checkWindow(promo.validFrom ?? null, promo.validUntil ?? null);
      });
      return promoDto(promo);
    },
    async deactivatePromo(id: number, who: WriteContext) {
      return promoDto(
        await promos.update(who, 'promo_code.deactivate', id, (_tx, promo) => {
          promo.active = false;
        }),
      );
    },

    async listPayments(query: Out<typeof AdminPaymentListQuerySchema>): Promise<AdminPaymentList> {
      const rows = await selectPayments<AdminPaymentRow & { total: string }>(
        em,
        `select q.*, ${MOVIE_TITLES.replaceAll('p.movie_id', 'q.movie_id')}, count(*) over() as total
           from (${PAYMENT_SELECT}
             where (?::text is null or p.status = ?)
               and (?::text is null or p.provider = ?)
               and (?::int is null or p.movie_id = ?)
               and (?::date is null or p.created_at >= ?::date)
               and (?::date is null or p.created_at < ?::date + 1)
               and (?::boolean is null or (p.flagged_reason is not null) = ?)) q
           order by q.created_at desc, q.id
           limit ? offset ?`,
        [
          query.status ?? null,
          query.status ?? null,
          query.provider ?? null,
          query.provider ?? null,
          query.movieId ?? null,
          query.movieId ?? null,
          query.from ?? null,
          query.from ?? null,
          query.to ?? null,
          query.to ?? null,
          query.flagged === undefined ? null : query.flagged === 'true',
          query.flagged === undefined ? null : query.flagged === 'true',
          query.pageSize,
          (query.page - 1) * query.pageSize,
        ],
      );
      const now = clock();
      return {
        items: rows.map((row) => adminPaymentDto(row, deps.publicWebUrl, now)),
        page: query.page,
        pageSize: query.pageSize,
        total: Number(rows[0]?.total ?? 0),
      };
    },

    async getPayment(id: string): Promise<AdminPayment> {
      const [row] = await selectPayments<AdminPaymentRow>(
        em,
        `select q.*, ${MOVIE_TITLES.replaceAll('p.movie_id', 'q.movie_id')}
         from (${PAYMENT_SELECT} where p.id = ?) q`,
        [id],
      );
      return adminPaymentDto(found(row, 'That payment'), deps.publicWebUrl, clock());
    },

    async markPaid(id: string, who: WriteContext): Promise<void> {
      await paymentWrite(who, 'payment.mark_paid', id, (tx, row) =>
        payments.markPaid(tx, row, who.actor),
      );
      payments.changed(id);
    },

    async refund(id: string, reason: string | undefined, who: WriteContext): Promise<void> {
      await paymentWrite(who, 'payment.refund', id, (tx, row) => payments.refund(tx, row, reason));
      payments.changed(id);
    },

    async revenue(query: Out<typeof RevenueQuerySchema>): Promise<Revenue> {
      const to = query.to ?? isoDay(clock());
      const from = query.from ?? isoDay(new Date(new Date(to).getTime() - 29 * DAY_MS));
      const days = await em.execute<{ date: string; amount: string; count: string }[]>(
        `select d::date::text as date, coalesce(sum(p.amount_after), 0) as amount, count(p.id) as count
         from generate_series(?::date, ?::date, interval '1 day') d
         left join payment_transactions p on p.status = 'succeeded'
           and p.paid_at >= d and p.paid_at < d + interval '1 day'
         group by d order by d`,
        [from, to],
      );
      const movies = await em.execute<
        {
          movie_id: number;
          movie_title: Record<string, string> | null;
          amount: string;
          count: string;
        }[]
      >(
        `select p.movie_id, ${MOVIE_TITLES}, sum(p.amount_after) as amount, count(*) as count
         from payment_transactions p
         where p.status = 'succeeded' and p.paid_at >= ?::date and p.paid_at < ?::date + 1
         group by p.movie_id order by sum(p.amount_after) desc, p.movie_id`,
        [from, to],
      );
      const dayList = days.map((day) => ({
        date: day.date,
        amount: Number(day.amount),
        count: Number(day.count),
      }));
      return {
        currency: RENTAL_CURRENCY,
        from,
        to,
        total: dayList.reduce((sum, day) => sum + day.amount, 0),
        count: dayList.reduce((sum, day) => sum + day.count, 0),
        days: dayList,
        movies: movies.map((movie) => ({
          movieId: movie.movie_id,
          title: movie.movie_title ?? {},
          amount: Number(movie.amount),
          count: Number(movie.count),
        })),
      };
    },
  };
}
export type RentalsAdmin = ReturnType<typeof rentalsAdmin>;
