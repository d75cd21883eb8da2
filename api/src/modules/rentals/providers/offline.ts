import type { PaymentProviderName } from '@lanxang/contracts';
import { missing } from '../../../http/errors.js';
import type { PaymentProvider } from './provider.js';

/**
 * Providers that call no one. `manual`: cash or a bank transfer an admin confirms by hand
 * (`adminMarkPaymentPaid`). `free`: a 100 % promo code, granted the moment it is applied.
 * Neither has a status to ask nor a webhook to send.
 */
function offlineProvider(name: Extract<PaymentProviderName, 'manual' | 'free'>): PaymentProvider {
  return {
    name,
    create: (payment) =>
      Promise.resolve({
        providerTransactionId: payment.id,
        qrPayload: null,
        payUrl: null,
        expiresAt: payment.expiresAt,
        answer: null,
      }),
    status: () => Promise.resolve({ outcome: { state: 'pending' }, answer: null }),
    parseWebhook: () => {
      throw missing(`The ${name} provider sends no webhooks.`, 'payment_provider_unknown');
    },
  };
}

export const manualProvider = () => offlineProvider('manual');
export const freeProvider = () => offlineProvider('free');
