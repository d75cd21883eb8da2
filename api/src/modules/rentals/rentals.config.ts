import { z } from 'zod';
import { DEV_SECRETS } from '../../production-checks.js';

/** The environment rentals read (composed into `config.ts`'s schema, the one reader of it). */
export const rentalsEnv = {
  /** The LAO QR bank's API; the local stand-in bank (`npm start`, tests) unless set. */
  LAOQR_BASE_URL: z.url().default('http://127.0.0.1:3004'),
  /** Shared with the bank: signs its webhooks (HMAC-SHA256 over `timestamp.rawBody`). */
  LAOQR_WEBHOOK_SECRET: z.string().min(32).default(DEV_SECRETS.LAOQR_WEBHOOK_SECRET),
  LAOQR_AID: z.string().min(1).max(32).default('A005266284662577'),
  LAOQR_ACQUIRER_ID: z.string().min(1).max(20).default('27710418'),
  LAOQR_MERCHANT_ID: z.string().min(1).max(40).default('LANXANG0001'),
  LAOQR_MERCHANT_NAME: z.string().min(1).max(25).default('LANXANG'),
  LAOQR_MERCHANT_CITY: z.string().min(1).max(15).default('VIENTIANE'),
  LAOQR_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long a QR may be paid. */
  PAYMENT_EXPIRY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** A payment still pending this long is asked of its provider (a webhook may have been lost). */
  PAYMENT_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(10).default(120),
};

type RentalsEnv = { [Key in keyof typeof rentalsEnv]: z.output<(typeof rentalsEnv)[Key]> };

export function rentalsConfig(values: RentalsEnv) {
  return {
    laoqr: {
      baseUrl: values.LAOQR_BASE_URL.replace(/\/+$/, ''),
      webhookSecret: values.LAOQR_WEBHOOK_SECRET,
      aid: values.LAOQR_AID,
      acquirerId: values.LAOQR_ACQUIRER_ID,
      merchantId: values.LAOQR_MERCHANT_ID,
      merchantName: values.LAOQR_MERCHANT_NAME,
      merchantCity: values.LAOQR_MERCHANT_CITY,
      timeoutMs: values.LAOQR_TIMEOUT_MS,
    },
    paymentExpiryMinutes: values.PAYMENT_EXPIRY_MINUTES,
    reconcileAfterSeconds: values.PAYMENT_RECONCILE_AFTER_SECONDS,
  };
}
export type RentalsConfig = ReturnType<typeof rentalsConfig>;
