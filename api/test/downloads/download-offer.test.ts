import { createHmac } from 'node:crypto';
import { DownloadOfferSchema, licensePayload } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  anonymousViewer,
  json,
  movieId,
  problem,
  rentalTestApp,
  startPayment,
  type RentalTestApp,
} from '../support/rentals.js';

let env: RentalTestApp;
beforeAll(async () => {
  env = await rentalTestApp(inject('postgresAdminUrl'));
}, 60_000);
afterAll(() => env?.close());

const DAY_MS = 86_400_000;

async function offer(slug: string, viewer: Record<string, string>) {
  const response = await json(env.app, 'POST', `/api/movies/${slug}/download`, viewer);
  expect(response.status, await response.clone().text()).toBe(200);
  return DownloadOfferSchema.parse(await response.json());
}

async function rent(viewer: Record<string, string>, slug: string) {
  const payment = await startPayment(env.app, viewer, {
    movieId: await movieId(env.app, slug),
    provider: 'manual',
  });
  const paid = await json(
    env.app,
    'POST',
    `/api/admin/payments/${payment.id}/mark-paid`,
    env.admin,
  );
  expect(paid.status).toBe(200);
}

describe('POST /api/movies/:idOrSlug/download', () => {
  it('a free film: every rung with exact sizes, files fetchable with the token, a 30-day license', async () => {
    const tv = await anonymousViewer(env.app);
    const body = await offer('the-rivers-daughter', tv);
    expect(body.rungs.map((rung) => rung.height)).toEqual([720, 480, 360]);
    expect(body.license.rentalEndsAt).toBeNull();
    const issued = Date.parse(body.license.serverTime);
    expect(Math.abs(issued - env.clock().getTime())).toBeLessThan(1000);
    expect(Date.parse(body.license.renewBy) - issued).toBe(30 * DAY_MS);
    expect(body.license.owner).toMatch(/^a:/);
    // Long enough to fetch a whole film on a slow line.
    expect(Date.parse(body.tokenExpiresAt) - issued).toBeGreaterThanOrEqual(3_600_000);

    const smallest = body.rungs.at(-1)!;
    const files = [...body.common, ...smallest.files];
    expect(files.some((file) => file.key.endsWith('.m4s'))).toBe(true);
    expect(smallest.files.every((file) => file.key.includes('/360p/'))).toBe(true);
    expect(smallest.bytes).toBe(files.reduce((sum, file) => sum + file.bytes, 0));
    for (const file of files) {
      const response = await fetch(`${body.baseUrl}${file.key}`);
      expect(response.status, file.key).toBe(200);
      expect((await response.arrayBuffer()).byteLength, file.key).toBe(file.bytes);
    }

    const expected = createHmac(
      'sha256',
      createHmac('sha256', env.app.config.media.tokenSecret)
        .update('lanxang download license')
        .digest(),
    )
      .update(licensePayload(body.license))
      .digest('base64url');
    expect(body.signature).toBe(expected);
  });

  it('a rental film: 402 like playback without a rental; with one, the license ends with it', async () => {
    const tv = await anonymousViewer(env.app);
    const refused = await json(env.app, 'POST', '/api/movies/monsoon-letters/download', tv);
    expect((await problem(refused, 402)).code).toBe('rental_required');

    await rent(tv, 'monsoon-letters');
    const body = await offer('monsoon-letters', tv);
    const end = Date.parse(body.license.rentalEndsAt!);
    expect(end - env.clock().getTime()).toBeGreaterThan(23 * 3_600_000);
    expect(body.license.renewBy).toBe(body.license.rentalEndsAt);
    expect(Date.parse(body.tokenExpiresAt)).toBeLessThanOrEqual(end);

    // Only the renter: another TV is refused.
    const other = await anonymousViewer(env.app);
    const theirs = await json(env.app, 'POST', '/api/movies/monsoon-letters/download', other);
    expect((await problem(theirs, 402)).code).toBe('rental_required');

    // After the rental window, no more downloads.
    env.clock.advance(25 * 3_600_000);
    const late = await json(env.app, 'POST', '/api/movies/monsoon-letters/download', tv);
    expect((await problem(late, 402)).code).toBe('rental_required');
  });

  it('an unknown film is a 404 problem', async () => {
    const tv = await anonymousViewer(env.app);
    const missing = await json(env.app, 'POST', '/api/movies/no-such-film/download', tv);
    expect((await problem(missing, 404)).code).toBe('not_found');
  });
});
