import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../accounts/sessions.js';

/**
 * What a media token allows: reading keys under `prefixes` (a film's video folder and its
 * subtitles folder) until `expiresAt`. `owner` is the `ownerKey` it was minted for, carried for
 * logs and for a proxy that checks tokens (nginx `auth_request`); the check itself needs no owner
 * because the token is the capability.
 */
export interface MediaTokenClaims {
  prefixes: string[];
  owner: string;
  expiresAt: Date;
}

/** The first path segment a token rides under: `/media/t/<token>/<key>`. */
export const TOKEN_PATH = 't';

/** Keys only ever served with a token: every file of a film's video and its subtitles. */
export const PROTECTED_ROOTS = ['video/', 'subtitles/'] as const;
export const isProtectedKey = (key: string) => PROTECTED_ROOTS.some((root) => key.startsWith(root));

/** The prefixes a film's token covers, from its master playlist's key (`video/<folder>/…`). */
export function filmPrefixes(masterKey: string, movieId: number): string[] {
  const [root, folder] = masterKey.split('/');
  return [`${root}/${folder}/`, `subtitles/${movieId}/`];
}

export interface MediaTokens {
  /** How long a fresh token lives when nothing ends it sooner. */
  readonly ttlSeconds: number;
  mint(claims: MediaTokenClaims): string;
  /** The claims of a good, unexpired token; `null` for anything else. Costs one HMAC, no I/O. */
  verify(token: string): MediaTokenClaims | null;
}

interface Payload {
  /** Prefixes. */
  p: string[];
  /** Owner key. */
  o: string;
  /** Expiry, in whole seconds since the epoch. */
  e: number;
}

/** Tokens verified lately: a player asks for dozens of files per token, each checked once. */
const VERIFIED_CACHE_SIZE = 1024;

/**
 * HMAC-SHA256 tokens: `base64url(JSON claims) . base64url(MAC)`. The MAC covers the encoded
 * claims exactly as sent, so verifying never re-serialises anything.
 */
export function mediaTokens(secret: string, ttlSeconds: number, clock: Clock): MediaTokens {
  const key = createSecretKey(Buffer.from(secret));
  const mac = (encoded: string) => createHmac('sha256', key).update(encoded).digest();
  // Only tokens whose MAC matched get in, so a lookup reveals nothing an attacker could not
  // already do with the token; the expiry is still checked on every request.
  const verified = new Map<string, MediaTokenClaims>();
  const remember = (token: string, claims: MediaTokenClaims) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  };
  const fresh = (claims: MediaTokenClaims) => claims.expiresAt.getTime() > clock().getTime();

  return {
    ttlSeconds,
    mint({ prefixes, owner, expiresAt }) {
      const payload: Payload = { p: prefixes, o: owner, e: Math.floor(expiresAt.getTime() / 1000) };
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${encoded}.${mac(encoded).toString('base64url')}`;
    },
    verify(token) {
      const known = verified.get(token);
      if (known) return fresh(known) ? known : null;
      const dot = token.indexOf('.');
      if (dot <= 0) return null;
      const encoded = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(encoded);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const payload = parsePayload(Buffer.from(encoded, 'base64url').toString('utf8'));
      if (!payload) return null;
      const claims = {
        prefixes: payload.p,
        owner: payload.o,
        expiresAt: new Date(payload.e * 1000),
      };
      if (!fresh(claims)) return null;
      remember(token, claims);
      return claims;
    },
  };
}

/** Only ever our own JSON (the MAC matched), but a malformed one must still answer "no". */
function parsePayload(json: string): Payload | null {
  try {
    const value = JSON.parse(json) as Partial<Payload>;
    return Array.isArray(value.p) && typeof value.o === 'string' && typeof value.e === 'number'
      ? (value as Payload)
      : null;
  } catch {
    return null;
  }
}

/** Whether `key` (already normalised: no `..`) lies under one of the token's prefixes. */
export const tokenCovers = (claims: MediaTokenClaims, key: string) =>
  claims.prefixes.some((prefix) => key.startsWith(prefix));
