import {
  AdminPaymentListSchema,
  AdminPaymentSchema,
  AuditListSchema,
  MovieDetailsSchema,
  PricingTierListSchema,
  PricingTierSchema,
  PromoCodeListSchema,
  PromoCodeSchema,
  RentalListSchema,
  RevenueSchema,
  routes,
} from '@lanxang/contracts';
import { signIn } from '@lanxang/api/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
let film: number;
let freeFilm: number;

beforeAll(async () => {
  env = await rentalTestApp(inject('postgresAdminUrl'));
  film = await movieId(env.app, 'monsoon-letters');
  freeFilm = await movieId(env.app, 'night-market');
});
afterAll(() => env?.close());

const admin = (method: string, path: string, body?: unknown) =>
  json(env.app, method, path, env.admin, body);
async function ok<T>(response: Response, schema: { parse(value: unknown): T }, status = 200) {
  expect(response.status, await response.clone().text()).toBe(status);
  return schema.parse(await response.json());
}
async function audit(entityType: string, entityId: string | number) {
  const list = await ok(
    await admin('GET', `/api/admin/audit?entityType=${entityType}&entityId=${entityId}`),
    AuditListSchema,
  );
  return list.items.map((item) => item.action).sort();
}

const adminRoutes = Object.values(routes).filter(
  (spec) => spec.access === 'admin' && spec.tag === 'admin-rentals',
);
const concrete = (path: string) =>
  path.replace('{id}', path.includes('payments') ? '0123456789ABCDEFGHJK' : '1');

describe('who may call', () => {
  it('only admins: a viewer gets 403 and a stranger 401 on every admin rentals route', async () => {
    expect(adminRoutes.length).toBe(13);
    const viewer = await signIn(env.app, { now: env.clock() });
    for (const spec of adminRoutes) {
      const body = spec.method === 'get' ? undefined : {};
      expect(
        (await json(env.app, spec.method.toUpperCase(), concrete(spec.path), viewer.headers, body))
          .status,
        spec.path,
      ).toBe(403);
      expect(
        (await json(env.app, spec.method.toUpperCase(), concrete(spec.path), {}, body)).status,
        spec.path,
      ).toBe(401);
    }
  });
});

describe('price tiers', () => {
  it('are created, changed (their films’ prices follow), set on a film and deactivated, each audited', async () => {
    const tier = await ok(
      await admin('POST', '/api/admin/pricing-tiers', {
        name: { en: 'New release', lo: 'ໜັງໃໝ່' },
        priceLak: 25000,
        rentalHours: 48,
      }),
      PricingTierSchema,
      201,
    );
    expect(tier).toMatchObject({ priceLak: 25000, rentalHours: 48, active: true, movieCount: 0 });

    const saved = await ok(
      await admin('PATCH', `/api/admin/movies/${freeFilm}`, { pricingTierId: tier.id }),
      MovieDetailsSchema,
    );
    expect(saved).toMatchObject({
      pricingTierId: tier.id,
      rentalRequired: true,
      price: { amount: 25000, currency: 'LAK' },
    });
    const viewer = await anonymousViewer(env.app);
    const price = await json(env.app, 'GET', `/api/movies/${freeFilm}/price`, viewer);
    expect(await price.json()).toMatchObject({ amount: 25000, rentalHours: 48 });

    const changed = await ok(
      await admin('PATCH', `/api/admin/pricing-tiers/${tier.id}`, { priceLak: 30000 }),
      PricingTierSchema,
    );
    expect(changed).toMatchObject({ priceLak: 30000, movieCount: 1 });
    const details = await ok(await env.app.request(`/api/movies/${freeFilm}`), MovieDetailsSchema);
    expect(details.price).toEqual({ amount: 30000, currency: 'LAK' });

    const off = await ok(
      await admin('POST', `/api/admin/pricing-tiers/${tier.id}/deactivate`),
      PricingTierSchema,
    );
    expect(off.active).toBe(false);
    const list = await ok(await admin('GET', '/api/admin/pricing-tiers'), PricingTierListSchema);
    expect(list.items.find((item) => item.id === tier.id)?.active).toBe(false);
    expect(await audit('pricing_tier', tier.id)).toEqual([
      'pricing_tier.create',
      'pricing_tier.deactivate',
      'pricing_tier.update',
    ]);

    // Its films keep it (a re-save sends it back); no other film joins it.
    expect(
      (await admin('PATCH', `/api/admin/movies/${freeFilm}`, { pricingTierId: tier.id })).status,
    ).toBe(200);
    expect(
      (
        await problem(
          await admin('PATCH', `/api/admin/movies/${film}`, { pricingTierId: tier.id }),
          409,
        )
      ).code,
    ).toBe('conflict');

    // Back to free: no tier, nothing to rent.
    const free = await ok(
      await admin('PATCH', `/api/admin/movies/${freeFilm}`, { pricingTierId: null }),
      MovieDetailsSchema,
    );
    expect(free).toMatchObject({ pricingTierId: null, rentalRequired: false, price: null });
    expect((await json(env.app, 'GET', `/api/movies/${freeFilm}/price`, viewer)).status).toBe(409);
    const movieAudit = await ok(
      await admin('GET', `/api/admin/audit?entityType=movie&entityId=${freeFilm}`),
      AuditListSchema,
    );
    expect(movieAudit.items[0]?.after?.pricingTierId).toBeNull();
    expect(movieAudit.items[1]?.after?.pricingTierId).toBe(tier.id);
  });

  it('refuses bad input with typed problems', async () => {
    expect(
      (
        await problem(
          await admin('POST', '/api/admin/pricing-tiers', { name: { lo: 'x' }, priceLak: 1 }),
          400,
        )
      ).code,
    ).toBe('validation_failed');
    expect(
      (
        await problem(
          await admin('POST', '/api/admin/pricing-tiers', { name: { en: 'x' }, priceLak: -5 }),
          400,
        )
      ).code,
    ).toBe('validation_failed');
    expect(
      (await problem(await admin('PATCH', '/api/admin/pricing-tiers/999999', { priceLak: 5 }), 404))
        .code,
    ).toBe('not_found');
    expect(
      (
        await problem(
          await admin('PATCH', `/api/admin/movies/${film}`, { pricingTierId: 999999 }),
          400,
        )
      ).errors?.[0]?.field,
    ).toBe('body.pricingTierId');
  });
});

describe('promo codes', () => {
  it('are created (unique, upper-cased), changed, deactivated, listed with uses, each audited', async () => {
    const code = uniqueCode('launch');
    const made = await ok(
      await admin('POST', '/api/admin/promo-codes', {
        code: code.toLowerCase(),
        kind: 'percent',
        value: 10,
        maxUses: 5,
        movieId: film,
      }),
      PromoCodeSchema,
      201,
    );
    expect(made).toMatchObject({
      code,
      kind: 'percent',
      value: 10,
      maxUses: 5,
      uses: 0,
      movieId: film,
      active: true,
    });
    expect(
      (await problem(await admin('POST', '/api/admin/promo-codes', { code, kind: 'free' }), 409))
        .code,
    ).toBe('conflict');
    expect(
      (
        await problem(
          await admin('POST', '/api/admin/promo-codes', {
            code: uniqueCode('x'),
            kind: 'percent',
            value: 150,
          }),
          400,
        )
      ).code,
    ).toBe('validation_failed');
    expect(
      (
        await problem(
          await admin('POST', '/api/admin/promo-codes', {
            code: uniqueCode('x'),
            kind: 'free',
            validFrom: '2027-01-02T00:00:00Z',
            validUntil: '2027-01-01T00:00:00Z',
          }),
          400,
        )
      ).errors?.[0]?.field,
    ).toBe('body.validUntil');
    expect(
      (
        await problem(
          await admin('POST', '/api/admin/promo-codes', {
            code: uniqueCode('x'),
            kind: 'free',
            movieId: 999999,
          }),
          400,
        )
      ).code,
    ).toBe('validation_failed');

    const changed = await ok(
      await admin('PATCH', `/api/admin/promo-codes/${made.id}`, { value: 30, maxUses: null }),
      PromoCodeSchema,
    );
    expect(changed).toMatchObject({ value: 30, maxUses: null });
    const off = await ok(
      await admin('POST', `/api/admin/promo-codes/${made.id}/deactivate`),
      PromoCodeSchema,
    );
    expect(off.active).toBe(false);
    const list = await ok(await admin('GET', '/api/admin/promo-codes'), PromoCodeListSchema);
    expect(list.items.find((item) => item.code === code)?.active).toBe(false);
    expect(await audit('promo_code', made.id)).toEqual([
      'promo_code.create',
      'promo_code.deactivate',
      'promo_code.update',
    ]);
  });
});

describe('payments', () => {
  it('a manual payment is marked paid by an admin; a QR one cannot be', async () => {
    const viewer = await anonymousViewer(env.app);
    const manual = await startPayment(env.app, viewer, { movieId: film, provider: 'manual' });
    expect(manual).toMatchObject({ provider: 'manual', status: 'pending', qrPayload: null });
    const paid = await ok(
      await admin('POST', `/api/admin/payments/${manual.id}/mark-paid`),
      AdminPaymentSchema,
    );
    expect(paid.status).toBe('succeeded');
    expect(paid.rental).not.toBeNull();
    expect(
      (await problem(await admin('POST', `/api/admin/payments/${manual.id}/mark-paid`), 409)).code,
    ).toBe('payment_not_pending');

    const other = await anonymousViewer(env.app);
    const qr = await startPayment(env.app, other, { movieId: film });
    expect(
      (await problem(await admin('POST', `/api/admin/payments/${qr.id}/mark-paid`), 409)).code,
    ).toBe('payment_not_manual');
    expect(
      (
        await problem(
          await admin('POST', '/api/admin/payments/0123456789ABCDEFGHJK/mark-paid'),
          404,
        )
      ).code,
    ).toBe('not_found');
    expect(await audit('payment', manual.id)).toEqual(['payment.mark_paid']);
  });

  it('a refund ends the rental at once: the TV lists it as past and playback asks to rent again', async () => {
    const viewer = await anonymousViewer(env.app);
    const payment = await startPayment(env.app, viewer, { movieId: film });
    await env.bank.pay(payment.id);
    expect(
      (await json(env.app, 'GET', '/api/movies/monsoon-letters/playback', viewer)).status,
    ).toBe(200);
    const refunded = await ok(
      await admin('POST', `/api/admin/payments/${payment.id}/refund`, { reason: 'wrong film' }),
      AdminPaymentSchema,
    );
    expect(refunded).toMatchObject({ status: 'refunded', rental: { endedBy: 'refund' } });
    expect(refunded.refundedAt).not.toBeNull();
    const rentals = RentalListSchema.parse(
      await (await json(env.app, 'GET', '/api/rentals', viewer)).json(),
    );
    expect(rentals.active).toEqual([]);
    expect(rentals.past[0]).toMatchObject({
      paymentId: payment.id,
      endedBy: 'refund',
      secondsLeft: 0,
    });
    expect(
      (await json(env.app, 'GET', '/api/movies/monsoon-letters/playback', viewer)).status,
    ).toBe(402);
    expect(
      (await problem(await admin('POST', `/api/admin/payments/${payment.id}/refund`, {}), 409))
        .code,
    ).toBe('payment_not_refundable');
    expect(await audit('payment', payment.id)).toEqual(['payment.refund']);
  });

  it('are listed newest first, filtered by status, provider, film and day, paged; revenue counts succeeded ones', async () => {
    const viewer = await anonymousViewer(env.app);
    const paid = await startPayment(env.app, viewer, { movieId: film, provider: 'manual' });
    await admin('POST', `/api/admin/payments/${paid.id}/mark-paid`);
    const list = async (query: string) =>
      ok(await admin('GET', `/api/admin/payments?${query}`), AdminPaymentListSchema);

    const all = await list('pageSize=100');
    expect(all.total).toBeGreaterThanOrEqual(3);
    const created = all.items.map((item) => item.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(
      (await list('status=succeeded&pageSize=100')).items.every(
        (item) => item.status === 'succeeded',
      ),
    ).toBe(true);
    expect(
      (await list('provider=manual&pageSize=100')).items.every(
        (item) => item.provider === 'manual',
      ),
    ).toBe(true);
    expect((await list(`movieId=${freeFilm}`)).total).toBe(0);
    const today = env.clock().toISOString().slice(0, 10);
    expect((await list(`from=${today}&to=${today}&pageSize=100`)).total).toBe(all.total);
    expect((await list('from=2001-01-01&to=2001-01-02')).total).toBe(0);
    const paged = await list('pageSize=1&page=2');
    expect(paged.items.map((item) => item.id)).toEqual([all.items[1]!.id]);
    expect(paged.items[0]!.movieTitle.en).toBeTruthy();
    expect((await problem(await admin('GET', '/api/admin/payments?status=paid'), 400)).code).toBe(
      'validation_failed',
    );

    const revenue = await ok(
      await admin('GET', `/api/admin/revenue?from=${today}&to=${today}`),
      RevenueSchema,
    );
    const succeeded = (await list('status=succeeded&pageSize=100')).items;
    const expected = succeeded.reduce((sum, item) => sum + item.amount, 0);
    expect(revenue).toMatchObject({ currency: 'LAK', total: expected, count: succeeded.length });
    expect(revenue.days).toEqual([{ date: today, amount: expected, count: succeeded.length }]);
    expect(revenue.movies.find((movie) => movie.movieId === film)?.amount).toBe(expected);
    const month = await ok(await admin('GET', '/api/admin/revenue'), RevenueSchema);
    expect(month.days).toHaveLength(30);
  });
});
