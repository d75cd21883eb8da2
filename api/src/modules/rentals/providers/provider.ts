import type { PaymentProviderName } from '@lanxang/contracts';

/** What a provider needs to ask for one payment. */
export interface PaymentRequest {
  /** Our transaction id (the LAO QR bill number). */
  id: string;
  amount: number;
  currency: string;
  expiresAt: Date;
}

/** What the viewer needs to pay: a QR payload and/or a provider page, and the provider's id. */
export interface CreatedPayment {
  providerTransactionId: string;
  qrPayload: string | null;
  payUrl: string | null;
  expiresAt: Date;
  answer: unknown;
}

/** A provider's word on one payment: paid (with what it received), failed, or not yet. */
export type ProviderOutcome =
  | { state: 'paid'; amount: number; currency: string; reference: string | null }
  | { state: 'failed' }
  | { state: 'pending' };

export interface ProviderStatus {
  outcome: ProviderOutcome;
  answer: unknown;
}

/** A verified notification about one payment. */
export interface WebhookEvent {
  providerTransactionId: string;
  outcome: ProviderOutcome;
  answer: unknown;
}

export interface WebhookRequest {
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
  now: Date;
}

/**
 * One way of paying. `laoqr` is the first real one; `manual` (an admin confirms) and `free` (a
 * 100 % promo) make no calls. A provider never writes our records: the payments service does,
 * from what these answer.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  create(payment: PaymentRequest): Promise<CreatedPayment>;
  status(providerTransactionId: string): Promise<ProviderStatus>;
  /** Verifies the signature (throws `payment_signature_invalid`) and reads the event. */
  parseWebhook(request: WebhookRequest): WebhookEvent;
}
