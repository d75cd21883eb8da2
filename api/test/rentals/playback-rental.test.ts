import { PaymentSchema, PlaybackSchema, ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseLaoQr } from '../../src/modules/rentals/lao-qr.js';
import {
  anonymousViewer,
  json,
  movieId,
  rentalTestApp,
  startPayment,
  type RentalTestApp,
} from '../support/rentals.js';

let env: RentalTestApp;
beforeAll(async () => {
  env = await rentalTestApp(inject('postgresAdminUrl'));
}, 60_000);
afterAll(() => env?.close());

describe('renting a film end to end', () => {
  it('402 with the price, paid by LAO QR at the stand-in bank, then signed URLs that play', async () => {
    const { app, bank } = env;
    const film = await movieId(app, 'monsoon-letters');
    const tv = await anonymousViewer(app);

    const refused = await json(app, 'GET', '/api/movies/monsoon-letters/playback', tv);
    expect(refused.status).toBe(402);
    const problem = ProblemSchema.parse(await refused.json());
    expect(problem.code).toBe('rental_required');
    expect(problem.price).toEqual({ amount: 15000, currency: 'LAK', rentalHours: 24 });

    const payment = await startPayment(app, tv, { movieId: film });
    const qr = parseLaoQr(payment.qrPayload!);
    expect(qr.amount).toBe(problem.price!.amount);
    const waiting = json(
      app,
      'GET',
      `/api/payments/${payment.id}?waitSeconds=10&version=${payment.version}`,
      tv,
    );
    // The bank's page button does this: mark the bill paid, then call our webhook, signed.
    expect(await bank.pay(qr.billNumber!)).toBe(200);
    expect(PaymentSchema.parse(await (await waiting).json()).status).toBe('succeeded');

    const playback = PlaybackSchema.parse(
      await (await json(app, 'GET', '/api/movies/monsoon-letters/playback', tv)).json(),
    );
    expect(playback.masterUrl).toMatch(/\/media\/t\/[^/]+\//);
    const master = await fetch(playback.masterUrl);
    expect(master.status).toBe(200);
    expect(await master.text()).toContain('#EXTM3U');
    // Another TV still has to rent it.
    const other = await anonymousViewer(app);
    expect((await json(app, 'GET', '/api/movies/monsoon-letters/playback', other)).status).toBe(
      402,
    );
  });
});
