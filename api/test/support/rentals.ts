import { randomUUID } from 'node:crypto';
import { AnonymousIdSchema, PaymentSchema, ProblemSchema, type Payment } from '@lanxang/contracts';
import {
  createTestApp,
  manualClock,
  signIn,
  TEST_LAOQR_WEBHOOK_SECRET,
  type TestApp,
} from '@lanxang/api/testing';
import { startStandInBank, type StandInBank } from '@lanxang/api/stand-ins/bank';
import { expect } from 'vitest';

export interface RentalTestApp {
  app: TestApp;
  bank: StandInBank;
  clock: ReturnType<typeof manualClock>;
  admin: { authorization: string };
  close(): Promise<void>;
}

/**
 * The demo catalog (Monsoon Letters rents for 15,000 kip on a tier, The River's Daughter is free)
 * behind the real app, with the stand-in LAO QR bank wired both ways.
 */
export async function rentalTestApp(
  adminUrl: string,
  { clock = manualClock(new Date()) }: { clock?: ReturnType<typeof manualClock> } = {},
): Promise<RentalTestApp> {
  const bank = await startStandInBank({ webhookSecret: TEST_LAOQR_WEBHOOK_SECRET, now: clock });
  const app = await createTestApp(adminUrl, {
    template: 'demo',
    clock,
    env: { LAOQR_BASE_URL: bank.baseUrl, PUBLIC_WEB_URL: 'https://watch.lanxang.test' },
  });
  bank.webhookUrl = `${app.url}/api/webhooks/laoqr`;
  const { headers } = await signIn(app, { role: 'admin', now: clock() });
  return {
    app,
    bank,
    clock,
    admin: headers,
    async close() {
      await app.close();
      await bank.close();
    },
  };
}

export const json = (
  app: TestApp,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) =>
  app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** A TV that has not paired: its signed anonymous id as a header. */
export async function anonymousViewer(app: TestApp): Promise<Record<string, string>> {
  const response = await json(app, 'POST', '/api/anonymous', {}, {});
  const { anonymousId } = AnonymousIdSchema.parse(await response.json());
  return { 'x-anonymous-id': anonymousId };
}

export async function startPayment(
  app: TestApp,
  viewer: Record<string, string>,
  body: { movieId: number; promoCode?: string; provider?: 'laoqr' | 'manual' },
): Promise<Payment> {
  const response = await json(app, 'POST', '/api/payments', viewer, body);
  expect(response.status, await response.clone().text()).toBe(201);
  return PaymentSchema.parse(await response.json());
}

export async function movieId(app: TestApp, slug: string): Promise<number> {
  const [row] = await app.db.sql<{ id: number }>(`select id from movies where slug = $1`, [slug]);
  return row!.id;
}

export const uniqueCode = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();

/** The problem+json of a refusal with `status` (the body is shown when the status differs). */
export async function problem(response: Response, status: number) {
  expect(response.status, await response.clone().text()).toBe(status);
  return ProblemSchema.parse(await response.json());
}
