import {
  PaymentSchema,
  PhonePaymentSchema,
  ProblemSchema,
  RentalListSchema,
  RentalPriceSchema,
  WebhookAckSchema,
} from '@lanxang/contracts';
import { signIn, TEST_LAOQR_WEBHOOK_SECRET } from '@lanxang/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseLaoQr } from '../../src/modules/rentals/lao-qr.js';
import { signWebhook } from '../../src/modules/rentals/webhook-signature.js';
import {
  anonymousViewer,
  json,
  movieId,
  problem,
  rentalTestApp,
  startPayment,
  uniqueCode,
  type RentalTestApp,
} from '../support/rentals.js';

let env: RentalTestApp;
let rentalFilm: number;
let premiumFilm: number;
let freeFilm: number;

beforeAll(async () => {
  env = await rentalTestApp(inject('postgresAdminUrl'));
  rentalFilm = await movieId(env.app, 'monsoon-letters');
  premiumFilm = await movieId(env.app, 'ghost-of-vientiane');
  freeFilm = await movieId(env.app, 'the-rivers-daughter');
});
afterAll(() => env?.close());

const price = (viewer: Record<string, string>, film: number, promo?: string) =>
  json(env.app, 'GET', `/api/movies/${film}/price${promo ? `?promo=${promo}` : ''}`, viewer);
async function promo(body: Record<string, unknown>): Promise<string> {
  const code = uniqueCode('P');
  const response = await json(env.app, 'POST', '/api/admin/promo-codes', env.admin, {
    code,
    ...body,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return code;
}
/** A webhook as the bank signs it, `at` seconds (default: now on the app's clock). */
function webhook(body: unknown, { at, secret }: { at?: number; secret?: string } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = at ?? Math.floor(env.clock().getTime() / 1000);
  return env.app.request('/api/webhooks/laoqr', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-lanxang-timestamp': String(timestamp),
      'x-lanxang-signature': signWebhook(secret ?? TEST_LAOQR_WEBHOOK_SECRET, timestamp, raw),
    },
    body: raw,
  });
}
const paidBill = (id: string, amount: number, currency = '418') => ({
  billNumber: id,
  status: 'paid',
  amount,
  currency,
  reference: 'BANK-REF-1',
});
async function rentalsOf(paymentId: string): Promise<number> {
  const [row] = await env.app.db.sql<{ count: string }>(
    `select count(*) as count from rentals where payment_id = $1`,
    [paymentId],
  );
  return Number(row!.count);
}

describe('price of a film', () => {
  it('is the tier’s price in kip, with rental hours; a free film has nothing to rent', async () => {
    const viewer = await anonymousViewer(env.app);
    const quoted = RentalPriceSchema.parse(await (await price(viewer, rentalFilm)).json());
    expect(quoted).toMatchObject({
      movieId: rentalFilm,
      currency: 'LAK',
      rentalHours: 24,
      amountBefore: 15000,
      discount: 0,
      amount: 15000,
      promo: null,
      activeRentalExpiresAt: null,
    });
    expect((await problem(await price(viewer, freeFilm), 409)).code).toBe('rental_not_needed');
    expect((await problem(await price(viewer, 999999), 404)).code).toBe('not_found');
  });

  it('applies percent, fixed and free codes; refuses unknown, expired, other-film and used-up ones', async () => {
    const viewer = await anonymousViewer(env.app);
    const quote = async (code: string) =>
      RentalPriceSchema.parse(await (await price(viewer, rentalFilm, code)).json());
    expect(await quote(await promo({ kind: 'percent', value: 20 }))).toMatchObject({
      discount: 3000,
      amount: 12000,
      promo: { kind: 'percent', value: 20 },
    });
    expect(await quote(await promo({ kind: 'fixed', value: 5000 }))).toMatchObject({
      discount: 5000,
      amount: 10000,
    });
    // A fixed discount larger than the price makes it free, never negative.
    expect((await quote(await promo({ kind: 'fixed', value: 99999 }))).amount).toBe(0);
    expect(await quote(await promo({ kind: 'free' }))).toMatchObject({
      amount: 0,
      discount: 15000,
    });

    const refused = async (code: string, status = 422) =>
      (await problem(await price(viewer, rentalFilm, code), status)).code;
    expect(await refused('NO-SUCH-CODE')).toBe('promo_invalid');
    expect(
      await refused(
        await promo({
          kind: 'free',
          validUntil: new Date(env.clock().getTime() - 1000).toISOString(),
        }),
      ),
    ).toBe('promo_invalid');
    expect(
      await refused(
        await promo({
          kind: 'free',
          validFrom: new Date(env.clock().getTime() + 3_600_000).toISOString(),
        }),
      ),
    ).toBe('promo_invalid');
    expect(await refused(await promo({ kind: 'free', movieId: premiumFilm }))).toBe(
      'promo_invalid',
    );
    const off = await promo({ kind: 'free', active: false });
    expect(await refused(off)).toBe('promo_invalid');
    expect(await refused('x', 400)).toBe('validation_failed');
  });

  it('a limited free code grants exactly max uses, even to concurrent viewers', async () => {
    const code = await promo({ kind: 'free', maxUses: 2 });
    const viewers = await Promise.all(Array.from({ length: 5 }, () => anonymousViewer(env.app)));
    const answers = await Promise.all(
      viewers.map((viewer) =>
        json(env.app, 'POST', '/api/payments', viewer, { movieId: rentalFilm, promoCode: code }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 422, 422, 422]);
    for (const answer of answers.filter((one) => one.status === 422))
      expect(ProblemSchema.parse(await answer.json()).code).toBe('promo_exhausted');
    const [row] = await env.app.db.sql<{ uses: number }>(
      `select uses from promo_codes where code = $1`,
      [code],
    );
    expect(row!.uses).toBe(2);
  });

  it('promo checks are rate-limited per viewer', async () => {
    const viewer = await anonymousViewer(env.app);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await price(viewer, rentalFilm, `GUESS-${i}`)).status);
    expect(codes.slice(0, 10).every((status) => status === 422)).toBe(true);
    expect(codes.at(-1)).toBe(429);
    // The plain price (no code) is not a guess and stays available.
    expect((await price(viewer, rentalFilm)).status).toBe(200);
  });
});

describe('paying with LAO QR', () => {
  it('starts a payment: a valid LAO QR for the amount with our id as bill number, a phone link and code', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: rentalFilm });
    expect(payment).toMatchObject({
      movieId: rentalFilm,
      provider: 'laoqr',
      status: 'pending',
      amount: 15000,
      currency: 'LAK',
      rental: null,
      phoneUrl: `https://watch.lanxang.test/rent/${payment.shortCode}`,
    });
    expect(payment.shortCode).toMatch(/^[23456789BCDFGHJKLMNPQRSTVWXZ]{6}$/);
    const qr = parseLaoQr(payment.qrPayload!);
    expect(qr).toMatchObject({
      pointOfInitiation: '12',
      currency: '418',
      countryCode: 'LA',
      amount: 15000,
      billNumber: payment.id,
    });
    expect(env.bank.bills.get(payment.id)?.amount).toBe(15000);
    // Another viewer cannot see it, nor cancel it.
    const stranger = await anonymousViewer(env.app);
    expect(
      (await problem(await json(env.app, 'GET', `/api/payments/${payment.id}`, stranger), 404))
        .code,
    ).toBe('not_found');
    expect(
      (await json(env.app, 'POST', `/api/payments/${payment.id}/cancel`, stranger)).status,
    ).toBe(404);
    expect((await json(env.app, 'GET', `/api/payments/${payment.id}`)).status).toBe(401);
  });

  it('the TV learns of the payment within a second by long-poll, and the film is rented', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: rentalFilm });
    const started = Date.now();
    const waiting = json(
      env.app,
      'GET',
      `/api/payments/${payment.id}?waitSeconds=10&version=${payment.version}`,
      viewer,
    );
    setTimeout(() => void env.bank.pay(payment.id), 300);
    const paid = PaymentSchema.parse(await (await waiting).json());
    expect(Date.now() - started).toBeLessThan(1500);
    expect(paid.status).toBe('succeeded');
    expect(paid.qrPayload).toBeNull();
    expect(paid.rental).not.toBeNull();
    const hours =
      (Date.parse(paid.rental!.expiresAt) - Date.parse(paid.rental!.startsAt)) / 3_600_000;
    expect(hours).toBe(24);

    const list = RentalListSchema.parse(
      await (await json(env.app, 'GET', '/api/rentals', viewer)).json(),
    );
    expect(list.active.map((rental) => rental.movie.slug)).toEqual(['monsoon-letters']);
    expect(list.active[0]!.secondsLeft).toBeGreaterThan(23 * 3600);
    const quoted = RentalPriceSchema.parse(await (await price(viewer, rentalFilm)).json());
    expect(quoted.activeRentalExpiresAt).toBe(paid.rental!.expiresAt);
    // Renting again while it runs is refused.
    expect(
      (
        await problem(
          await json(env.app, 'POST', '/api/payments', viewer, { movieId: rentalFilm }),
          409,
        )
      ).code,
    ).toBe('rental_active');
  });

  it('a cancelled payment says why and can no longer be cancelled', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: rentalFilm });
    const cancelled = PaymentSchema.parse(
      await (await json(env.app, 'POST', `/api/payments/${payment.id}/cancel`, viewer)).json(),
    );
    expect(cancelled).toMatchObject({
      status: 'failed',
      failureReason: 'cancelled',
      qrPayload: null,
    });
    expect(cancelled.version).toBeGreaterThan(payment.version);
    expect(
      (
        await problem(
          await json(env.app, 'POST', `/api/payments/${payment.id}/cancel`, viewer),
          409,
        )
      ).code,
    ).toBe('payment_not_pending');
  });

  it('a free film cannot be paid for, and a bank that is down fails the payment with 502', async () => {
    const viewer = await anonymousViewer(env.app);
    expect(
      (
        await problem(
          await json(env.app, 'POST', '/api/payments', viewer, { movieId: freeFilm }),
          409,
        )
      ).code,
    ).toBe('rental_not_needed');
    const baseUrl = env.bank.baseUrl;
    await env.bank.close();
    try {
      const down = await json(env.app, 'POST', '/api/payments', viewer, { movieId: premiumFilm });
      expect((await problem(down, 502)).code).toBe('payment_provider_unavailable');
    } finally {
      const { startStandInBank } = await import('@lanxang/api/stand-ins/bank');
      const again = await startStandInBank({
        port: Number(new URL(baseUrl).port),
        webhookSecret: TEST_LAOQR_WEBHOOK_SECRET,
        webhookUrl: env.bank.webhookUrl,
        now: env.clock,
      });
      env.bank = again;
    }
  });
});

describe('the phone page', () => {
  it('finds a pending payment by its code, applies a promo (new QR amount), and a free one grants the rental', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: rentalFilm });
    const byCode = PhonePaymentSchema.parse(
      await (
        await json(env.app, 'GET', `/api/payments/by-code/${payment.shortCode.toLowerCase()}`)
      ).json(),
    );
    expect(byCode).toMatchObject({
      amount: 15000,
      rentalHours: 24,
      movie: { slug: 'monsoon-letters' },
    });

    const half = await promo({ kind: 'percent', value: 50 });
    const discounted = PhonePaymentSchema.parse(
      await (
        await json(
          env.app,
          'POST',
          `/api/payments/by-code/${payment.shortCode}/promo`,
          {},
          { promoCode: half },
        )
      ).json(),
    );
    expect(discounted).toMatchObject({ amount: 7500, promo: { code: half } });
    expect(parseLaoQr(discounted.qrPayload!).amount).toBe(7500);
    expect(env.bank.bills.get(payment.id)?.amount).toBe(7500);

    const free = await promo({ kind: 'free' });
    const seen = PaymentSchema.parse(
      await (await json(env.app, 'GET', `/api/payments/${payment.id}`, viewer)).json(),
    );
    expect(seen.amount).toBe(7500);
    const waiting = json(
      env.app,
      'GET',
      `/api/payments/${payment.id}?waitSeconds=10&version=${seen.version}`,
      viewer,
    );
    const granted = PhonePaymentSchema.parse(
      await (
        await json(
          env.app,
          'POST',
          `/api/payments/by-code/${payment.shortCode}/promo`,
          {},
          { promoCode: free },
        )
      ).json(),
    );
    expect(granted).toMatchObject({ status: 'succeeded', amount: 0, qrPayload: null });
    const onTv = PaymentSchema.parse(await (await waiting).json());
    expect(onTv).toMatchObject({ status: 'succeeded', provider: 'free' });
    expect(onTv.rental).not.toBeNull();
    expect((await json(env.app, 'GET', '/api/payments/by-code/ZZZZZZ')).status).toBe(404);
  });
});

describe('webhooks', () => {
  it('refuses a bad signature, a missing one and one outside the 5-minute window', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: premiumFilm });
    const body = paidBill(payment.id, 20000);
    const now = Math.floor(env.clock().getTime() / 1000);
    expect((await problem(await webhook(body, { secret: 'x'.repeat(40) }), 401)).code).toBe(
      'payment_signature_invalid',
    );
    expect((await problem(await webhook(body, { at: now - 301 }), 401)).code).toBe(
      'payment_signature_invalid',
    );
    expect((await problem(await webhook(body, { at: now + 301 }), 401)).code).toBe(
      'payment_signature_invalid',
    );
    const unsigned = await env.app.request('/api/webhooks/laoqr', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect((await problem(unsigned, 401)).code).toBe('payment_signature_invalid');
    // A body changed after signing fails too.
    const raw = JSON.stringify(body);
    const tampered = await env.app.request('/api/webhooks/laoqr', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-lanxang-timestamp': String(now),
        'x-lanxang-signature': signWebhook(TEST_LAOQR_WEBHOOK_SECRET, now, raw),
      },
      body: raw.replace('20000', '2'),
    });
    expect((await problem(tampered, 401)).code).toBe('payment_signature_invalid');
    expect(
      (
        await problem(
          await env.app.request('/api/webhooks/paypal', {
            method: 'POST',
            body: '{}',
            headers: { 'content-type': 'application/json' },
          }),
          404,
        )
      ).code,
    ).toBe('payment_provider_unknown');
    const still = PaymentSchema.parse(
      await (await json(env.app, 'GET', `/api/payments/${payment.id}`, viewer)).json(),
    );
    expect(still.status).toBe('pending');
    // The same notification, rightly signed, is taken.
    const good = await webhook(body);
    expect(WebhookAckSchema.parse(await good.json()).status).toBe('succeeded');
  });

  it('100 concurrent copies give one succeeded payment, one rental, and the same 2xx to every copy; a replay too', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: premiumFilm });
    const body = paidBill(payment.id, 20000);
    const answers = await Promise.all(Array.from({ length: 100 }, () => webhook(body)));
    const texts = await Promise.all(answers.map((answer) => answer.text()));
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
    expect(new Set(texts).size).toBe(1);
    expect(WebhookAckSchema.parse(JSON.parse(texts[0]!))).toEqual({
      received: true,
      paymentId: payment.id,
      status: 'succeeded',
    });
    expect(await rentalsOf(payment.id)).toBe(1);
    const replay = await webhook(body);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(texts[0]);
    expect(await rentalsOf(payment.id)).toBe(1);
  });

  it('a payment the bank declines fails with that reason and grants nothing', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: premiumFilm });
    const answer = await webhook({ ...paidBill(payment.id, 20000), status: 'failed' });
    expect(WebhookAckSchema.parse(await answer.json()).status).toBe('failed');
    const seen = PaymentSchema.parse(
      await (await json(env.app, 'GET', `/api/payments/${payment.id}`, viewer)).json(),
    );
    expect(seen).toMatchObject({ status: 'failed', failureReason: 'declined', rental: null });
    expect((await webhook({ billNumber: 'x' })).status).toBe(400);
  });

  it('an amount or currency that does not match grants nothing and is flagged for an admin', async () => {
    for (const [amount, currency] of [
      [1000, '418'],
      [20000, 'USD'],
    ] as const) {
      const viewer = await anonymousViewer(env.app);
      const payment = await startPayment(env.app, viewer, { movieId: premiumFilm });
      const answer = WebhookAckSchema.parse(
        await (await webhook(paidBill(payment.id, amount, currency))).json(),
      );
      expect(answer.status).toBe('failed');
      expect(await rentalsOf(payment.id)).toBe(0);
      const seen = PaymentSchema.parse(
        await (await json(env.app, 'GET', `/api/payments/${payment.id}`, viewer)).json(),
      );
      expect(seen).toMatchObject({ status: 'failed', failureReason: 'amount_mismatch' });
      const flagged = await json(
        env.app,
        'GET',
        `/api/admin/payments?flagged=true&movieId=${premiumFilm}`,
        env.admin,
      );
      const list = (await flagged.json()) as {
        items: { id: string; flaggedReason: string | null }[];
      };
      expect(list.items.find((item) => item.id === payment.id)?.flaggedReason).toContain(
        String(amount),
      );
    }
  });
});

describe('anonymous rentals on pairing', () => {
  it('move to the account with their payments', async () => {
    const tv = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, tv, {
      movieId: rentalFilm,
      promoCode: await promo({ kind: 'free' }),
    });
    expect(payment.status).toBe('succeeded');
    const viewer = await signIn(env.app, { now: env.clock() });
    const migrated = await json(env.app, 'POST', '/api/users/migrate', viewer.headers, {
      anonymousId: tv['x-anonymous-id'],
    });
    expect(
      ((await migrated.json()) as { migrated: Record<string, number> }).migrated,
    ).toMatchObject({
      rentals: 1,
      payments: 1,
    });
    const mine = RentalListSchema.parse(
      await (await json(env.app, 'GET', '/api/rentals', viewer.headers)).json(),
    );
    expect(mine.active.map((rental) => rental.paymentId)).toEqual([payment.id]);
    const tvNow = RentalListSchema.parse(
      await (await json(env.app, 'GET', '/api/rentals', tv)).json(),
    );
    expect(tvNow.active).toEqual([]);
    expect((await json(env.app, 'GET', `/api/payments/${payment.id}`, viewer.headers)).status).toBe(
      200,
    );
  });
});

describe('who may call the viewer routes', () => {
  it('a caller with no id is refused with 401; a forged anonymous id too', async () => {
    const forged = { 'x-anonymous-id': 'v1.00000000-0000-4000-8000-000000000000.AAAA' };
    for (const headers of [{}, forged]) {
      expect((await price(headers, rentalFilm)).status).toBe(401);
      expect((await json(env.app, 'GET', '/api/rentals', headers)).status).toBe(401);
      expect(
        (await json(env.app, 'POST', '/api/payments', headers, { movieId: rentalFilm })).status,
      ).toBe(401);
      expect(
        (await json(env.app, 'POST', '/api/payments/0123456789ABCDEFGHJK/cancel', headers)).status,
      ).toBe(401);
    }
    // The phone page needs no id: the short code is its key.
    expect((await json(env.app, 'GET', '/api/payments/by-code/BCDFGH')).status).toBe(404);
  });
});
