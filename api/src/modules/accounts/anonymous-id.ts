import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const ANONYMOUS_ID_LIFETIME_MS = 90 * 24 * 3600 * 1000;
const VERSION = 'anon1';

/**
 * Anonymous viewer ids are stateless: `anon1.<viewer uuid>.<expiry, unix seconds>.<HMAC-SHA256>`.
 * The server keeps no table of them; the signature proves it issued one, the expiry bounds it.
 */
export function anonymousIds(secret: string) {
  const sign = (payload: string) =>
    createHmac('sha256', secret).update(payload).digest('base64url');

  return {
    issue(
      now: Date,
      viewerId: string = randomUUID(),
    ): { anonymousId: string; viewerId: string; expiresAt: Date } {
      const expiresAt = new Date(now.getTime() + ANONYMOUS_ID_LIFETIME_MS);
      const payload = `${VERSION}.${viewerId}.${Math.floor(expiresAt.getTime() / 1000)}`;
      return { anonymousId: `${payload}.${sign(payload)}`, viewerId, expiresAt };
    },

    /** The viewer uuid of a genuine, unexpired id; `undefined` for anything else. */
    verify(anonymousId: string, now: Date): string | undefined {
      const parts = anonymousId.split('.');
      if (parts.length !== 4) return undefined;
      const [version, viewerId, expiry, signature] = parts as [string, string, string, string];
      if (version !== VERSION || !/^[0-9a-f-]{36}$/.test(viewerId) || !/^\d{1,12}$/.test(expiry))
        return undefined;
      const expected = Buffer.from(sign(`${version}.${viewerId}.${expiry}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      if (Number(expiry) * 1000 <= now.getTime()) return undefined;
      return viewerId;
    },
  };
}
export type AnonymousIds = ReturnType<typeof anonymousIds>;
