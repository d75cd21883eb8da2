import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  PaymentFailureReasonSchema,
  PaymentProviderName,
  PaymentStatus,
  PromoKind,
} from '@lanxang/contracts';
import type { z } from 'zod';

/** One payment as the SQL below reads it, with its promo and rental. */
export interface PaymentRow {
  id: string;
  user_id: number | null;
  anonymous_viewer_id: string | null;
  movie_id: number;
  provider: PaymentProviderName;
  provider_transaction_id: string | null;
  provider_reference: string | null;
  short_code: string;
  currency: string;
  amount_before: number;
  amount_after: number;
  promo_code_id: number | null;
  rental_hours: number;
  status: PaymentStatus;
  failure_reason: z.infer<typeof PaymentFailureReasonSchema> | null;
  version: number;
  qr_payload: string | null;
  pay_url: string | null;
  provider_answer: unknown;
  flagged_reason: string | null;
  expires_at: Date;
  paid_at: Date | null;
  refunded_at: Date | null;
  created_at: Date;
  updated_at: Date;
  promo_code: string | null;
  promo_kind: PromoKind | null;
  promo_value: number | null;
  rental_id: number | null;
  rental_starts_at: Date | null;
  rental_expires_at: Date | null;
  rental_ended_by: 'refund' | null;
}

export const PAYMENT_SELECT = `
  select p.*, pc.code as promo_code, pc.kind as promo_kind, pc.value as promo_value,
    r.id as rental_id, r.starts_at as rental_starts_at, r.expires_at as rental_expires_at,
    r.ended_by as rental_ended_by
  from payment_transactions p
  left join promo_codes pc on pc.id = p.promo_code_id
  left join rentals r on r.payment_id = p.id`;

const DATE_FIELDS = [
  'expires_at',
  'paid_at',
  'refunded_at',
  'created_at',
  'updated_at',
  'rental_starts_at',
  'rental_expires_at',
] as const;

/** A timestamp as the ORM's raw `execute` answers it (text) or as `pg` does (a Date). */
export const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** Runs a query over `PAYMENT_SELECT` (in `em`'s transaction, if any), its timestamps as Dates. */
export async function selectPayments<Row extends PaymentRow = PaymentRow>(
  em: EntityManager,
  sql: string,
  params: unknown[],
): Promise<Row[]> {
  const rows = await em.execute<Row[]>(sql, params);
  for (const row of rows) {
    const fields = row as unknown as Record<string, Date | string | null>;
    for (const key of DATE_FIELDS) {
      const value = fields[key];
      if (value !== null && value !== undefined) fields[key] = asDate(value);
    }
  }
  return rows;
}

export async function paymentById(em: EntityManager, id: string): Promise<PaymentRow | null> {
  const [row] = await selectPayments(em, `${PAYMENT_SELECT} where p.id = ?`, [id]);
  return row ?? null;
}

/** The statuses a provider's "paid" may still turn into `succeeded`: the money did move. */
export const GRANTABLE = `(p.status in ('pending', 'expired') or (p.status = 'failed' and p.failure_reason = 'cancelled'))`;
