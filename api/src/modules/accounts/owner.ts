import type { Caller } from '../../http/context.js';
import { unauthorized } from '../../http/errors.js';

/**
 * Who owns a per-viewer record (watch progress, a rental, a payment): an account or an anonymous
 * viewer (a TV not yet paired), never both. Tables keep it as two nullable columns,
 * `user_id int` and `anonymous_viewer_id uuid`, with a check that exactly one is set.
 */
export type Owner =
  | { userId: number; anonymousViewerId?: undefined }
  | { anonymousViewerId: string; userId?: undefined };

/** The owner a caller writes and reads as; an anonymous caller (no id at all) owns nothing. */
export function ownerOf(caller: Caller): Owner {
  switch (caller.kind) {
    case 'viewer':
    case 'admin':
      return { userId: caller.userId };
    case 'anonymousViewer':
      return { anonymousViewerId: caller.anonymousViewerId };
    case 'anonymous':
      throw unauthorized('Send your anonymous id or sign in to do this.');
  }
}

/** The owner as the two SQL columns, for parameterised statements: `[user_id, anonymous_viewer_id]`. */
export function ownerColumns(owner: Owner): [number | null, string | null] {
  return [owner.userId ?? null, owner.anonymousViewerId ?? null];
}

/** The same owner, as a stable string (logs, cache keys, token claims). */
export function ownerKey(owner: Owner): string {
  return owner.userId !== undefined ? `u:${owner.userId}` : `a:${owner.anonymousViewerId}`;
}
