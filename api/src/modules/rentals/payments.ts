import { randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  PAYMENT_SHORT_CODE_ALPHABET,
  PAYMENT_SHORT_CODE_LENGTH,
  RENTAL_CURRENCY,
  type PaymentProviderName,
  type PaymentStatus,
} from '@lanxang/contracts';
import type { Logger } from 'pino';
import { conflict, missing, notFound, unprocessable } from '../../http/errors.js';
import { ownerColumns, type Owner } from '../accounts/owner.js';
import {
  asDate,
  GRANTABLE,
  paymentById,
  PAYMENT_SELECT,
  selectPayments,
  type PaymentRow,
} from './payment-rows.js';
import { quote, rentalMovie, type Quote } from './pricing.js';
import type { PaymentProvider, ProviderOutcome } from './providers/provider.js';
import type { RentalsConfig } from './rentals.config.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 characters of Crockford base 32 (100 random bits): unguessable, and fits a LAO QR bill number. */
export function newPaymentId(): string {
  return [...randomBytes(20)].map((byte) => CROCKFORD[byte % 32]).join('');
}
function newShortCode(): string {
  return Array.from(
    { length: PAYMENT_SHORT_CODE_LENGTH },
    () => PAYMENT_SHORT_CODE_ALPHABET[randomInt(PAYMENT_SHORT_CODE_ALPHABET.length)],
  ).join('');
}

const POLL_MS = 400;

export interface PaymentsDeps {
  config: RentalsConfig;
  providers: Record<PaymentProviderName, PaymentProvider>;
  clock: () => Date;
  logger: Logger;
}

/** What every copy of one webhook is answered. */
export interface Settled {
  paymentId: string | null;
  status: PaymentStatus | null;
}

/**
 * Payments and the rentals they grant. Every status change is one conditional UPDATE
 * (`where status = 'pending'`…), so concurrent webhooks, the reconciliation job and admins race
 * safely: exactly one of them moves a payment, and `rentals.payment_id` is unique besides.
 */
export function payments(deps: PaymentsDeps) {
  const { providers, clock, config } = deps;
  // Wakes the long-polls of this process at once; the others notice within POLL_MS.
  const changes = new EventEmitter().setMaxListeners(0);
  const changed = (id: string) => changes.emit(id);

  const provider = (name: string): PaymentProvider => {
    const found = (providers as Record<string, PaymentProvider | undefined>)[name];
    if (!found) throw missing(`No payment provider is called ${name}.`, 'payment_provider_unknown');
    return found;
  };

  async function ownedPayment(em: EntityManager, owner: Owner, id: string): Promise<PaymentRow> {
    const row = await paymentById(em, id);
    const [userId, anonymousViewerId] = ownerColumns(owner);
    // Someone else's payment is answered like a missing one: ids are not confirmed to strangers.
    if (!row || row.user_id !== userId || row.anonymous_viewer_id !== anonymousViewerId)
      throw notFound('That payment');
    return row;
  }

  async function activeRentalEnd(
    em: EntityManager,
    owner: Owner,
    movieId: number,
  ): Promise<Date | null> {
    const [userId, anonymousViewerId] = ownerColumns(owner);
    const [row] = await em.execute<{ expires_at: Date | string | null }[]>(
      `select max(expires_at) as expires_at from rentals
       where movie_id = ? and expires_at > ? and ended_by is null
         and (user_id = ? or anonymous_viewer_id = ?)`,
      [movieId, clock(), userId, anonymousViewerId],
    );
    return row?.expires_at ? asDate(row.expires_at) : null;
  }

  /**
   * Turns a payment into a rental, once: the conditional update lets exactly one caller through;
   * the rest find nothing to update. Inside `tx`. True when this call granted it.
   */
  async function grant(
    tx: EntityManager,
    id: string,
    { reference, answer }: { reference: string | null; answer: unknown },
  ): Promise<boolean> {
    const now = clock();
    const [granted] = await tx.execute<PaymentRow[]>(
      `update payment_transactions p set status = 'succeeded', failure_reason = null, paid_at = ?,
         provider_reference = coalesce(?, provider_reference), provider_answer = ?::jsonb,
         version = version + 1, updated_at = ?
       where p.id = ? and ${GRANTABLE}
       returning p.*`,
      [now, reference, JSON.stringify(answer ?? null), now, id],
    );
    if (!granted) return false;
    const expiresAt = new Date(now.getTime() + granted.rental_hours * 3_600_000);
    await tx.execute(
      `insert into rentals (user_id, anonymous_viewer_id, movie_id, payment_id, starts_at, expires_at)
       values (?, ?, ?, ?, ?, ?)`,
      [granted.user_id, granted.anonymous_viewer_id, granted.movie_id, id, now, expiresAt],
    );
    if (granted.promo_code_id !== null && granted.provider !== 'free') {
      // A paid payment counts its use whatever the limit: the money has moved.
      await tx.execute(`update promo_codes set uses = uses + 1 where id = ?`, [
        granted.promo_code_id,
      ]);
      await recordPromoUse(tx, granted);
    }
    return true;
  }

  async function recordPromoUse(tx: EntityManager, payment: PaymentRow) {
    await tx.execute(
      `insert into promo_code_uses (promo_code_id, payment_id, user_id, anonymous_viewer_id)
       values (?, ?, ?, ?)`,
      [payment.promo_code_id, payment.id, payment.user_id, payment.anonymous_viewer_id],
    );
  }

  /** Takes one use of a 100 % code, refusing once `max_uses` are gone (safe under races). */
  async function takeFreeUse(tx: EntityManager, promoId: number) {
    const taken = await tx.execute<{ id: number }[]>(
      `update promo_codes set uses = uses + 1
       where id = ? and (max_uses is null or uses < max_uses) returning id`,
      [promoId],
    );
    if (!taken.length) throw unprocessable('That promo code has been used up.', 'promo_exhausted');
  }

  /** Applies what a provider says about a payment (a webhook, or the reconciliation's question). */
  async function settle(
    em: EntityManager,
    providerName: PaymentProviderName,
    providerTransactionId: string,
    outcome: ProviderOutcome,
    answer: unknown,
  ): Promise<Settled> {
    const [row] = await selectPayments(
      em,
      `${PAYMENT_SELECT} where p.provider = ? and p.provider_transaction_id = ?`,
      [providerName, providerTransactionId],
    );
    if (!row) throw missing('No payment has that transaction id.');
    // A replay of what was already applied: answered from the row, no transaction, no lock.
    if (row.status !== 'pending' && row.status !== 'expired' && row.failure_reason !== 'cancelled')
      return { paymentId: row.id, status: row.status };
    const now = clock();
    let moved = false;
    if (outcome.state === 'paid') {
      if (outcome.amount !== row.amount_after || outcome.currency !== row.currency) {
        const flagged = await em.execute(
          `update payment_transactions p set status = 'failed', failure_reason = 'amount_mismatch',
             flagged_reason = ?, provider_answer = ?::jsonb, version = version + 1, updated_at = ?
           where p.id = ? and ${GRANTABLE} returning p.id`,
          [
            `Paid ${outcome.amount} ${outcome.currency}, asked ${row.amount_after} ${row.currency}`,
            JSON.stringify(answer ?? null),
            now,
            row.id,
          ],
        );
        moved = flagged.length > 0;
        if (moved) deps.logger.warn({ paymentId: row.id }, 'payment amount mismatch flagged');
      } else {
        moved = await em.transactional((tx) =>
          grant(tx, row.id, { reference: outcome.reference, answer }),
        );
      }
    } else if (outcome.state === 'failed') {
      const failed = await em.execute(
        `update payment_transactions set status = 'failed', failure_reason = 'declined',
           provider_answer = ?::jsonb, version = version + 1, updated_at = ?
         where id = ? and status = 'pending' returning id`,
        [JSON.stringify(answer ?? null), now, row.id],
      );
      moved = failed.length > 0;
    }
    if (moved) changed(row.id);
    const current = await paymentById(em, row.id);
    return { paymentId: row.id, status: current?.status ?? null };
  }

  async function insertPending(
    em: EntityManager,
    owner: Owner,
    priced: Quote,
    providerName: PaymentProviderName,
  ): Promise<{ id: string; shortCode: string; expiresAt: Date }> {
    const id = newPaymentId();
    const now = clock();
    const expiryMinutes = providerName === 'manual' ? 24 * 60 : config.paymentExpiryMinutes;
    const expiresAt = new Date(now.getTime() + expiryMinutes * 60_000);
    const [userId, anonymousViewerId] = ownerColumns(owner);
    // Short codes are unique among pending payments only; a clash (rare) just draws another.
    for (;;) {
      const shortCode = newShortCode();
      const inserted = await em.execute(
        `insert into payment_transactions (id, user_id, anonymous_viewer_id, movie_id, provider,
           provider_transaction_id, short_code, currency, amount_before, amount_after, promo_code_id,
           rental_hours, status, expires_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
         on conflict (short_code) where status = 'pending' do nothing returning id`,
        [
          id,
          userId,
          anonymousViewerId,
          priced.movie.id,
          providerName,
          id,
          shortCode,
          RENTAL_CURRENCY,
          priced.amountBefore,
          priced.amount,
          priced.promo?.id ?? null,
          priced.movie.rentalHours,
          expiresAt,
          now,
          now,
        ],
      );
      if (inserted.length) return { id, shortCode, expiresAt };
    }
  }

  /** Asks the provider for what the viewer scans; a failure fails the payment (502 to the caller). */
  async function requestFromProvider(
    em: EntityManager,
    id: string,
    providerName: PaymentProviderName,
  ) {
    const row = (await paymentById(em, id))!;
    try {
      const created = await provider(providerName).create({
        id,
        amount: row.amount_after,
        currency: row.currency,
        expiresAt: row.expires_at,
      });
      await em.execute(
        `update payment_transactions set provider_transaction_id = ?, qr_payload = ?, pay_url = ?,
           provider_answer = ?::jsonb, version = version + 1, updated_at = ?
         where id = ?`,
        [
          created.providerTransactionId,
          created.qrPayload,
          created.payUrl,
          JSON.stringify(created.answer ?? null),
          clock(),
          id,
        ],
      );
    } catch (error) {
      await em.execute(
        `update payment_transactions set status = 'failed', failure_reason = 'provider_error',
           version = version + 1, updated_at = ? where id = ? and status = 'pending'`,
        [clock(), id],
      );
      throw error;
    }
  }

  /** Completes a payment with a 100 % promo: no provider is asked. */
  async function completeFree(em: EntityManager, id: string, promoId: number) {
    await em.transactional(async (tx) => {
      await takeFreeUse(tx, promoId);
      await tx.execute(
        `update payment_transactions set provider = 'free', provider_transaction_id = id,
           promo_code_id = ?, amount_after = 0, qr_payload = null, pay_url = null, updated_at = ?
         where id = ? and status = 'pending'`,
        [promoId, clock(), id],
      );
      if (!(await grant(tx, id, { reference: null, answer: null })))
        throw conflict('That payment is no longer pending.', 'payment_not_pending');
      const row = (await paymentById(tx, id))!;
      await recordPromoUse(tx, row);
    });
    changed(id);
  }

  return {
    provider,
    activeRentalEnd,
    ownedPayment,
    settle,

    async start(
      em: EntityManager,
      owner: Owner,
      input: { movieId: number; promoCode?: string | undefined; provider: 'laoqr' | 'manual' },
    ): Promise<PaymentRow> {
      const movie = await rentalMovie(em, input.movieId);
      if (await activeRentalEnd(em, owner, movie.id))
        throw conflict('You already have this film rented.', 'rental_active');
      const priced = await quote(em, movie, input.promoCode, clock());
      const { id } = await insertPending(em, owner, priced, input.provider);
      if (priced.amount === 0 && priced.promo) await completeFree(em, id, priced.promo.id);
      else await requestFromProvider(em, id, input.provider);
      return (await paymentById(em, id))!;
    },

    /** The payment now, or (with `waitSeconds`) once its version differs from `version`. */
    async wait(
      em: EntityManager,
      owner: Owner,
      id: string,
      { waitSeconds, version }: { waitSeconds: number; version?: number | undefined },
    ): Promise<PaymentRow> {
      let row = await ownedPayment(em, owner, id);
      const deadline = Date.now() + waitSeconds * 1000;
      while (version !== undefined && row.version === version && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            changes.off(id, done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
          changes.once(id, done);
        });
        row = (await paymentById(em, id))!;
      }
      return row;
    },

    async cancel(em: EntityManager, owner: Owner, id: string): Promise<PaymentRow> {
      await ownedPayment(em, owner, id);
      const cancelled = await em.execute(
        `update payment_transactions set status = 'failed', failure_reason = 'cancelled',
           qr_payload = null, version = version + 1, updated_at = ?
         where id = ? and status = 'pending' returning id`,
        [clock(), id],
      );
      if (!cancelled.length)
        throw conflict('That payment is no longer pending.', 'payment_not_pending');
      changed(id);
      return (await paymentById(em, id))!;
    },

    async byShortCode(em: EntityManager, code: string): Promise<PaymentRow> {
      const [row] = await selectPayments(
        em,
        `${PAYMENT_SELECT} where p.short_code = ? order by p.created_at desc limit 1`,
        [code],
      );
      // Codes are reused once a payment is over; only a current one (or just finished) is shown.
      if (!row || (row.status !== 'pending' && row.status !== 'succeeded'))
        throw notFound('A pending payment with that code');
      return row;
    },

    /** The phone page's promo: a new amount (and QR), or the rental itself for a 100 % code. */
    async applyPromo(em: EntityManager, row: PaymentRow, promoCode: string): Promise<PaymentRow> {
      if (row.status !== 'pending')
        throw conflict('That payment is no longer pending.', 'payment_not_pending');
      const movie = await rentalMovie(em, row.movie_id);
      const priced = await quote(em, movie, promoCode, clock());
      if (priced.amount === 0 && priced.promo) {
        await completeFree(em, row.id, priced.promo.id);
      } else {
        await em.execute(
          `update payment_transactions set promo_code_id = ?, amount_after = ?, updated_at = ?
           where id = ? and status = 'pending'`,
          [priced.promo?.id ?? null, priced.amount, clock(), row.id],
        );
        await requestFromProvider(em, row.id, row.provider);
        changed(row.id);
      }
      return (await paymentById(em, row.id))!;
    },

    async handleWebhook(
      em: EntityManager,
      providerName: string,
      request: { rawBody: string; headers: Record<string, string | string[] | undefined> },
    ): Promise<Settled> {
      const found = provider(providerName);
      const event = found.parseWebhook({ ...request, now: clock() });
      return settle(em, found.name, event.providerTransactionId, event.outcome, event.answer);
    },

    /** An admin confirms a manual payment (cash, transfer). */
    async markPaid(tx: EntityManager, row: PaymentRow, actor: string): Promise<void> {
      if (row.provider !== 'manual')
        throw conflict('Only a manual payment is confirmed by hand.', 'payment_not_manual');
      if (!(await grant(tx, row.id, { reference: `confirmed by ${actor}`, answer: null })))
        throw conflict('That payment is no longer pending.', 'payment_not_pending');
    },

    /** Refunds a succeeded payment: the rental ends now. The money goes back outside this system. */
    async refund(tx: EntityManager, row: PaymentRow, reason: string | undefined): Promise<void> {
      const now = clock();
      const refunded = await tx.execute(
        `update payment_transactions set status = 'refunded', refunded_at = ?,
           flagged_reason = coalesce(?, flagged_reason), version = version + 1, updated_at = ?
         where id = ? and status = 'succeeded' returning id`,
        [now, reason ? `refund: ${reason}` : null, now, row.id],
      );
      if (!refunded.length)
        throw conflict('Only a succeeded payment can be refunded.', 'payment_not_refundable');
      await tx.execute(
        `update rentals set expires_at = least(expires_at, ?), ended_by = 'refund' where payment_id = ?`,
        [now, row.id],
      );
    },

    /** Tells this process's long-polls a payment changed (after an admin's write commits). */
    changed,

    /**
     * Asks providers about payments pending longer than `reconcileAfterSeconds` (a webhook may
     * have been lost) and expires those past their expiry that were not paid.
     */
    async reconcile(
      em: EntityManager,
    ): Promise<{ granted: number; expired: number; failed: number }> {
      const now = clock();
      const stale = await selectPayments(
        em,
        `${PAYMENT_SELECT} where p.status = 'pending' and p.created_at < ?
         order by p.created_at limit 500`,
        [new Date(now.getTime() - config.reconcileAfterSeconds * 1000)],
      );
      const counts = { granted: 0, expired: 0, failed: 0 };
      for (const row of stale) {
        try {
          if (row.provider === 'laoqr' && row.provider_transaction_id) {
            const { outcome, answer } = await provider(row.provider).status(
              row.provider_transaction_id,
            );
            if (outcome.state !== 'pending') {
              const settled = await settle(
                em,
                row.provider,
                row.provider_transaction_id,
                outcome,
                answer,
              );
              if (settled.status === 'succeeded') counts.granted++;
              if (settled.status === 'failed') counts.failed++;
              continue;
            }
          }
          if (row.expires_at <= now) {
            const expired = await em.execute(
              `update payment_transactions set status = 'expired', qr_payload = null,
                 version = version + 1, updated_at = ?
               where id = ? and status = 'pending' returning id`,
              [now, row.id],
            );
            if (expired.length) {
              counts.expired++;
              changed(row.id);
            }
          }
        } catch (error) {
          // One provider outage must not stop the rest; the next run asks again.
          deps.logger.warn({ err: error, paymentId: row.id }, 'payment reconciliation failed');
        }
      }
      return counts;
    },
  };
}
export type Payments = ReturnType<typeof payments>;
