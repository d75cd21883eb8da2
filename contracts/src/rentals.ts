import { z } from 'zod';
import { IdSchema, MovieSummarySchema, PAGE_MAX, PAGE_SIZE_MAX } from './catalog.js';
import { LocalizedTextSchema } from './locale.js';
import { translatedInput } from './admin-catalog.js';

/** Every rental is priced in kip, an integer (LAK has no minor unit in use). */
export const RENTAL_CURRENCY = 'LAK';
export const RENTAL_HOURS_DEFAULT = 24;
export const RENTAL_HOURS_MAX = 24 * 30;
export const PRICE_LAK_MAX = 100_000_000;
export const TIER_NAME_MAX = 100;
export const PROMO_USES_MAX = 1_000_000;

export const PAYMENT_PROVIDERS = ['laoqr', 'manual', 'free'] as const;
export const PaymentProviderSchema = z.enum(PAYMENT_PROVIDERS);
export type PaymentProviderName = z.infer<typeof PaymentProviderSchema>;
/** What a viewer may choose when starting a payment; `free` is only ever chosen by a 100 % promo. */
export const ViewerPaymentProviderSchema = z.enum(['laoqr', 'manual']);

/** pending → succeeded | failed | expired; succeeded → refunded. */
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'expired', 'refunded'] as const;
export const PaymentStatusSchema = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/** Why a payment did not succeed, for the TV to say so. */
export const PAYMENT_FAILURE_REASONS = [
  'cancelled',
  'declined',
  'amount_mismatch',
  'provider_error',
] as const;
export const PaymentFailureReasonSchema = z.enum(PAYMENT_FAILURE_REASONS);

export const PROMO_KINDS = ['percent', 'fixed', 'free'] as const;
export const PromoKindSchema = z.enum(PROMO_KINDS);
export type PromoKind = z.infer<typeof PromoKindSchema>;

/** Promo codes as people type them: trimmed, upper-cased, letters, digits and dashes. */
export const PROMO_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
export const PromoCodeInputSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(PROMO_CODE_PATTERN, 'must be 3 to 32 letters, digits or dashes');

/** Our payment id: 20 Crockford base-32 characters, short enough to be a LAO QR bill number. */
export const PAYMENT_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;
export const PaymentIdSchema = z.string().regex(PAYMENT_ID_PATTERN, 'is not a payment id');
export const PaymentParamsSchema = z.object({ id: PaymentIdSchema });

/** The code a phone types (or opens in a link) to reach a pending payment: 6 characters. */
export const PAYMENT_SHORT_CODE_ALPHABET = '23456789BCDFGHJKLMNPQRSTVWXZ';
export const PAYMENT_SHORT_CODE_LENGTH = 6;
export const PaymentShortCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[23456789BCDFGHJKLMNPQRSTVWXZ]{6}$/, 'is not a payment code');
export const PaymentCodeParamsSchema = z.object({ code: PaymentShortCodeSchema });

export const AppliedPromoSchema = z.object({
  code: z.string(),
  kind: PromoKindSchema,
  /** Percent (1–100) or kip off. */
  value: z.number().int(),
});

/** The price of one film for this viewer, a promo code applied. */
export const RentalPriceSchema = z
  .object({
    movieId: z.number().int(),
    tier: z.object({ id: z.number().int(), name: LocalizedTextSchema }),
    currency: z.string().length(3),
    rentalHours: z.number().int().positive(),
    amountBefore: z.number().int().nonnegative(),
    discount: z.number().int().nonnegative(),
    amount: z.number().int().nonnegative(),
    promo: AppliedPromoSchema.nullable(),
    /** Set when the viewer already holds a rental of this film. */
    activeRentalExpiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'RentalPrice' });
export type RentalPrice = z.infer<typeof RentalPriceSchema>;

export const RentalPriceQuerySchema = z.object({ promo: PromoCodeInputSchema.optional() });

export const StartPaymentSchema = z.strictObject({
  movieId: IdSchema,
  promoCode: PromoCodeInputSchema.optional(),
  provider: ViewerPaymentProviderSchema.default('laoqr'),
});
export type StartPayment = z.input<typeof StartPaymentSchema>;

export const RentalPeriodSchema = z.object({
  id: z.number().int(),
  startsAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});

/** One payment as its owner (the TV that started it) sees it. */
export const PaymentSchema = z
  .object({
    id: z.string(),
    movieId: z.number().int(),
    provider: PaymentProviderSchema,
    status: PaymentStatusSchema,
    /** Goes up on every change (a promo applied, a status), so a poller knows what it has seen. */
    version: z.number().int(),
    currency: z.string().length(3),
    amountBefore: z.number().int(),
    amount: z.number().int(),
    promo: AppliedPromoSchema.nullable(),
    /** The EMVCo (LAO QR) payload to draw as a QR code; null once no longer payable. */
    qrPayload: z.string().nullable(),
    /** A provider's own payment page, when it has one. */
    payUrl: z.string().nullable(),
    /** Where a phone pays or enters a promo code (`<web>/rent/<shortCode>`). */
    phoneUrl: z.string(),
    shortCode: z.string(),
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    paidAt: z.iso.datetime().nullable(),
    failureReason: PaymentFailureReasonSchema.nullable(),
    rental: RentalPeriodSchema.nullable(),
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof PaymentSchema>;

/** Long-poll: answer once the payment's `version` differs from `version`, or after `waitSeconds`. */
export const PAYMENT_WAIT_MAX_SECONDS = 25;
export const PaymentWaitQuerySchema = z.object({
  waitSeconds: z.coerce.number().int().min(0).max(PAYMENT_WAIT_MAX_SECONDS).default(0),
  version: z.coerce.number().int().min(0).optional(),
});

/** A pending payment as the phone page sees it (by short code: nothing about who owns it). */
export const PhonePaymentSchema = z
  .object({
    shortCode: z.string(),
    movie: z.object({ id: z.number().int(), slug: z.string(), title: LocalizedTextSchema }),
    status: PaymentStatusSchema,
    currency: z.string().length(3),
    amountBefore: z.number().int(),
    amount: z.number().int(),
    rentalHours: z.number().int(),
    promo: AppliedPromoSchema.nullable(),
    qrPayload: z.string().nullable(),
    payUrl: z.string().nullable(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'PhonePayment' });
export type PhonePayment = z.infer<typeof PhonePaymentSchema>;

export const ApplyPromoSchema = z.strictObject({ promoCode: PromoCodeInputSchema });

export const RentalSchema = z
  .object({
    id: z.number().int(),
    movie: MovieSummarySchema,
    paymentId: z.string().nullable(),
    startsAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    /** 0 once over. */
    secondsLeft: z.number().int().nonnegative(),
    /** Why a past rental is over: its time ran out, or its payment was refunded. */
    endedBy: z.enum(['expiry', 'refund']).nullable(),
  })
  .meta({ id: 'Rental' });
export type Rental = z.infer<typeof RentalSchema>;

export const RentalListSchema = z
  .object({ active: z.array(RentalSchema), past: z.array(RentalSchema) })
  .meta({ id: 'RentalList' });
export type RentalList = z.infer<typeof RentalListSchema>;

/** What a webhook answers every copy of one notification, the first and every replay alike. */
export const WebhookAckSchema = z.object({
  received: z.literal(true),
  paymentId: z.string().nullable(),
  status: PaymentStatusSchema.nullable(),
});
export const WebhookParamsSchema = z.object({ provider: z.string().max(40) });

// Admin

export const PricingTierSchema = z
  .object({
    id: z.number().int(),
    name: LocalizedTextSchema,
    priceLak: z.number().int(),
    rentalHours: z.number().int(),
    active: z.boolean(),
    position: z.number().int(),
    movieCount: z.number().int(),
  })
  .meta({ id: 'PricingTier' });
export type PricingTier = z.infer<typeof PricingTierSchema>;
export const PricingTierListSchema = z.object({ items: z.array(PricingTierSchema) });

const tierFields = {
  priceLak: z.number().int().min(1).max(PRICE_LAK_MAX),
  rentalHours: z.number().int().min(1).max(RENTAL_HOURS_MAX),
  position: z.number().int().min(0).max(10_000),
};
export const PricingTierCreateSchema = z
  .strictObject({
    name: translatedInput(TIER_NAME_MAX).refine((name) => Boolean(name.en), {
      message: 'needs an English text',
      path: ['en'],
    }),
    priceLak: tierFields.priceLak,
    rentalHours: tierFields.rentalHours.default(RENTAL_HOURS_DEFAULT),
    position: tierFields.position.default(0),
    active: z.boolean().default(true),
  })
  .meta({ id: 'PricingTierCreate' });
export type PricingTierCreate = z.input<typeof PricingTierCreateSchema>;
export const PricingTierUpdateSchema = z
  .strictObject({
    name: translatedInput(TIER_NAME_MAX)
      .refine((name) => name.en !== '', { message: 'cannot be emptied', path: ['en'] })
      .optional(),
    priceLak: tierFields.priceLak.optional(),
    rentalHours: tierFields.rentalHours.optional(),
    position: tierFields.position.optional(),
    active: z.boolean().optional(),
  })
  .meta({ id: 'PricingTierUpdate' });
export type PricingTierUpdate = z.input<typeof PricingTierUpdateSchema>;

export const PromoCodeSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    kind: PromoKindSchema,
    value: z.number().int(),
    maxUses: z.number().int().nullable(),
    uses: z.number().int(),
    validFrom: z.iso.datetime().nullable(),
    validUntil: z.iso.datetime().nullable(),
    /** Null: every film. */
    movieId: z.number().int().nullable(),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PromoCode' });
export type PromoCode = z.infer<typeof PromoCodeSchema>;
export const PromoCodeListSchema = z.object({ items: z.array(PromoCodeSchema) });

const promoFields = {
  maxUses: z.number().int().min(1).max(PROMO_USES_MAX).nullable(),
  validFrom: z.iso.datetime({ offset: true }).nullable(),
  validUntil: z.iso.datetime({ offset: true }).nullable(),
  movieId: IdSchema.nullable(),
  active: z.boolean(),
};
/** `percent`: 1–100; `fixed`: kip off; `free`: value ignored (stored as 100). */
const promoValueRule = <T extends { kind?: PromoKind; value?: number }>(promo: T) =>
  promo.kind !== 'percent' || promo.value === undefined || promo.value <= 100;
export const PromoCodeCreateSchema = z
  .strictObject({
    code: PromoCodeInputSchema,
    kind: PromoKindSchema,
    value: z.number().int().min(1).max(PRICE_LAK_MAX).default(100),
    maxUses: promoFields.maxUses.default(null),
    validFrom: promoFields.validFrom.default(null),
    validUntil: promoFields.validUntil.default(null),
    movieId: promoFields.movieId.default(null),
    active: promoFields.active.default(true),
  })
  .refine(promoValueRule, { message: 'a percentage is at most 100', path: ['value'] })
  .meta({ id: 'PromoCodeCreate' });
export type PromoCodeCreate = z.input<typeof PromoCodeCreateSchema>;
export const PromoCodeUpdateSchema = z
  .strictObject({
    kind: PromoKindSchema.optional(),
    value: z.number().int().min(1).max(PRICE_LAK_MAX).optional(),
    maxUses: promoFields.maxUses.optional(),
    validFrom: promoFields.validFrom.optional(),
    validUntil: promoFields.validUntil.optional(),
    movieId: promoFields.movieId.optional(),
    active: promoFields.active.optional(),
  })
  .refine(promoValueRule, { message: 'a percentage is at most 100', path: ['value'] })
  .meta({ id: 'PromoCodeUpdate' });
export type PromoCodeUpdate = z.input<typeof PromoCodeUpdateSchema>;

/** One payment as an admin sees it: the viewer's fields plus who, flags and the provider's answer. */
export const AdminPaymentSchema = PaymentSchema.omit({ rental: true })
  .extend({
    movieTitle: LocalizedTextSchema,
    owner: z.object({ userId: z.number().int().nullable(), anonymous: z.boolean() }),
    providerTransactionId: z.string().nullable(),
    flaggedReason: z.string().nullable(),
    refundedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
    rental: RentalPeriodSchema.extend({
      endedBy: z.enum(['expiry', 'refund']).nullable(),
    }).nullable(),
    providerAnswer: z.unknown(),
  })
  .meta({ id: 'AdminPayment' });
export type AdminPayment = z.infer<typeof AdminPaymentSchema>;

export const AdminPaymentListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(PAGE_MAX).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
  status: PaymentStatusSchema.optional(),
  provider: PaymentProviderSchema.optional(),
  movieId: IdSchema.optional(),
  /** Created on or after this day (UTC). */
  from: z.iso.date().optional(),
  /** Created on or before this day (UTC). */
  to: z.iso.date().optional(),
  flagged: z.enum(['true', 'false']).optional(),
});
export const AdminPaymentListSchema = z
  .object({
    items: z.array(AdminPaymentSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'AdminPaymentList' });
export type AdminPaymentList = z.infer<typeof AdminPaymentListSchema>;

export const RefundSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });

export const RevenueQuerySchema = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
/** Succeeded payments (refunds taken off), in kip, by day (UTC) and by film. */
export const RevenueSchema = z
  .object({
    currency: z.string().length(3),
    from: z.iso.date(),
    to: z.iso.date(),
    total: z.number().int(),
    count: z.number().int(),
    days: z.array(
      z.object({ date: z.iso.date(), amount: z.number().int(), count: z.number().int() }),
    ),
    movies: z.array(
      z.object({
        movieId: z.number().int(),
        title: LocalizedTextSchema,
        amount: z.number().int(),
        count: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Revenue' });
export type Revenue = z.infer<typeof RevenueSchema>;
