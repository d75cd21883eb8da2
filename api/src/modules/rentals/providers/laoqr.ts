import { z } from 'zod';
import { badGateway, badRequest, HttpError } from '../../../http/errors.js';
import { encodeLaoQr, LAK_NUMERIC } from '../lao-qr.js';
import type { RentalsConfig } from '../rentals.config.js';
import { signatureProblem } from '../webhook-signature.js';
import type { PaymentProvider, ProviderOutcome } from './provider.js';

/** "Video tape rental stores", the ISO 18245 category closest to renting films. */
const MERCHANT_CATEGORY_CODE = '7841';

/** The bank's view of one bill, as its status call and its webhook send it. */
export const BankBillSchema = z.object({
  billNumber: z.string().min(1).max(100),
  status: z.enum(['pending', 'paid', 'failed', 'expired']),
  amount: z.number().int().nonnegative(),
  /** ISO 4217, numeric (`418`) or alphabetic (`LAK`). */
  currency: z.string().min(3).max(3),
  reference: z.string().max(100).nullable().optional(),
  paidAt: z.string().nullable().optional(),
});
export type BankBill = z.infer<typeof BankBillSchema>;

/**
 * LAO QR through a bank's API: the QR is a dynamic EMVCo payload we draw ourselves (bill number =
 * our id), registered with the bank so it can answer its status; the bank notifies us by a
 * signed webhook when it is paid.
 */
export function laoQrProvider(config: RentalsConfig['laoqr']): PaymentProvider {
  const call = async (path: string, init: RequestInit = {}): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${config.baseUrl}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch {
      throw badGateway('The bank did not answer; try again.', 'payment_provider_unavailable');
    }
    if (!response.ok)
      throw badGateway(
        `The bank answered ${response.status}; try again.`,
        'payment_provider_unavailable',
      );
    return response.json();
  };

  return {
    name: 'laoqr',

    async create(payment) {
      const qrPayload = encodeLaoQr({
        aid: config.aid,
        acquirerId: config.acquirerId,
        merchantId: config.merchantId,
        merchantCategoryCode: MERCHANT_CATEGORY_CODE,
        amount: payment.amount,
        merchantName: config.merchantName,
        merchantCity: config.merchantCity,
        billNumber: payment.id,
      });
      const answer = await call('/v1/bills', {
        method: 'POST',
        body: JSON.stringify({
          billNumber: payment.id,
          merchantId: config.merchantId,
          amount: payment.amount,
          currency: LAK_NUMERIC,
          qrPayload,
          expiresAt: payment.expiresAt.toISOString(),
        }),
      });
      return {
        providerTransactionId: payment.id,
        qrPayload,
        payUrl: null,
        expiresAt: payment.expiresAt,
        answer,
      };
    },

    async status(providerTransactionId) {
      const answer = await call(`/v1/bills/${encodeURIComponent(providerTransactionId)}`);
      const bill = BankBillSchema.safeParse(answer);
      if (!bill.success)
        throw badGateway('The bank answered something unexpected.', 'payment_provider_unavailable');
      return { outcome: outcomeOf(bill.data), answer };
    },

    parseWebhook({ rawBody, headers, now }) {
      const problem = signatureProblem(config.webhookSecret, headers, rawBody, now);
      if (problem)
        throw new HttpError(
          401,
          'payment_signature_invalid',
          problem === 'stale'
            ? 'The notification is signed outside the 5-minute window.'
            : 'The notification’s signature is missing or wrong.',
        );
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        throw badRequest('The notification is not JSON.', 'invalid_json');
      }
      const bill = BankBillSchema.safeParse(parsed);
      if (!bill.success) throw badRequest('The notification is not a bill.');
      return {
        providerTransactionId: bill.data.billNumber,
        outcome: outcomeOf(bill.data),
        answer: parsed,
      };
    },
  };
}

function outcomeOf(bill: BankBill): ProviderOutcome {
  if (bill.status === 'paid')
    return {
      state: 'paid',
      amount: bill.amount,
      currency: bill.currency === LAK_NUMERIC ? 'LAK' : bill.currency,
      reference: bill.reference ?? null,
    };
  return bill.status === 'pending' ? { state: 'pending' } : { state: 'failed' };
}
