import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';

export const ANONYMOUS_ID_LIFETIME_MS = 90 * 24 * 3600 * 1000;
const VERSION = 'anon1';
/** Ids verified lately: a TV sends its id with every save and batch, each checked once. */
const VERIFIED_CACHE_SIZE = 4096;

/**
 * Anonymous viewer ids are stateless: `anon1.<viewer uuid>.<expiry, unix seconds>.<HMAC-SHA256>`.
 * The server keeps no table of them; the signature proves it issued one, the expiry bounds it.
 */
export function anonymousIds(secret: string) {
  const key = createSecretKey(Buffer.from(secret));
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  // Only ids whose signature matched get in, so a lookup tells an attacker nothing new; the
  // expiry is still checked every time.
  const verified = new Map<string, { viewerId: string; expiresMs: number }>();
  const remember = (anonymousId: string, viewerId: string, expiresMs: number) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(anonymousId, { viewerId, expiresMs });
  };

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
      const known = verified.get(anonymousId);
      if (known) return known.expiresMs <= now.getTime() ? undefined : known.viewerId;
      const parts = anonymousId.split('.');
      if (parts.length !== 4) return undefined;
      const [version, viewerId, expiry, signature] = parts as [string, string, string, string];
      if (version !== VERSION || !/^[0-9a-f-]{36}$/.test(viewerId) || !/^\d{1,12}$/.test(expiry))
        return undefined;
      const expected = Buffer.from(sign(`${version}.${viewerId}.${expiry}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const expiresMs = Number(expiry) * 1000;
      if (expiresMs <= now.getTime()) return undefined;
      remember(anonymousId, viewerId, expiresMs);
      return viewerId;
    },
  };
}
export type AnonymousIds = ReturnType<typeof anonymousIds>;
