import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatUserCode, type DeviceRequest, type MigrationCounts } from '@lanxang/contracts';
import { OAuthError, conflict, forbidden, gone, missing } from '../../http/errors.js';
import type { SignedIn } from '../../http/context.js';
import type { AnonymousIds } from './anonymous-id.js';
import { DeviceAuthorization, type IDeviceAuthorization } from './device-authorization.entity.js';
import type { OwnershipRegistry } from './ownership.js';
import { count, hit, pruneWindows, secondsUntil } from './rate-limit.js';
import { User } from './user.entity.js';
import type { Clock, DeviceTokens, SessionStore } from './sessions.js';
import { hashToken, newToken } from './tokens.js';
import { newUserCode } from './user-code.js';

/** The OAuth clients allowed to pair, by `client_id`, with the name the approval page shows. */
export const OAUTH_CLIENTS: Record<string, { name: string }> = {
  'lanxang-tv': { name: 'Lanxang TV' },
};

export const PAIRING = {
  /** RFC 8628 `expires_in`: how long a user code can be entered. */
  lifetimeSeconds: 600,
  /** RFC 8628 `interval`: the least time between two polls; `slow_down` adds 5 to it. */
  intervalSeconds: 5,
  slowDownSeconds: 5,
  /** Wrong codes one signed-in session may enter before it may enter no more. */
  wrongEntriesPerSession: 5,
  /** Code entries (right or wrong) per window. An IP is shared by a household or a carrier NAT. */
  entriesPerAccount: { max: 20, windowSeconds: 3600 },
  entriesPerIp: { max: 60, windowSeconds: 3600 },
  /**
   * Asking for codes: each is a stored row, so it is limited per IP and the codes waiting at once
   * are capped per IP and everywhere. A TV asks about 6 times an hour while it shows a code.
   */
  requestsPerIp: { max: 60, windowSeconds: 3600 },
  pendingPerIp: 20,
  pendingEverywhere: 10_000,
  /** How long an expired authorization is kept, so a late poll or entry hears "expired", not "unknown". */
  keptAfterExpirySeconds: 600,
} as const;

export interface PairingDeps {
  clock: Clock;
  sessions: SessionStore;
  anonymousIds: AnonymousIds;
  ownership: OwnershipRegistry;
  verificationUri: string;
}

const clientOrFail = (clientId: string | undefined) => {
  if (!clientId) throw new OAuthError('invalid_request', 'client_id is required.');
  const client = OAUTH_CLIENTS[clientId];
  if (!client) throw new OAuthError('invalid_client', 'Unknown client_id.');
  return client;
};

/**
 * Housekeeping on each new pairing (cheap, indexed deletes): finished rate-limit windows, and
 * authorizations expired for longer than `keptAfterExpirySeconds`.
 */
async function forgetOld(em: EntityManager, now: Date): Promise<void> {
  await pruneWindows(em, now);
  await em.nativeDelete(DeviceAuthorization, {
    expiresAt: { $lt: new Date(now.getTime() - PAIRING.keptAfterExpirySeconds * 1000) },
  });
}

/** RFC 8628 §3.5's `slow_down`, on the authorization endpoint as a 429 saying when to come back. */
const slowDown = (description: string, retryAfterSeconds: number) =>
  new OAuthError('slow_down', description, retryAfterSeconds);

/**
 * Refuses a new device authorization from `ip` while it has asked too often this hour, or while
 * too many codes are waiting (from it, or from everyone). Slightly more than the cap may slip in
 * when requests race; the per-IP count, one upsert, bounds how many.
 */
async function admitRequest(em: EntityManager, ip: string, now: Date): Promise<void> {
  const limit = { key: `device-authorization:ip:${ip}`, ...PAIRING.requestsPerIp };
  const { hits, windowEnd } = await count(em, limit, now);
  if (hits > limit.max)
    throw slowDown(
      'Too many pairing requests from this address; wait before asking for another code.',
      secondsUntil(windowEnd, now),
    );
  const [pending] = (await em.getConnection().execute(
    `select count(*)::int as everywhere, count(*) filter (where ip = ?)::int as from_ip,
            extract(epoch from min(expires_at))::float8 as first_expiry,
            extract(epoch from min(expires_at) filter (where ip = ?))::float8 as first_expiry_from_ip
     from device_authorizations where status = 'pending' and expires_at > ?`,
    [ip, ip, now],
  )) as {
    everywhere: number;
    from_ip: number;
    first_expiry: number | null;
    first_expiry_from_ip: number | null;
  }[];
  /** Seconds until a pending code expires, freeing a place (epoch seconds in, from the query). */
  const freedIn = (expiry: number | null) =>
    secondsUntil(expiry === null ? now : new Date(expiry * 1000), now);
  if (pending && pending.from_ip >= PAIRING.pendingPerIp)
    throw slowDown(
      'Too many codes from this address are waiting; use one of them or wait until one expires.',
      freedIn(pending.first_expiry_from_ip),
    );
  if (pending && pending.everywhere >= PAIRING.pendingEverywhere)
    throw slowDown(
      'Too many codes are waiting to be entered; try again shortly.',
      freedIn(pending.first_expiry),
    );
}

/** RFC 8628: a TV asks, a person enters the code and decides, the TV polls for its tokens. */
export function pairing(deps: PairingDeps) {
  const { clock } = deps;

  /**
   * One code entry by a signed-in person: counted against their session (5 wrong and it is
   * locked), their account and their IP. Answers the pending authorization the code names.
   */
  async function enterCode(em: EntityManager, caller: SignedIn, userCode: string, ip: string) {
    const now = clock();
    const left = await takeGuess(em, caller.sessionId);
    let wrong = false;
    try {
      await hit(em, { key: `code-entry:user:${caller.userId}`, ...PAIRING.entriesPerAccount }, now);
      await hit(em, { key: `code-entry:ip:${ip}`, ...PAIRING.entriesPerIp }, now);
      const authorization = await em.findOne(DeviceAuthorization, { userCode });
      if (!authorization) {
        wrong = true;
        throw missing(
          `No TV is showing that code. Check it and try again (${left} tries left).`,
          'code_not_found',
        );
      }
      if (authorization.status !== 'pending')
        throw conflict('That code has already been used. Ask the TV for a new one.', 'code_used');
      if (authorization.expiresAt <= now)
        throw gone('That code has expired. The TV shows a new one.', 'code_expired');
      return authorization;
    } finally {
      if (!wrong) await giveGuessBack(em, caller.sessionId);
    }
  }

  /**
   * Takes one of the session's wrong-code allowances before the code is looked up, in one
   * conditional UPDATE: parallel entries each take their own, so no more than the cap are ever
   * looked up (a read-then-write let every racing entry see the same count). Answers how many are
   * left should this entry be wrong.
   */
  async function takeGuess(em: EntityManager, sessionId: string): Promise<number> {
    const rows: { failed_code_entries: number }[] = await em.getConnection().execute(
      `update sessions set failed_code_entries = failed_code_entries + 1
       where id = ? and failed_code_entries < ? returning failed_code_entries`,
      [sessionId, PAIRING.wrongEntriesPerSession],
    );
    const taken = rows[0]?.failed_code_entries;
    if (taken === undefined)
      throw forbidden(
        'Too many wrong codes from this sign-in. Sign out and in again to keep trying.',
        'code_attempts_exhausted',
      );
    return PAIRING.wrongEntriesPerSession - taken;
  }

  /** An entry that was not a wrong code (a real code, or one refused before the look-up) costs nothing. */
  const giveGuessBack = (em: EntityManager, sessionId: string) =>
    em
      .getConnection()
      .execute(`update sessions set failed_code_entries = failed_code_entries - 1 where id = ?`, [
        sessionId,
      ]);

  const describe = (authorization: IDeviceAuthorization): DeviceRequest => ({
    clientId: authorization.clientId,
    clientName: OAUTH_CLIENTS[authorization.clientId]?.name ?? authorization.clientId,
    userAgent: authorization.userAgent ?? null,
    requestedAt: authorization.createdAt.toISOString(),
    expiresAt: authorization.expiresAt.toISOString(),
  });

  /** Marks a pending authorization decided, exactly once even when two people race for it. */
  async function decide(
    em: EntityManager,
    authorization: IDeviceAuthorization,
    status: 'approved' | 'denied',
    userId: number,
  ) {
    const changed = await em.nativeUpdate(
      DeviceAuthorization,
      { id: authorization.id, status: 'pending' },
      { status, user: userId, decidedAt: clock() },
    );
    if (changed !== 1)
      throw conflict('That code has already been used. Ask the TV for a new one.', 'code_used');
  }

  return {
    /** RFC 8628 §3.1–3.2. `anonymousId` is the TV's `X-Anonymous-Id`, kept only when genuine. */
    async start(
      em: EntityManager,
      request: {
        clientId: string | undefined;
        anonymousId: string | undefined;
        userAgent: string | undefined;
        ip: string;
      },
    ) {
      clientOrFail(request.clientId);
      const now = clock();
      const ip = request.ip.slice(0, 64);
      await forgetOld(em, now);
      await admitRequest(em, ip, now);
      const deviceCode = newToken('lxd');
      const anonymousViewerId = request.anonymousId
        ? deps.anonymousIds.verify(request.anonymousId, now)
        : undefined;
      // 20^8 codes: a clash with a stored one is rare; a fresh draw settles it.
      for (let attempt = 1; ; attempt += 1) {
        const userCode = newUserCode();
        try {
          await em.insert(DeviceAuthorization, {
            clientId: request.clientId!,
            deviceCodeHash: hashToken(deviceCode),
            userCode,
            status: 'pending',
            expiresAt: new Date(now.getTime() + PAIRING.lifetimeSeconds * 1000),
            interval: PAIRING.intervalSeconds,
            anonymousId: anonymousViewerId ?? null,
            userAgent: request.userAgent?.slice(0, 500) ?? null,
            ip,
            createdAt: now,
          });
          const shown = formatUserCode(userCode);
          return {
            device_code: deviceCode,
            user_code: shown,
            verification_uri: deps.verificationUri,
            verification_uri_complete: `${deps.verificationUri}?code=${shown}`,
            expires_in: PAIRING.lifetimeSeconds,
            interval: PAIRING.intervalSeconds,
          };
        } catch (error) {
          if (!(error instanceof UniqueConstraintViolationException) || attempt >= 5) throw error;
        }
      }
    },

    /** RFC 8628 §3.4–3.5: one poll of the device code grant. */
    async poll(
      em: EntityManager,
      deviceCode: string,
      clientId: string | undefined,
    ): Promise<DeviceTokens> {
      clientOrFail(clientId);
      const now = clock();
      const authorization = await em.findOne(DeviceAuthorization, {
        deviceCodeHash: hashToken(deviceCode),
      });
      if (!authorization || authorization.clientId !== clientId)
        throw new OAuthError('invalid_grant', 'Unknown device_code.');
      if (authorization.status === 'consumed')
        throw new OAuthError('invalid_grant', 'This device_code has already been used.');
      if (authorization.status === 'denied')
        throw new OAuthError('access_denied', 'The viewer refused this device.');
      if (authorization.expiresAt <= now)
        throw new OAuthError('expired_token', 'The device_code has expired; start again.');
      if (authorization.status === 'pending') {
        const tooSoon =
          authorization.lastPolledAt &&
          now.getTime() - authorization.lastPolledAt.getTime() < authorization.interval * 1000;
        authorization.lastPolledAt = now;
        if (tooSoon) {
          authorization.interval += PAIRING.slowDownSeconds;
          await em.flush();
          throw new OAuthError(
            'slow_down',
            `Polling too fast; wait ${authorization.interval} s between polls.`,
          );
        }
        await em.flush();
        throw new OAuthError('authorization_pending', 'Waiting for the viewer to enter the code.');
      }
      return em.transactional(async (tx) => {
        // Single use: only one poll can move it from approved to consumed.
        const claimed = await tx.nativeUpdate(
          DeviceAuthorization,
          { id: authorization.id, status: 'approved' },
          { status: 'consumed' },
        );
        if (claimed !== 1)
          throw new OAuthError('invalid_grant', 'This device_code has already been used.');
        const { session, tokens } = deps.sessions.createDevice(
          tx,
          tx.getReference(User, authorization.user!.id),
          {
            clientId: authorization.clientId,
            clientName: OAUTH_CLIENTS[authorization.clientId]?.name ?? authorization.clientId,
            userAgent: authorization.userAgent ?? null,
          },
        );
        await tx.flush();
        await tx.nativeUpdate(
          DeviceAuthorization,
          { id: authorization.id },
          { session: session.id },
        );
        return tokens;
      });
    },

    async lookup(
      em: EntityManager,
      caller: SignedIn,
      userCode: string,
      ip: string,
    ): Promise<DeviceRequest> {
      return describe(await enterCode(em, caller, userCode, ip));
    },

    /** Approves, and moves what the TV's anonymous viewer owns to the account, in one transaction. */
    async approve(
      em: EntityManager,
      caller: SignedIn,
      userCode: string,
      ip: string,
    ): Promise<{ device: DeviceRequest; migrated: MigrationCounts }> {
      const authorization = await enterCode(em, caller, userCode, ip);
      const migrated = await em.transactional(async (tx) => {
        await decide(tx, authorization, 'approved', caller.userId);
        return authorization.anonymousId
          ? deps.ownership.migrate(tx, {
              anonymousViewerId: authorization.anonymousId,
              userId: caller.userId,
            })
          : deps.ownership.nothingMoved();
      });
      return { device: describe(authorization), migrated };
    },

    async deny(em: EntityManager, caller: SignedIn, userCode: string, ip: string): Promise<void> {
      const authorization = await enterCode(em, caller, userCode, ip);
      await decide(em, authorization, 'denied', caller.userId);
    },
  };
}
export type Pairing = ReturnType<typeof pairing>;
