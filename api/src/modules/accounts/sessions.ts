import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../http/errors.js';
import { Session, type ISession } from './session.entity.js';
import { hashToken, newToken } from './tokens.js';
import type { IUser } from './user.entity.js';

const DAY_MS = 24 * 3600 * 1000;
/** A session lives 30 days past its last use. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** A device's access token is short-lived; its refresh token (rotated on each use) is the session. */
export const ACCESS_TOKEN_LIFETIME_MS = 3600 * 1000;
/** Sliding renewal writes at most once an hour per session, not on every request. */
export const RENEW_AFTER_MS = 3600 * 1000;

export type Clock = () => Date;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

export interface DeviceTokens {
  accessToken: string;
  refreshToken: string;
  accessExpiresInSeconds: number;
}

/** Creating, recognising, renewing and ending sessions. Tokens leave here once and are never stored. */
export function sessionStore(clock: Clock) {
  /** A fresh access and refresh token, and the session fields that make them the current ones. */
  function deviceTokens(now: Date) {
    const accessToken = newToken('lxa');
    const refreshToken = newToken('lxr');
    const fields = {
      tokenHash: hashToken(accessToken),
      tokenExpiresAt: later(now, ACCESS_TOKEN_LIFETIME_MS),
      refreshTokenHash: hashToken(refreshToken),
      expiresAt: later(now, SESSION_LIFETIME_MS),
      lastUsedAt: now,
    };
    const tokens: DeviceTokens = {
      accessToken,
      refreshToken,
      accessExpiresInSeconds: ACCESS_TOKEN_LIFETIME_MS / 1000,
    };
    return { tokens, fields };
  }

  async function revoke(em: EntityManager, session: ISession): Promise<void> {
    session.revokedAt ??= clock();
    await em.flush();
  }

  return {
    /** A browser session; the caller puts the token in the cookie. */
    async createWeb(em: EntityManager, user: IUser, userAgent: string | null) {
      const now = clock();
      const token = newToken('lxs');
      const expiresAt = later(now, SESSION_LIFETIME_MS);
      const session = em.create(Session, {
        id: randomUUID(),
        user,
        kind: 'web',
        tokenHash: hashToken(token),
        tokenExpiresAt: expiresAt,
        expiresAt,
        lastUsedAt: now,
        createdAt: now,
        userAgent: userAgent?.slice(0, 500) ?? null,
      });
      await em.flush();
      return { token, session };
    },

    /** A paired device (queued in `em`, flushed by the caller's transaction). */
    createDevice(
      em: EntityManager,
      user: IUser,
      device: { clientId: string; clientName: string; userAgent: string | null },
    ) {
      const now = clock();
      const { tokens, fields } = deviceTokens(now);
      const session = em.create(Session, {
        id: randomUUID(),
        user,
        kind: 'device',
        ...fields,
        createdAt: now,
        clientId: device.clientId,
        clientName: device.clientName,
        userAgent: device.userAgent?.slice(0, 500) ?? null,
      });
      return { session, tokens };
    },

    /**
     * The live session a web token or device access token belongs to, renewed when it was last
     * renewed over an hour ago (`renewed` tells the caller to re-send the cookie).
     */
    async authenticate(
      em: EntityManager,
      token: string,
    ): Promise<{ session: ISession; renewed: boolean } | undefined> {
      const now = clock();
      const session = await em.findOne(
        Session,
        { tokenHash: hashToken(token) },
        { populate: ['user'] },
      );
      if (
        !session ||
        session.revokedAt ||
        session.expiresAt <= now ||
        session.tokenExpiresAt <= now
      )
        return undefined;
      if (now.getTime() - session.lastUsedAt.getTime() < RENEW_AFTER_MS)
        return { session, renewed: false };
      session.lastUsedAt = now;
      session.expiresAt = later(now, SESSION_LIFETIME_MS);
      if (session.kind === 'web') session.tokenExpiresAt = session.expiresAt;
      await em.flush();
      return { session, renewed: true };
    },

    /**
     * RFC 6749 §6 with rotation: a new access and refresh token for a live one. Rotating is one
     * conditional UPDATE on the presented token, so of two requests racing with one token exactly
     * one rotates it. Any other use of a token that was rotated away (the race's loser, or a copy
     * presented later) means two parties hold it: the session ends for both (OAuth 2.0 Security
     * BCP, refresh token reuse detection).
     */
    async refresh(
      em: EntityManager,
      refreshToken: string,
      clientId: string | undefined,
    ): Promise<DeviceTokens | undefined> {
      const now = clock();
      const hash = hashToken(refreshToken);
      const { tokens, fields } = deviceTokens(now);
      const rotated = await em.nativeUpdate(
        Session,
        {
          refreshTokenHash: hash,
          revokedAt: null,
          expiresAt: { $gt: now },
          ...(clientId === undefined ? {} : { clientId }),
        },
        { ...fields, previousRefreshTokenHash: hash },
      );
      if (rotated === 1) return tokens;
      await em.nativeUpdate(
        Session,
        { previousRefreshTokenHash: hash, revokedAt: null },
        { revokedAt: now },
      );
      return undefined;
    },

    /** The account's paired devices still signed in, the most recently used first. */
    listDevices(em: EntityManager, userId: number): Promise<ISession[]> {
      return em.find(
        Session,
        { user: userId, kind: 'device', revokedAt: null, expiresAt: { $gt: clock() } },
        { orderBy: { lastUsedAt: 'desc' } },
      );
    },

    /**
     * Signs one of the account's devices out. Someone else's device answers exactly like a
     * missing one: ids are not confirmed to strangers.
     */
    async revokeDevice(em: EntityManager, userId: number, sessionId: string): Promise<void> {
      const device = await em.findOne(Session, {
        id: sessionId,
        user: userId,
        kind: 'device',
        revokedAt: null,
      });
      if (!device) throw notFound('That device');
      await revoke(em, device);
    },

    revoke,
    revokeById: async (em: EntityManager, sessionId: string) =>
      revoke(em, await em.findOneOrFail(Session, { id: sessionId })),
  };
}
export type SessionStore = ReturnType<typeof sessionStore>;
