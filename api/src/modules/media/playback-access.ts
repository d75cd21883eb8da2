import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../http/context.js';
import { paymentRequired } from '../../http/errors.js';
import type { Clock } from '../accounts/sessions.js';
import { ownerKey, ownerOf, type Owner } from '../accounts/owner.js';
import type { Entitlements, RentalOffer } from './entitlements.js';
import { findPlayable, type Playable } from './playback.js';
import { encodeKey } from './storage.js';
import { filmPrefixes, TOKEN_PATH, type MediaTokens } from './tokens.js';

/** What a caller was granted: the film, URLs signed for it, and how long they work. */
export interface PlaybackGrant {
  playable: Playable;
  token: string;
  urls: { url(key: string): string };
  expiresAt: Date;
  /** `null` for a free film or an admin's preview. */
  rentalEndsAt: Date | null;
}

export interface PlaybackAccessDeps {
  entitlements: Entitlements;
  tokens: MediaTokens;
  clock: Clock;
  /** Where the API answers, e.g. `https://api.lanxang.la`: signed URLs always go through it. */
  publicApiUrl: string;
}

/**
 * Who may play what, decided once per playback request (and per renewal), never per segment:
 * admins play anything, drafts included; viewers play published films, a rental film only while
 * their rental lasts. The answer is a token that expires within the validity and never after the
 * rental's end, so segment requests need only check its signature.
 */
export function playbackAccess(em: EntityManager, deps: PlaybackAccessDeps) {
  const { entitlements, tokens, clock } = deps;

  /** The rental's end for a rental film (or a 402), `null` for a free one. */
  async function rentalEnd(caller: Caller, movieId: number, renewing: boolean) {
    const offer = await entitlements.offerFor(em, movieId);
    if (!offer) return null;
    const owner = ownerOrNull(caller);
    const end = owner ? await entitlements.activeRentalEnd(em, owner, movieId) : null;
    if (end && end > clock()) return end;
    throw renewing ? rentalEnded(offer) : rentalRequired(offer);
  }

  return {
    /**
     * The film's playback for this caller; 404 for a draft unless an admin asks, 402 for a rental
     * film without an active rental (`rental_ended` when `renewing`: the player had one).
     */
    async grant(
      caller: Caller,
      idOrSlug: number | string,
      renewing = false,
      /** Longer than the default for a download, which must outlast a slow network. */
      ttlSeconds = tokens.ttlSeconds,
    ): Promise<PlaybackGrant> {
      const admin = caller.kind === 'admin';
      const playable = await findPlayable(em, idOrSlug, { drafts: admin });
      const { movie, source } = playable;
      const rentalEndsAt = admin ? null : await rentalEnd(caller, movie.id, renewing);
      const limit = clock().getTime() + ttlSeconds * 1000;
      const expiresAt = new Date(Math.min(limit, rentalEndsAt?.getTime() ?? limit));
      const signed = sign(
        caller,
        filmPrefixes(source.storageKey ?? `video/${movie.id}/`, movie.id),
        expiresAt,
      );
      return { playable, ...signed, expiresAt, rentalEndsAt };
    },

    /** URLs under `prefixes` for an admin's own answers (a subtitle just uploaded). */
    adminUrls(caller: Caller, prefixes: string[]) {
      return sign(caller, prefixes, new Date(clock().getTime() + tokens.ttlSeconds * 1000)).urls;
    },
  };

  function sign(caller: Caller, prefixes: string[], expiresAt: Date) {
    const token = tokens.mint({ prefixes, owner: ownerKeyOf(caller), expiresAt });
    const base = `${deps.publicApiUrl}/media/${TOKEN_PATH}/${token}/`;
    return { token, urls: { url: (key: string) => `${base}${encodeKey(key)}` } };
  }
}
export type PlaybackAccess = ReturnType<typeof playbackAccess>;

/** A caller with no id at all (no session, no anonymous id) holds no rentals. */
const ownerOrNull = (caller: Caller): Owner | null =>
  caller.kind === 'anonymous' ? null : ownerOf(caller);

export const ownerKeyOf = (caller: Caller) => {
  const owner = ownerOrNull(caller);
  return owner ? ownerKey(owner) : 'anonymous';
};

const priceOf = (offer: RentalOffer) => ({
  amount: offer.amount,
  currency: offer.currency,
  rentalHours: offer.rentalHours,
});

const rentalRequired = (offer: RentalOffer) =>
  paymentRequired('Rent this film to play it.', 'rental_required', priceOf(offer));

const rentalEnded = (offer: RentalOffer) =>
  paymentRequired(
    'Your rental of this film has ended; rent it again to go on.',
    'rental_ended',
    priceOf(offer),
  );
