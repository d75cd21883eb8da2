import { PaymentSchema, RentalListSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RECONCILE_QUEUE } from '../../src/modules/rentals/reconcile-job.js';
import {
  anonymousViewer,
  json,
  movieId,
  rentalTestApp,
  startPayment,
  type RentalTestApp,
} from '../support/rentals.js';

let env: RentalTestApp;
let film: number;
const MINUTE = 60_000;

beforeAll(async () => {
  env = await rentalTestApp(inject('postgresAdminUrl'));
  film = await movieId(env.app, 'monsoon-letters');
});
afterAll(() => env?.close());

const reconcile = () => env.app.services.rentals.payments.reconcile(env.app.db.em.fork());
const seen = async (viewer: Record<string, string>, id: string) =>
  PaymentSchema.parse(await (await json(env.app, 'GET', `/api/payments/${id}`, viewer)).json());

describe('reconciliation', () => {
  it('grants a payment the bank took whose webhook was lost, once, and leaves young ones alone', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: film });
    await env.bank.pay(payment.id, { notify: false });
    // Too young to ask about: the webhook may still be on its way.
    expect(await reconcile()).toEqual({ granted: 0, expired: 0, failed: 0 });
    env.clock.advance(3 * MINUTE);
    expect((await reconcile()).granted).toBe(1);
    const paid = await seen(viewer, payment.id);
    expect(paid.status).toBe('succeeded');
    expect(paid.rental).not.toBeNull();
    expect((await reconcile()).granted).toBe(0);
    const [rentals] = await env.app.db.sql<{ count: string }>(
      `select count(*) as count from rentals where payment_id = $1`,
      [payment.id],
    );
    expect(Number(rentals!.count)).toBe(1);
    // The late webhook, when it does come, changes nothing and is answered the same way.
    const bill = env.bank.bills.get(payment.id)!;
    env.bank.bills.set(payment.id, { ...bill, status: 'pending' });
    expect(await env.bank.pay(payment.id)).toBe(200);
  });

  it('expires an unpaid payment after its expiry; the TV sees it expired with no QR', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: film });
    env.clock.advance(5 * MINUTE);
    expect((await reconcile()).expired).toBe(0);
    expect((await seen(viewer, payment.id)).status).toBe('pending');
    env.clock.advance(11 * MINUTE);
    const counts = await reconcile();
    expect(counts.expired).toBeGreaterThanOrEqual(1);
    expect(await seen(viewer, payment.id)).toMatchObject({ status: 'expired', qrPayload: null });
  });

  it('a paid but mismatched amount found by reconciliation is flagged, not granted', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: film });
    await env.bank.pay(payment.id, { notify: false, amount: 1 });
    env.clock.advance(3 * MINUTE);
    expect((await reconcile()).failed).toBe(1);
    expect(await seen(viewer, payment.id)).toMatchObject({
      status: 'failed',
      failureReason: 'amount_mismatch',
      rental: null,
    });
  });

  it('a bank paying an expired QR still grants it: the money moved', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: film });
    env.clock.advance(20 * MINUTE);
    await reconcile();
    expect((await seen(viewer, payment.id)).status).toBe('expired');
    expect(await env.bank.pay(payment.id)).toBe(200);
    expect((await seen(viewer, payment.id)).status).toBe('succeeded');
  });

  it('runs every minute on pg-boss once started', async () => {
    await env.app.services.rentals.reconciler.start();
    const schedules = await env.app.db.sql<{ name: string; cron: string }>(
      `select name, cron from pgboss.schedule where name = $1`,
      [RECONCILE_QUEUE],
    );
    expect(schedules).toEqual([{ name: RECONCILE_QUEUE, cron: '* * * * *' }]);
    await env.app.services.rentals.reconciler.stop();
  });

  it('a rental ends after its hours: listed as past, playback asks to rent again, and it can be rented again', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: film });
    await env.bank.pay(payment.id);
    env.clock.advance(23 * 60 * MINUTE);
    expect(
      (await json(env.app, 'GET', '/api/movies/monsoon-letters/playback', viewer)).status,
    ).toBe(200);
    env.clock.advance(61 * MINUTE);
    const list = RentalListSchema.parse(
      await (await json(env.app, 'GET', '/api/rentals', viewer)).json(),
    );
    expect(list.active).toEqual([]);
    expect(list.past[0]).toMatchObject({
      paymentId: payment.id,
      endedBy: 'expiry',
      secondsLeft: 0,
    });
    expect(
      (await json(env.app, 'GET', '/api/movies/monsoon-letters/playback', viewer)).status,
    ).toBe(402);
    const again = await startPayment(env.app, viewer, { movieId: film });
    expect(again.status).toBe('pending');
  });
});
