import type { AdminPayment, Payment, PhonePayment, RentalPrice } from '@lanxang/contracts';
import type { PaymentRow } from './payment-rows.js';
import type { PricedMovie, Quote } from './pricing.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

const promoOf = (row: PaymentRow) =>
  row.promo_code && row.promo_kind && row.promo_value !== null
    ? { code: row.promo_code, kind: row.promo_kind, value: row.promo_value }
    : null;

/** What the TV and the phone both show: the amounts, and (only while pending) what to scan. */
function whatToPay(row: PaymentRow) {
  const payable = row.status === 'pending';
  return {
    status: row.status,
    currency: row.currency,
    amountBefore: row.amount_before,
    amount: row.amount_after,
    promo: promoOf(row),
    qrPayload: payable ? row.qr_payload : null,
    payUrl: payable ? row.pay_url : null,
    expiresAt: row.expires_at.toISOString(),
  };
}

export function priceDto(quoted: Quote, activeRentalEnd: Date | null): RentalPrice {
  return {
    movieId: quoted.movie.id,
    tier: { id: quoted.movie.tierId, name: quoted.movie.tierName },
    currency: 'LAK',
    rentalHours: quoted.movie.rentalHours,
    amountBefore: quoted.amountBefore,
    discount: quoted.discount,
    amount: quoted.amount,
    promo: quoted.promo
      ? { code: quoted.promo.code, kind: quoted.promo.kind, value: quoted.promo.value }
      : null,
    activeRentalExpiresAt: iso(activeRentalEnd),
  };
}

export function paymentDto(row: PaymentRow, publicWebUrl: string): Payment {
  return {
    id: row.id,
    movieId: row.movie_id,
    provider: row.provider,
    version: row.version,
    ...whatToPay(row),
    phoneUrl: `${publicWebUrl}/rent/${row.short_code}`,
    shortCode: row.short_code,
    createdAt: row.created_at.toISOString(),
    paidAt: iso(row.paid_at),
    failureReason: row.failure_reason,
    rental:
      row.rental_id !== null && row.rental_starts_at && row.rental_expires_at
        ? {
            id: row.rental_id,
            startsAt: row.rental_starts_at.toISOString(),
            expiresAt: row.rental_expires_at.toISOString(),
          }
        : null,
  };
}

export function phonePaymentDto(row: PaymentRow, movie: PricedMovie): PhonePayment {
  return {
    shortCode: row.short_code,
    movie: { id: movie.id, slug: movie.slug, title: movie.title },
    rentalHours: row.rental_hours,
    ...whatToPay(row),
  };
}

export function adminPaymentDto(
  row: PaymentRow & { movie_title: Record<string, string> | null },
  publicWebUrl: string,
  now: Date,
): AdminPayment {
  const { rental, ...viewer } = paymentDto(row, publicWebUrl);
  return {
    ...viewer,
    movieTitle: row.movie_title ?? {},
    owner: { userId: row.user_id, anonymous: row.anonymous_viewer_id !== null },
    providerTransactionId: row.provider_transaction_id,
    flaggedReason: row.flagged_reason,
    refundedAt: iso(row.refunded_at),
    updatedAt: row.updated_at.toISOString(),
    rental: rental && {
      ...rental,
      endedBy:
        row.rental_ended_by === 'refund'
          ? 'refund'
          : row.rental_expires_at && row.rental_expires_at <= now
            ? 'expiry'
            : null,
    },
    providerAnswer: row.provider_answer,
  };
}
