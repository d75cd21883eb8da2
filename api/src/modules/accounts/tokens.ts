import { createHash, randomBytes } from 'node:crypto';

/**
 * An opaque secret: 256 random bits, base64url, behind a short prefix that says what it is (so a
 * leaked one is recognisable in logs and secret scanners). Only its hash is ever stored.
 */
export function newToken(prefix: 'lxs' | 'lxa' | 'lxr' | 'lxd'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256, hex. Tokens carry 256 bits of entropy, so a fast hash is enough (no salt, no KDF). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
