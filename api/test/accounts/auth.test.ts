import {
  AnonymousIdSchema,
  ProblemSchema,
  SessionSchema,
  UserSchema,
  ViewerSchema,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestApp, manualClock, signIn, type TestApp } from '@lanxang/api/testing';

const DAY = 24 * 3600 * 1000;
const clock = manualClock();
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { clock });
});
afterAll(() => app?.close());

const json = { 'content-type': 'application/json' };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
const problem = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  return ProblemSchema.parse(await response.json());
};
/** The session cookie the API set, as a browser would send it back. */
const cookieFrom = (response: Response) => {
  const header = response.headers
    .getSetCookie()
    .find((value) => value.startsWith('lanxang_session='));
  if (!header) throw new Error(`no session cookie in ${response.status}`);
  return { header, cookie: header.split(';')[0]! };
};
const me = (headers: Record<string, string>) => app.request('/api/auth/me', { headers });

/** A sign-in from another client address (see `requestFrom`). */
const loginFrom = (ip: string, email: string, password: string) =>
  app.requestFrom(ip, '/api/auth/login', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password }),
  });

describe('register, sign in, sign out', () => {
  it('registers with a case-insensitive unique email and signs in with a cookie', async () => {
    const registered = await post('/api/auth/register', {
      email: ' Noy@Example.COM ',
      password: 'mekong-river-2026',
      displayName: 'Noy',
      preferredLocale: 'lo',
    });
    expect(registered.status).toBe(201);
    const session = SessionSchema.parse(await registered.json());
    expect(session.user).toMatchObject({
      email: 'noy@example.com',
      displayName: 'Noy',
      role: 'viewer',
      preferredLocale: 'lo',
    });
    const { header, cookie } = cookieFrom(registered);
    expect(header).toBe(
      `${cookie}; Path=/; Max-Age=${30 * 24 * 3600}; HttpOnly; Secure; SameSite=Lax`,
    );
    expect(JSON.stringify(session)).not.toContain(cookie.split('=')[1]);

    expect(UserSchema.parse(await (await me({ cookie })).json()).email).toBe('noy@example.com');
    expect(
      (
        await problem(
          await post('/api/auth/register', {
            email: 'NOY@example.com',
            password: 'another-password',
            displayName: 'Copy',
          }),
          409,
        )
      ).code,
    ).toBe('conflict');

    const login = await post('/api/auth/login', {
      email: 'nOy@EXAMPLE.com',
      password: 'mekong-river-2026',
    });
    expect(login.status).toBe(200);
    expect((await me({ cookie: cookieFrom(login).cookie })).status).toBe(200);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    await post('/api/auth/register', {
      email: 'keo@example.com',
      password: 'right-password-1',
      displayName: 'Keo',
    });
    const wrong = await problem(
      await post('/api/auth/login', { email: 'keo@example.com', password: 'wrong-password-1' }),
      401,
    );
    const unknown = await problem(
      await post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong-password-1' }),
      401,
    );
    expect(wrong.code).toBe('invalid_credentials');
    expect(unknown.code).toBe('invalid_credentials');
    expect(unknown.detail).toBe(wrong.detail);
  });

  it('validates the form, naming each field', async () => {
    const body = await problem(
      await post('/api/auth/register', {
        email: 'not-an-email',
        password: 'short',
        displayName: '',
      }),
      400,
    );
    expect(body.errors!.map((issue) => issue.field).sort()).toEqual([
      'body.displayName',
      'body.email',
      'body.password',
    ]);
  });

  it('signs out: the cookie stops working at once and is cleared', async () => {
    const login = await post('/api/auth/register', {
      email: 'out@example.com',
      password: 'sign-me-out-please',
      displayName: 'Out',
    });
    const { cookie } = cookieFrom(login);
    const logout = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(
      /^lanxang_session=; Path=\/; Max-Age=0; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect((await problem(await me({ cookie }), 401)).code).toBe('unauthorized');
    // Signing out twice, or with nothing, is fine.
    expect((await app.request('/api/auth/logout', { method: 'POST' })).status).toBe(204);
  });

  it('changes the password and signs out every other session', async () => {
    const { user, password, headers } = await signIn(app, { now: clock() });
    const other = await post('/api/auth/login', { email: user.email, password });
    const otherCookie = cookieFrom(other).cookie;
    expect(
      (
        await problem(
          await post(
            '/api/auth/password',
            { currentPassword: 'not it at all', newPassword: 'a-new-long-password' },
            headers,
          ),
          401,
        )
      ).code,
    ).toBe('invalid_credentials');
    expect(
      (
        await post(
          '/api/auth/password',
          { currentPassword: password, newPassword: 'a-new-long-password' },
          headers,
        )
      ).status,
    ).toBe(204);
    expect((await me(headers)).status).toBe(200);
    expect((await me({ cookie: otherCookie })).status).toBe(401);
    expect((await post('/api/auth/login', { email: user.email, password })).status).toBe(401);
    expect(
      (await post('/api/auth/login', { email: user.email, password: 'a-new-long-password' }))
        .status,
    ).toBe(200);
  });

  it('changes my language and name', async () => {
    const { headers } = await signIn(app, { now: clock() });
    const response = await app.request('/api/auth/me', {
      method: 'PATCH',
      headers: { ...headers, ...json },
      body: JSON.stringify({ preferredLocale: 'lo', displayName: 'ນ້ອຍ' }),
    });
    expect(UserSchema.parse(await response.json())).toMatchObject({
      preferredLocale: 'lo',
      displayName: 'ນ້ອຍ',
    });
  });

  it('refuses the session cookie on a state-changing request from another origin', async () => {
    const { cookie } = cookieFrom(
      await post('/api/auth/register', {
        email: 'csrf@example.com',
        password: 'cross-site-forgery',
        displayName: 'C',
      }),
    );
    const forged = await post(
      '/api/auth/password',
      { currentPassword: 'cross-site-forgery', newPassword: 'stolen-by-attacker' },
      { cookie, origin: 'https://evil.example' },
    );
    expect((await problem(forged, 403)).code).toBe('forbidden');
    expect(
      (await post('/api/auth/login', { email: 'csrf@example.com', password: 'cross-site-forgery' }))
        .status,
    ).toBe(200);
  });

  it('rate-limits sign-in attempts per email from one IP', async () => {
    await post('/api/auth/register', {
      email: 'target@example.com',
      password: 'the-real-password',
      displayName: 'T',
    });
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect(
        (
          await post('/api/auth/login', {
            email: 'target@example.com',
            password: `guess-number-${attempt}`,
          })
        ).status,
      ).toBe(401);
    }
    const limited = await post('/api/auth/login', {
      email: 'target@example.com',
      password: 'the-real-password',
    });
    expect((await problem(limited, 429)).code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(15 * 60 * 1000);
    expect(
      (
        await post('/api/auth/login', {
          email: 'target@example.com',
          password: 'the-real-password',
        })
      ).status,
    ).toBe(200);
  });
});

describe('guessing passwords cannot lock the owner out', () => {
  it('limits an attacker per email and IP, while the admin still signs in from elsewhere', async () => {
    const admin = await signIn(app, { role: 'admin', email: 'boss@example.com' });
    const attacker = '127.0.0.2';
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const guess = await loginFrom(attacker, 'boss@example.com', `guess-${attempt}`);
      expect(guess.status).toBe(attempt <= 10 ? 401 : 429);
    }
    // Even the right password is refused to that pair: it has had its ten tries.
    const blocked = await loginFrom(attacker, 'boss@example.com', admin.password);
    expect((await problem(blocked, 429)).code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await loginFrom('127.0.0.3', 'boss@example.com', admin.password)).status).toBe(200);
  });

  it('slows, rather than stops, sign-ins for an email guessed at from many IPs', async () => {
    const owner = await signIn(app, { email: 'many-ips@example.com' });
    for (const ip of ['127.0.0.5', '127.0.0.6'])
      for (let attempt = 1; attempt <= 6; attempt += 1)
        expect((await loginFrom(ip, 'many-ips@example.com', `guess-${attempt}`)).status).toBe(401);
    // 12 failures across IPs, 2 past the free 10: every further attempt waits 2 × 500 ms.
    const started = performance.now();
    expect((await loginFrom('127.0.0.7', 'many-ips@example.com', owner.password)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('caps one IP spraying passwords across many emails', async () => {
    const sprayer = '127.0.0.4';
    for (let account = 1; account <= 50; account += 1)
      expect((await loginFrom(sprayer, `spray-${account}@example.com`, 'Password1!')).status).toBe(
        401,
      );
    const capped = await loginFrom(sprayer, 'spray-51@example.com', 'Password1!');
    expect((await problem(capped, 429)).code).toBe('rate_limited');
  });
});

describe('sessions expire and slide', () => {
  it('renews a used session for 30 more days, and ends an idle one after 30', async () => {
    const registered = await post('/api/auth/register', {
      email: 'slide@example.com',
      password: 'sliding-session',
      displayName: 'S',
    });
    const { cookie } = cookieFrom(registered);

    const devices = () => app.request('/api/devices', { headers: { cookie } });
    clock.advance(10 * 60 * 1000);
    const soon = await devices();
    expect(soon.status).toBe(200);
    expect(soon.headers.getSetCookie()).toEqual([]); // renewed at most hourly
    // `me` always answers with the cookie as it stands, so the pages can pass it on.
    expect(cookieFrom(await me({ cookie })).header).toContain(
      `Max-Age=${30 * 24 * 3600 - 10 * 60}`,
    );

    clock.advance(20 * DAY);
    const renewed = await devices();
    expect(renewed.status).toBe(200);
    expect(cookieFrom(renewed).header).toContain(`Max-Age=${30 * 24 * 3600}`);
    expect(cookieFrom(await me({ cookie })).header).toContain(`Max-Age=${30 * 24 * 3600}`);

    clock.advance(20 * DAY); // 40 days after sign-in, 20 after the last use
    expect((await me({ cookie })).status).toBe(200);

    clock.advance(30 * DAY + 1000);
    expect((await problem(await me({ cookie }), 401)).detail).toContain('session has ended');
  });

  it('names the cookie __Host-… when the web pages are served over https', () => {
    const base = { DATABASE_URL: 'postgres://x@localhost/x' };
    expect(loadConfig({ ...base, PUBLIC_WEB_URL: 'https://lanxang.la' }).sessionCookieName).toBe(
      '__Host-lanxang_session',
    );
    expect(loadConfig({ ...base, PUBLIC_WEB_URL: 'http://localhost:3000' }).sessionCookieName).toBe(
      'lanxang_session',
    );
  });
});

describe('who may call what', () => {
  it('admin routes refuse anonymous callers (401) and viewers (403), and let admins in', async () => {
    const viewer = await signIn(app, { now: clock() });
    const admin = await signIn(app, { role: 'admin', now: clock() });
    expect((await problem(await app.request('/api/admin/audit'), 401)).code).toBe('unauthorized');
    expect(
      (await problem(await app.request('/api/admin/audit', { headers: viewer.headers }), 403)).code,
    ).toBe('forbidden');
    expect((await app.request('/api/admin/audit', { headers: admin.headers })).status).toBe(200);
    expect(
      (await problem(await me({ authorization: 'Bearer lxs_not-a-real-token' }), 401)).code,
    ).toBe('unauthorized');
  });
});

describe('anonymous viewers', () => {
  it('issues a signed id the TV keeps, renews it, and refuses forged and expired ones', async () => {
    const issued = AnonymousIdSchema.parse(await (await post('/api/anonymous', {})).json());
    expect(new Date(issued.expiresAt).getTime() - clock().getTime()).toBe(90 * DAY);
    const viewer = ViewerSchema.parse(
      await (
        await app.request('/api/viewer', { headers: { 'x-anonymous-id': issued.anonymousId } })
      ).json(),
    );
    expect(viewer.kind).toBe('anonymous');

    const [version, viewerId, expiry, signature] = issued.anonymousId.split('.');
    const forgedExpiry = `${version}.${viewerId}.${Number(expiry) + 3600}.${signature}`;
    const otherViewer = `${version}.${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${expiry}.${signature}`;
    for (const forged of [forgedExpiry, otherViewer, `${issued.anonymousId}x`, 'anon1.garbage']) {
      expect(
        (
          await problem(
            await app.request('/api/viewer', { headers: { 'x-anonymous-id': forged } }),
            401,
          )
        ).detail,
      ).toContain('forged or expired');
    }
    expect((await problem(await app.request('/api/viewer'), 401)).code).toBe('unauthorized');

    clock.advance(60 * DAY);
    const renewed = AnonymousIdSchema.parse(
      await (await post('/api/anonymous', { anonymousId: issued.anonymousId })).json(),
    );
    expect(renewed.anonymousId.split('.')[1]).toBe(viewerId);
    clock.advance(31 * DAY); // 91 days after the first id, 31 after the renewal
    expect(
      (await app.request('/api/viewer', { headers: { 'x-anonymous-id': issued.anonymousId } }))
        .status,
    ).toBe(401);
    expect(
      (await problem(await post('/api/anonymous', { anonymousId: issued.anonymousId }), 401)).code,
    ).toBe('unauthorized');
    const stillViewer = ViewerSchema.parse(
      await (
        await app.request('/api/viewer', { headers: { 'x-anonymous-id': renewed.anonymousId } })
      ).json(),
    );
    expect(stillViewer).toEqual({ kind: 'anonymous', viewerId });
  });

  it('a signed-in caller is the account, not the anonymous viewer', async () => {
    const { user, headers } = await signIn(app, { now: clock() });
    const issued = AnonymousIdSchema.parse(await (await post('/api/anonymous', {})).json());
    const viewer = ViewerSchema.parse(
      await (
        await app.request('/api/viewer', {
          headers: { ...headers, 'x-anonymous-id': issued.anonymousId },
        })
      ).json(),
    );
    expect(viewer).toMatchObject({ kind: 'user', user: { id: user.id } });
  });
});
