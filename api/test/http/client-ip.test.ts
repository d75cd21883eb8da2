import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER } from '../../src/http/client-ip.js';
import { LOGIN_LIMITS } from '../../src/modules/accounts/accounts.js';
import { createTestApp, manualClock, type TestApp } from '@lanxang/api/testing';

const HOUR = 3600 * 1000;
const budget = LOGIN_LIMITS.registrationsPerIp.max;
const clock = manualClock();
let direct: TestApp;
let behindOneProxy: TestApp;
beforeAll(async () => {
  const adminUrl = inject('postgresAdminUrl');
  [direct, behindOneProxy] = await Promise.all([
    createTestApp(adminUrl, { clock }),
    createTestApp(adminUrl, { clock, env: { TRUSTED_PROXY_COUNT: '1' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([direct?.close(), behindOneProxy?.close()]);
});

let made = 0;
/** One sign-up, counted against whatever address the API believes the caller has. */
async function register(
  app: Pick<TestApp, 'request'>,
  headers: Record<string, string>,
): Promise<number> {
  made += 1;
  const response = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      email: `ip-${made}@example.com`,
      password: 'a-long-enough-password',
      displayName: `IP ${made}`,
    }),
  });
  return response.status;
}

/** Uses up the sign-up budget of whichever address `headers` make the caller. */
async function exhaust(
  app: Pick<TestApp, 'request'>,
  headers: (attempt: number) => Record<string, string>,
) {
  for (let attempt = 1; attempt <= budget; attempt += 1) {
    expect(await register(app, headers(attempt))).toBe(201);
  }
}

const fromAdmin = (ip: string) => ({
  [CLIENT_IP_HEADER]: ip,
  [SERVICE_TOKEN_HEADER]: direct.config.http.adminServiceToken,
});

describe('the client address the per-IP limits count against', () => {
  it('ignores a spoofed X-Forwarded-For when no proxy is trusted', async () => {
    clock.advance(2 * HOUR);
    await exhaust(direct, (attempt) => ({ 'x-forwarded-for': `198.51.100.${attempt}` }));
    expect(await register(direct, { 'x-forwarded-for': '198.51.100.200' })).toBe(429);
  });

  it('ignores it in production mode too, where proxies used to be trusted wholesale', async () => {
    clock.advance(2 * HOUR);
    const production = createApp({
      ...direct.services,
      config: { ...direct.config, env: 'production' },
    });
    const server = createServer(production.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const app = { request: (path: string, init?: RequestInit) => fetch(`${url}${path}`, init) };
    try {
      await exhaust(app, (attempt) => ({ 'x-forwarded-for': `198.51.100.${attempt}` }));
      expect(await register(app, { 'x-forwarded-for': '198.51.100.200' })).toBe(429);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reads X-Forwarded-For exactly one hop deep behind one trusted proxy', async () => {
    clock.advance(2 * HOUR);
    // The proxy appends the address it saw; what the client wrote before it is not believed.
    await exhaust(behindOneProxy, (attempt) => ({
      'x-forwarded-for': `10.9.9.${attempt}, 203.0.113.7`,
    }));
    expect(await register(behindOneProxy, { 'x-forwarded-for': '10.9.9.99, 203.0.113.7' })).toBe(
      429,
    );
    expect(await register(behindOneProxy, { 'x-forwarded-for': '10.9.9.1, 203.0.113.8' })).toBe(
      201,
    );
  });

  it('ignores the client-IP header without the admin service credential', async () => {
    clock.advance(2 * HOUR);
    await exhaust(direct, (attempt) => ({ [CLIENT_IP_HEADER]: `192.0.2.${attempt}` }));
    expect(await register(direct, { [CLIENT_IP_HEADER]: '192.0.2.200' })).toBe(429);
    expect(
      await register(direct, {
        [CLIENT_IP_HEADER]: '192.0.2.201',
        [SERVICE_TOKEN_HEADER]: 'not-the-admin-service-token-at-all-0123',
      }),
    ).toBe(429);
  });

  it('gives each viewer the admin vouches for a budget of their own', async () => {
    clock.advance(2 * HOUR);
    await exhaust(direct, () => fromAdmin('192.0.2.10'));
    expect(await register(direct, fromAdmin('192.0.2.10'))).toBe(429);
    expect(await register(direct, fromAdmin('2001:db8::11'))).toBe(201);
    // The admin server itself still has its own budget: the viewers did not use it up.
    expect(await register(direct, {})).toBe(201);
  });
});
