import type { MovieDetails } from '@lanxang/contracts';
import { asAppError, type AppError } from '../services/errors';
import { cancelPayment, startPayment, waitForPayment, type Payment } from '../services/rentals';

export type CheckoutView =
  | { phase: 'starting' }
  | {
      phase: 'pending';
      payment: Payment;
      /**
       * Local time the QR stops working: the payment's lifetime as the API states it (`createdAt`
       * to `expiresAt`, both on its clock) counted from when the TV got it, since TV clocks drift.
       */
      expiresAt: number;
      /** The last wait could not reach the API; waiting goes on. */
      unreachable: boolean;
    }
  /** `rentalExpiresAt` is null when the API refused a payment because a rental is running. */
  | { phase: 'paid'; payment: Payment | null; rentalExpiresAt: string | null }
  | { phase: 'expired' }
  | { phase: 'failed'; reason: string }
  | { phase: 'error'; error: AppError };

/** A wait that failed (the API restarting, the Wi-Fi dropping) is tried again after this long. */
const RETRY_MS = 3000;

/**
 * The TV's half of renting: start a payment, show what it asks for, and hold a long poll open on
 * its status so the TV learns of the payment within a second of the bank's webhook, whoever paid
 * (a banking app scanning the QR, a phone entering a free promo code). `stop()` abandons the wait
 * and every answer still in flight; `cancel()` also tells the API the viewer gave up.
 */
export class Checkout {
  private generation = 0;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  view: CheckoutView = { phase: 'starting' };
  private expiresAt = 0;
  /** Payments started since `start()`; a test reads it to see an expired QR replaced. */
  paymentsStarted = 0;

  constructor(
    private readonly movie: Pick<MovieDetails, 'id'>,
    private readonly onChange: (view: CheckoutView) => void,
  ) {}

  start(): void {
    void this.newPayment();
  }

  stop(): void {
    this.generation += 1;
    clearTimeout(this.expiryTimer);
    clearTimeout(this.retryTimer);
  }

  /** Back on the Rent screen: a QR left on the API would stay payable for nothing. */
  cancel(): void {
    const view = this.view;
    this.stop();
    if (view.phase === 'pending') void cancelPayment(view.payment).catch(() => undefined);
  }

  private show(view: CheckoutView): void {
    this.view = view;
    this.onChange(view);
  }

  private async newPayment(): Promise<void> {
    this.stop();
    const generation = this.generation;
    this.show({ phase: 'starting' });
    let payment: Payment;
    try {
      payment = await startPayment(this.movie);
    } catch (error) {
      if (generation !== this.generation) return;
      const failure = asAppError(error);
      // Rented meanwhile (on another screen, or a phone's free promo): nothing to pay.
      if (failure.code === 'rental_active') {
        this.show({ phase: 'paid', payment: null, rentalExpiresAt: null });
      } else this.show({ phase: 'error', error: failure });
      return;
    }
    if (generation !== this.generation) return;
    this.paymentsStarted += 1;
    const lifetimeMs = Date.parse(payment.expiresAt) - Date.parse(payment.createdAt);
    this.scheduleExpiry(generation, Date.now() + lifetimeMs);
    this.settle(generation, payment);
  }

  private scheduleExpiry(generation: number, expiresAt: number): void {
    this.expiresAt = expiresAt;
    clearTimeout(this.expiryTimer);
    // The TV's own timer decides when the QR is stale, even if no answer says so.
    this.expiryTimer = setTimeout(
      () => {
        if (generation === this.generation) this.expire();
      },
      Math.max(0, expiresAt - Date.now()),
    );
  }

  /** Shows where `payment` stands and, while it is pending, keeps waiting on it. */
  private settle(generation: number, payment: Payment): void {
    switch (payment.status) {
      case 'succeeded':
        this.stop();
        this.show({
          phase: 'paid',
          payment,
          rentalExpiresAt: payment.rental?.expiresAt ?? null,
        });
        return;
      case 'expired':
        this.stop();
        this.show({ phase: 'expired' });
        return;
      case 'failed':
      case 'refunded':
        this.stop();
        this.show({ phase: 'failed', reason: payment.failureReason ?? payment.status });
        return;
      case 'pending':
        this.show({ phase: 'pending', payment, expiresAt: this.expiresAt, unreachable: false });
        void this.wait(generation, payment);
    }
  }

  private expire(): void {
    const view = this.view;
    this.stop();
    if (view.phase === 'pending') void cancelPayment(view.payment).catch(() => undefined);
    this.show({ phase: 'expired' });
  }

  /** Offered after expiry or failure: a fresh QR. */
  retry(): void {
    void this.newPayment();
  }

  private async wait(generation: number, payment: Payment): Promise<void> {
    let latest: Payment;
    try {
      latest = await waitForPayment(payment);
    } catch {
      if (generation !== this.generation || this.view.phase !== 'pending') return;
      this.show({ ...this.view, unreachable: true });
      this.retryTimer = setTimeout(() => void this.wait(generation, payment), RETRY_MS);
      return;
    }
    if (generation !== this.generation) return;
    this.settle(generation, latest);
  }
}
