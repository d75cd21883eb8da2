import { createHash } from 'node:crypto';
import {
  AnonymousIdSchema,
  DeviceApprovalSchema,
  DeviceAuthorizationResponseSchema,
  DeviceListSchema,
  DeviceRequestSchema,
  MigrateResultSchema,
  OAuthErrorSchema,
  ProblemSchema,
  TokenResponseSchema,
  UserSchema,
  type DeviceAuthorizationResponse,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DeviceAuthorization } from '../../src/modules/accounts/device-authorization.entity.js';
import { createTestApp, manualClock, signIn, type TestApp } from '@lanxang/api/testing';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const TV_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) Chromium/156 LanxangTV/1.0';
const clock = manualClock();
let app: TestApp;

/**
 * Two modules that keep per-viewer records, as rentals and watch progress will: each moves an
 * anonymous viewer's records to the account in the migration, and reports how many it moved.
 * Progress keeps, per film, the most recently updated record.
 */
const rentals = new Map<string, { owner: string; movieId: number }>();
const progress = new Map<
  string,
  { owner: string; movieId: number; seconds: number; updatedAt: number }
>();
const owner = { anonymous: (id: string) => `anonymous:${id}`, user: (id: number) => `user:${id}` };

beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), {
    clock,
    env: { PUBLIC_WEB_URL: 'https://watch.lanxang.test' },
  });
  app.ownership.register('rentals', async (_em, { anonymousViewerId, userId }) => {
    let moved = 0;
    for (const rental of rentals.values()) {
      if (rental.owner !== owner.anonymous(anonymousViewerId)) continue;
      rental.owner = owner.user(userId);
      moved += 1;
    }
    return moved;
  });
  app.ownership.register('progress', async (_em, { anonymousViewerId, userId }) => {
    let moved = 0;
    for (const [key, record] of [...progress]) {
      if (record.owner !== owner.anonymous(anonymousViewerId)) continue;
      const mine = [...progress].find(
        ([, other]) => other.owner === owner.user(userId) && other.movieId === record.movieId,
      );
      moved += 1;
      if (mine && mine[1].updatedAt >= record.updatedAt) {
        progress.delete(key);
        continue;
      }
      if (mine) progress.delete(mine[0]);
      record.owner = owner.user(userId);
    }
    return moved;
  });
});
afterAll(() => app?.close());

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': TV_USER_AGENT,
      ...headers,
    },
    body: new URLSearchParams(fields),
  });
const json = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function askToPair(
  headers: Record<string, string> = {},
): Promise<DeviceAuthorizationResponse> {
  const response = await form('/oauth/device_authorization', { client_id: 'lanxang-tv' }, headers);
  expect(response.status).toBe(200);
  return DeviceAuthorizationResponseSchema.parse(await response.json());
}
const poll = (deviceCode: string) =>
  form('/oauth/token', {
    grant_type: DEVICE_GRANT,
    device_code: deviceCode,
    client_id: 'lanxang-tv',
  });
async function oauthError(response: Response, status = 400) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return OAuthErrorSchema.parse(await response.json()).error;
}
const problem = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  return ProblemSchema.parse(await response.json());
};
/** Waits out the interval on the test clock, as a well-behaved TV would. */
const waitInterval = (seconds: number) => clock.advance(seconds * 1000);

describe('device authorization request (RFC 8628 §3.1–3.2)', () => {
  it('answers codes, URIs, lifetime and interval; stores only a hash of the device code', async () => {
    const response = await form('/oauth/device_authorization', { client_id: 'lanxang-tv' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pairing = DeviceAuthorizationResponseSchema.parse(await response.json());
    expect(pairing.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(pairing).toMatchObject({
      verification_uri: 'https://watch.lanxang.test/activate',
      verification_uri_complete: `https://watch.lanxang.test/activate?code=${pairing.user_code}`,
      expires_in: 600,
      interval: 5,
    });
    // 256 random bits behind a prefix: well over the 128 the issue asks for.
    const random = pairing.device_code.replace(/^lxd_/, '');
    expect(Buffer.from(random, 'base64url').length * 8).toBeGreaterThanOrEqual(256);
    const stored = await app.db.em
      .fork()
      .findOneOrFail(DeviceAuthorization, { userCode: pairing.user_code.replace('-', '') });
    expect(stored.deviceCodeHash).toBe(
      createHash('sha256').update(pairing.device_code).digest('hex'),
    );
    expect(JSON.stringify(stored)).not.toContain(random);
  });

  it('refuses a missing or unknown client and a JSON body, as RFC 6749 §5.2 says', async () => {
    expect(await oauthError(await form('/oauth/device_authorization', {}))).toBe('invalid_request');
    expect(
      await oauthError(
        await form('/oauth/device_authorization', { client_id: 'someone-else' }),
        401,
      ),
    ).toBe('invalid_client');
    const asJson = await app.request('/oauth/device_authorization', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":"lanxang-tv"}',
    });
    expect(await oauthError(asJson)).toBe('invalid_request');
  });
});

describe('device authorization requests cannot fill the database', () => {
  const askFrom = (ip: string) =>
    app.requestFrom(ip, '/oauth/device_authorization', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=lanxang-tv',
    });
  /** A 429 the RFC 8628 way: an OAuth `slow_down` error, and when to come back. */
  async function slowDown(response: Response) {
    expect(await oauthError(response, 429)).toBe('slow_down');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    return retryAfter;
  }
  const hour = 3600 * 1000;

  it('caps the codes one IP has pending, and its requests per hour', async () => {
    clock.advance(hour - (clock().getTime() % hour)); // the start of an hour's window
    const ip = '127.0.0.8';
    for (let code = 1; code <= 20; code += 1) expect((await askFrom(ip)).status).toBe(200);
    // Twenty codes waiting: the next is refused until the oldest expires.
    expect(await slowDown(await askFrom(ip))).toBeLessThanOrEqual(600);
    expect((await askFrom('127.0.0.9')).status).toBe(200);

    clock.advance(600 * 1000);
    for (let code = 1; code <= 20; code += 1) expect((await askFrom(ip)).status).toBe(200);
    clock.advance(600 * 1000);
    for (let code = 1; code <= 19; code += 1) expect((await askFrom(ip)).status).toBe(200);
    // 60 requests this hour (the refused one counts too), though only 19 codes are pending.
    await slowDown(await askFrom(ip));
  });

  it('caps pending codes everywhere, and sweeps expired ones within minutes', async () => {
    const connection = app.db.em.fork().getConnection();
    // User codes of digits, which real codes never contain.
    const flood = (await connection.execute(
      `insert into device_authorizations
         (client_id, device_code_hash, user_code, status, expires_at, interval, created_at)
       select 'lanxang-tv', md5('a' || i) || md5('b' || i), lpad(i::text, 8, '0'),
              'pending', ?, 5, ?
       from generate_series(1, 10000) as i`,
      [new Date(clock().getTime() + 600 * 1000), clock()],
      'run',
    )) as { affectedRows: number };
    expect(flood.affectedRows).toBe(10000);
    await slowDown(await askFrom('127.0.0.10'));

    clock.advance(600 * 1000); // the flood expires: new codes are handed out again
    expect((await askFrom('127.0.0.10')).status).toBe(200);
    const left = async () =>
      (
        (await connection.execute(
          `select count(*)::int as n from device_authorizations where user_code ~ '^[0-9]+$'`,
        )) as { n: number }[]
      )[0]!.n;
    expect(await left()).toBe(10000); // still answered as expired, not unknown, for a while
    clock.advance(601 * 1000); // 10 minutes past expiry: gone
    expect((await askFrom('127.0.0.10')).status).toBe(200);
    expect(await left()).toBe(0);
  });
});

describe('device access token request (RFC 8628 §3.4–3.5)', () => {
  it('answers pending, slows a fast poller down by 5 s each time, then gives tokens once', async () => {
    const viewer = await signIn(app, { now: clock() });
    const pairing = await askToPair();
    expect(await oauthError(await poll(pairing.device_code))).toBe('authorization_pending');
    expect(await oauthError(await poll(pairing.device_code))).toBe('slow_down'); // interval now 10 s
    waitInterval(6);
    expect(await oauthError(await poll(pairing.device_code))).toBe('slow_down'); // 6 < 10; now 15 s
    waitInterval(15);
    expect(await oauthError(await poll(pairing.device_code))).toBe('authorization_pending');

    const typed = pairing.user_code.toLowerCase().replace('-', ' ');
    const approval = DeviceApprovalSchema.parse(
      await (
        await json('POST', '/api/devices/approve', viewer.headers, { userCode: typed })
      ).json(),
    );
    expect(approval.device).toMatchObject({
      clientId: 'lanxang-tv',
      clientName: 'Lanxang TV',
      userAgent: TV_USER_AGENT,
    });
    expect(approval.migrated).toEqual({ watchProgress: 0, rentals: 0, progress: 0 });

    waitInterval(15);
    const granted = await poll(pairing.device_code);
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    expect(granted.headers.get('pragma')).toBe('no-cache');
    const tokens = TokenResponseSchema.parse(await granted.json());
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const me = await app.request('/api/auth/me', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(UserSchema.parse(await me.json()).id).toBe(viewer.user.id);

    waitInterval(15);
    expect(await oauthError(await poll(pairing.device_code))).toBe('invalid_grant');
    expect(
      (
        await problem(
          await json('POST', '/api/devices/approve', viewer.headers, {
            userCode: pairing.user_code,
          }),
          409,
        )
      ).code,
    ).toBe('code_used');
  });

  it('answers access_denied when the viewer refuses', async () => {
    const viewer = await signIn(app, { now: clock() });
    const pairing = await askToPair();
    expect(
      (await json('POST', '/api/devices/deny', viewer.headers, { userCode: pairing.user_code }))
        .status,
    ).toBe(204);
    expect(await oauthError(await poll(pairing.device_code))).toBe('access_denied');
    expect(
      (
        await problem(
          await json('POST', '/api/devices/approve', viewer.headers, {
            userCode: pairing.user_code,
          }),
          409,
        )
      ).code,
    ).toBe('code_used');
  });

  it('answers expired_token after 10 minutes, and the code can no longer be entered', async () => {
    const viewer = await signIn(app, { now: clock() });
    const pairing = await askToPair();
    clock.advance(600 * 1000);
    expect(await oauthError(await poll(pairing.device_code))).toBe('expired_token');
    expect(
      (
        await problem(
          await json('POST', '/api/devices/approve', viewer.headers, {
            userCode: pairing.user_code,
          }),
          410,
        )
      ).code,
    ).toBe('code_expired');
  });

  it('answers invalid_grant for an unknown code and invalid_client for a wrong client', async () => {
    expect(await oauthError(await poll('lxd_made-up'))).toBe('invalid_grant');
    const pairing = await askToPair();
    const wrongClient = await form('/oauth/token', {
      grant_type: DEVICE_GRANT,
      device_code: pairing.device_code,
      client_id: 'other',
    });
    expect(await oauthError(wrongClient, 401)).toBe('invalid_client');
    expect(
      await oauthError(
        await form('/oauth/token', { grant_type: 'password', client_id: 'lanxang-tv' }),
      ),
    ).toBe('unsupported_grant_type');
    expect(await oauthError(await form('/oauth/token', { client_id: 'lanxang-tv' }))).toBe(
      'invalid_request',
    );
    expect(
      await oauthError(
        await form('/oauth/token', { grant_type: DEVICE_GRANT, client_id: 'lanxang-tv' }),
      ),
    ).toBe('invalid_request');
  });
});

/** Pairs a TV with `viewer` all the way to tokens. */
async function pairTv(
  viewer: { headers: Record<string, string> },
  tvHeaders: Record<string, string> = {},
) {
  const pairing = await askToPair(tvHeaders);
  const approval = DeviceApprovalSchema.parse(
    await (
      await json('POST', '/api/devices/approve', viewer.headers, { userCode: pairing.user_code })
    ).json(),
  );
  const tokens = TokenResponseSchema.parse(await (await poll(pairing.device_code)).json());
  return { tokens, approval, bearer: { authorization: `Bearer ${tokens.access_token}` } };
}

describe('refresh tokens rotate (RFC 6749 §6)', () => {
  it('gives a new pair, retires the old, and ends the session when an old refresh token comes back', async () => {
    const viewer = await signIn(app, { now: clock() });
    const { tokens, bearer } = await pairTv(viewer);
    clock.advance(3600 * 1000);
    expect((await app.request('/api/auth/me', { headers: bearer })).status).toBe(401); // access token expired

    const refreshed = TokenResponseSchema.parse(
      await (
        await form('/oauth/token', {
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
          client_id: 'lanxang-tv',
        })
      ).json(),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(
      (
        await app.request('/api/auth/me', {
          headers: { authorization: `Bearer ${refreshed.access_token}` },
        })
      ).status,
    ).toBe(200);

    // The old refresh token again: someone copied it. Both copies stop working.
    const replay = await form('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(await oauthError(replay)).toBe('invalid_grant');
    expect(
      (
        await app.request('/api/auth/me', {
          headers: { authorization: `Bearer ${refreshed.access_token}` },
        })
      ).status,
    ).toBe(401);
    const afterReplay = await form('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshed.refresh_token,
    });
    expect(await oauthError(afterReplay)).toBe('invalid_grant');
  });
});

describe('refresh token races (OAuth 2.0 Security BCP §4.14)', () => {
  const refresh = (refreshToken: string) =>
    form('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'lanxang-tv',
    });

  it('two parallel refreshes with one token: exactly one succeeds, and the loser ends the session', async () => {
    const viewer = await signIn(app, { now: clock() });
    const { tokens } = await pairTv(viewer);
    const answers = await Promise.all([
      refresh(tokens.refresh_token),
      refresh(tokens.refresh_token),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const winner = answers.find((answer) => answer.status === 200)!;
    const loser = answers.find((answer) => answer.status === 400)!;
    expect(await oauthError(loser)).toBe('invalid_grant');
    // The loser presented a token that was rotated away: a copy exists, so both stop working.
    const won = TokenResponseSchema.parse(await winner.json());
    expect(
      (
        await app.request('/api/auth/me', {
          headers: { authorization: `Bearer ${won.access_token}` },
        })
      ).status,
    ).toBe(401);
    expect(await oauthError(await refresh(won.refresh_token))).toBe('invalid_grant');
  });
});

describe('my devices', () => {
  it('lists only mine; another account can neither see nor revoke them; revoking takes effect on the next request', async () => {
    const noy = await signIn(app, { now: clock() });
    const keo = await signIn(app, { now: clock() });
    const { tokens, bearer } = await pairTv(noy);

    const listed = DeviceListSchema.parse(
      await (await app.request('/api/devices', { headers: noy.headers })).json(),
    );
    expect(listed.items).toHaveLength(1);
    const [tv] = listed.items;
    expect(tv).toMatchObject({
      clientName: 'Lanxang TV',
      userAgent: TV_USER_AGENT,
      current: false,
    });
    const fromTv = DeviceListSchema.parse(
      await (await app.request('/api/devices', { headers: bearer })).json(),
    );
    expect(fromTv.items[0]).toMatchObject({ id: tv!.id, current: true });

    expect(
      DeviceListSchema.parse(
        await (await app.request('/api/devices', { headers: keo.headers })).json(),
      ).items,
    ).toEqual([]);
    expect(
      (await problem(await json('DELETE', `/api/devices/${tv!.id}`, keo.headers), 404)).code,
    ).toBe('not_found');
    expect((await app.request('/api/auth/me', { headers: bearer })).status).toBe(200);

    expect((await json('DELETE', `/api/devices/${tv!.id}`, noy.headers)).status).toBe(204);
    expect((await problem(await app.request('/api/auth/me', { headers: bearer }), 401)).code).toBe(
      'unauthorized',
    );
    const refresh = await form('/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'lanxang-tv',
    });
    expect(await oauthError(refresh)).toBe('invalid_grant');
    expect(
      DeviceListSchema.parse(
        await (await app.request('/api/devices', { headers: noy.headers })).json(),
      ).items,
    ).toEqual([]);
  });
});

describe('entering codes', () => {
  it('shows what is asking before the viewer decides', async () => {
    const viewer = await signIn(app, { now: clock() });
    const pairing = await askToPair();
    const asking = DeviceRequestSchema.parse(
      await (
        await json('POST', '/api/devices/lookup', viewer.headers, { userCode: pairing.user_code })
      ).json(),
    );
    expect(asking).toMatchObject({
      clientName: 'Lanxang TV',
      userAgent: TV_USER_AGENT,
      requestedAt: clock().toISOString(),
    });
    expect(
      (
        await problem(
          await json('POST', '/api/devices/lookup', {}, { userCode: pairing.user_code }),
          401,
        )
      ).code,
    ).toBe('unauthorized');
  });

  it('stops a session after 5 wrong codes, even for a right one', async () => {
    const viewer = await signIn(app, { now: clock() });
    const pairing = await askToPair();
    for (let wrong = 1; wrong <= 5; wrong += 1) {
      const body = await problem(
        await json('POST', '/api/devices/lookup', viewer.headers, { userCode: 'BBBB-BBBB' }),
        404,
      );
      expect(body).toMatchObject({
        code: 'code_not_found',
        detail: expect.stringContaining(`${5 - wrong} tries left`),
      });
    }
    const locked = await problem(
      await json('POST', '/api/devices/approve', viewer.headers, { userCode: pairing.user_code }),
      403,
    );
    expect(locked.code).toBe('code_attempts_exhausted');
    expect(await oauthError(await poll(pairing.device_code))).toBe('authorization_pending');
  });

  it('counts at most 5 of 20 parallel wrong codes, and then the session may enter none', async () => {
    const viewer = await signIn(app, { now: clock() });
    const pairing = await askToPair();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        json('POST', '/api/devices/lookup', viewer.headers, { userCode: 'BBBB-BBBB' }),
      ),
    );
    const codes = await Promise.all(
      answers.map(async (answer) => ProblemSchema.parse(await answer.json()).code),
    );
    expect(codes.filter((code) => code === 'code_not_found')).toHaveLength(5);
    expect(codes.filter((code) => code === 'code_attempts_exhausted')).toHaveLength(15);
    const locked = await problem(
      await json('POST', '/api/devices/approve', viewer.headers, { userCode: pairing.user_code }),
      403,
    );
    expect(locked.code).toBe('code_attempts_exhausted');
    expect(await oauthError(await poll(pairing.device_code))).toBe('authorization_pending');
  });

  it('rate-limits code entry per account and per IP', async () => {
    clock.advance(3600 * 1000); // a fresh window
    const pairing = await askToPair();
    const lookup = (headers: Record<string, string>) =>
      json('POST', '/api/devices/lookup', headers, { userCode: pairing.user_code });
    const accounts = await Promise.all([1, 2, 3, 4].map(() => signIn(app, { now: clock() })));
    const [first, second, third, fourth] = accounts as [
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
      (typeof accounts)[0],
    ];

    for (let entry = 1; entry <= 20; entry += 1)
      expect((await lookup(first.headers)).status).toBe(200);
    const perAccount = await lookup(first.headers);
    expect((await problem(perAccount, 429)).code).toBe('rate_limited');
    expect(Number(perAccount.headers.get('retry-after'))).toBeGreaterThan(0);

    // The same IP (127.0.0.1) for everyone: 60 entries an hour in all.
    for (const account of [second, third])
      for (let entry = 1; entry <= 20; entry += 1)
        expect((await lookup(account.headers)).status).toBe(200);
    expect((await problem(await lookup(fourth.headers), 429)).code).toBe('rate_limited');

    clock.advance(3600 * 1000);
    const later = await askToPair();
    expect(
      (await json('POST', '/api/devices/lookup', fourth.headers, { userCode: later.user_code }))
        .status,
    ).toBe(200);
  });
});

describe('what an anonymous TV owned moves to the account', () => {
  it('on approval, with counts per module, most recent progress winning per film', async () => {
    const viewer = await signIn(app, { now: clock() });
    const tv = AnonymousIdSchema.parse(await (await json('POST', '/api/anonymous', {}, {})).json());
    const tvViewer = tv.anonymousId.split('.')[1]!;
    const me = owner.user(viewer.user.id);
    rentals.set('r1', { owner: owner.anonymous(tvViewer), movieId: 1 });
    rentals.set('r2', { owner: owner.anonymous(tvViewer), movieId: 2 });
    rentals.set('r3', { owner: owner.anonymous('someone-else'), movieId: 3 });
    progress.set('p1', {
      owner: owner.anonymous(tvViewer),
      movieId: 1,
      seconds: 600,
      updatedAt: 200,
    });
    progress.set('p2', {
      owner: owner.anonymous(tvViewer),
      movieId: 2,
      seconds: 60,
      updatedAt: 100,
    });
    progress.set('p3', { owner: me, movieId: 1, seconds: 30, updatedAt: 150 });
    progress.set('p4', { owner: me, movieId: 2, seconds: 900, updatedAt: 300 });

    const { approval, bearer } = await pairTv(viewer, { 'x-anonymous-id': tv.anonymousId });
    expect(approval.migrated).toEqual({ watchProgress: 0, rentals: 2, progress: 2 });
    expect(
      [...rentals.values()].filter((rental) => rental.owner === me).map((rental) => rental.movieId),
    ).toEqual([1, 2]);
    expect(rentals.get('r3')!.owner).toBe(owner.anonymous('someone-else'));
    const mine = [...progress.values()]
      .filter((record) => record.owner === me)
      .sort((a, b) => a.movieId - b.movieId);
    expect(mine.map((record) => [record.movieId, record.seconds])).toEqual([
      [1, 600],
      [2, 900],
    ]);
    expect((await app.request('/api/viewer', { headers: bearer })).status).toBe(200);
  });

  it('through POST /api/users/migrate for a web session that held an anonymous id; forged ids refused', async () => {
    const viewer = await signIn(app, { now: clock() });
    const web = AnonymousIdSchema.parse(
      await (await json('POST', '/api/anonymous', {}, {})).json(),
    );
    const webViewer = web.anonymousId.split('.')[1]!;
    rentals.set('r4', { owner: owner.anonymous(webViewer), movieId: 4 });
    const result = await json('POST', '/api/users/migrate', viewer.headers, {
      anonymousId: web.anonymousId,
    });
    expect(MigrateResultSchema.parse(await result.json()).migrated).toEqual({
      watchProgress: 0,
      rentals: 1,
      progress: 0,
    });
    expect(rentals.get('r4')!.owner).toBe(owner.user(viewer.user.id));
    const again = await json('POST', '/api/users/migrate', viewer.headers, {
      anonymousId: web.anonymousId,
    });
    expect(MigrateResultSchema.parse(await again.json()).migrated).toEqual({
      watchProgress: 0,
      rentals: 0,
      progress: 0,
    });
    const forged = await json('POST', '/api/users/migrate', viewer.headers, {
      anonymousId: `${web.anonymousId.slice(0, -2)}AA`,
    });
    expect((await problem(forged, 401)).code).toBe('unauthorized');
  });

  it('a module that fails rolls the approval back: the code stays usable', async () => {
    const registry = app.ownership;
    const viewer = await signIn(app, { now: clock() });
    const tv = AnonymousIdSchema.parse(await (await json('POST', '/api/anonymous', {}, {})).json());
    let fail = true;
    registry.register('flaky', async () => {
      if (fail) throw new Error('disk on fire');
      return 0;
    });
    const pairing = await askToPair({ 'x-anonymous-id': tv.anonymousId });
    expect(
      (await json('POST', '/api/devices/approve', viewer.headers, { userCode: pairing.user_code }))
        .status,
    ).toBe(500);
    expect(await oauthError(await poll(pairing.device_code))).toBe('authorization_pending');
    fail = false;
    const retried = await json('POST', '/api/devices/approve', viewer.headers, {
      userCode: pairing.user_code,
    });
    expect(DeviceApprovalSchema.parse(await retried.json()).migrated).toEqual({
      watchProgress: 0,
      rentals: 0,
      progress: 0,
      flaky: 0,
    });
  });
});
