import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-lanxang-signature';
export const TIMESTAMP_HEADER = 'x-lanxang-timestamp';
/** A notification signed longer ago (or further ahead) than this is refused: no late replays. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<raw body>`; the timestamp is Unix seconds. */
export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

/** Why a notification's signature is refused, or null when it is good and fresh. */
export function signatureProblem(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now: Date,
): SignatureProblem | null {
  const timestampHeader = single(headers[TIMESTAMP_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (!timestampHeader || !signature || !/^\d{1,12}$/.test(timestampHeader)) return 'missing';
  const timestamp = Number(timestampHeader);
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length difference says nothing about the secret.
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'mismatch';
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
