import type { Playback, PlaybackToken } from '@lanxang/contracts';
import { getConfig } from '../lib/config';
import { pathFor } from '../services/contract';
import { credentialHeaders } from '../services/session';

/** Where a token rides in our media URLs: `/media/t/<token>/<key>`. */
const TOKEN_IN_PATH = /\/media\/t\/[^/]+\//;
/** Renew when this share of the token's life is left: room for a slow network and a retry. */
const RENEW_AT_SHARE_LEFT = 1 / 3;
const MIN_DELAY_MS = 5_000;
/** A clock far off the server's must not stop renewal, nor make it hammer the API. */
const MAX_DELAY_MS = 10 * 60_000;

interface Current {
  slug: string;
  token: string;
  timer?: ReturnType<typeof setTimeout>;
}

let current: Current | undefined;
let rentalEndedListener: (() => void) | undefined;

const tokenOf = (url: string) => TOKEN_IN_PATH.exec(url)?.[0].split('/')[3];

/**
 * Keeps the media token of the film being played fresh: every request Shaka makes gets the newest
 * token swapped in (`withCurrentToken`, its request filter), and the token is renewed before it
 * expires. When renewal answers `rental_ended`, playback must stop: the listener is told.
 */
export function keepTokenFresh(
  slug: string,
  playback: Pick<Playback, 'masterUrl' | 'tokenExpiresAt'>,
) {
  stopTokenRenewal();
  const token = tokenOf(playback.masterUrl);
  // A video hosted elsewhere: nothing of ours to renew in its URLs.
  if (!token) return;
  current = { slug, token };
  schedule(current, playback.tokenExpiresAt);
}

export function stopTokenRenewal(): void {
  clearTimeout(current?.timer);
  current = undefined;
}

/** The player page's way to hear that the rental ended mid-film. */
export function onRentalEnded(listener: (() => void) | undefined): void {
  rentalEndedListener = listener;
}

/** A media URL with the current token in place of whatever token it was built with. */
export function withCurrentToken(url: string): string {
  return current && TOKEN_IN_PATH.test(url)
    ? url.replace(TOKEN_IN_PATH, `/media/t/${current.token}/`)
    : url;
}

/**
 * Asks for a fresh token now, e.g. after a media request was refused; answers whether the rental
 * ended (the listener has then been told).
 */
export async function renewNow(): Promise<'renewed' | 'ended' | 'failed'> {
  const playing = current;
  if (!playing) return 'failed';
  clearTimeout(playing.timer);
  return renew(playing);
}

function schedule(playing: Current, expiresAt: string): void {
  const left = Date.parse(expiresAt) - Date.now();
  const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, left * (1 - RENEW_AT_SHARE_LEFT)));
  playing.timer = setTimeout(() => void renew(playing), delay);
}

async function renew(playing: Current): Promise<'renewed' | 'ended' | 'failed'> {
  const path = pathFor('playbackToken', { idOrSlug: playing.slug });
  let response: Response;
  try {
    response = await fetch(`${getConfig().apiUrl}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', ...credentialHeaders() },
    });
  } catch {
    response = new Response(null, { status: 503 });
  }
  // Another film started meanwhile: this answer is not for it.
  if (current !== playing) return 'failed';
  if (response.status === 402) {
    stopTokenRenewal();
    rentalEndedListener?.();
    return 'ended';
  }
  if (!response.ok) {
    // A network blip: the token still has a third of its life; try again soon.
    playing.timer = setTimeout(() => void renew(playing), MIN_DELAY_MS * 2);
    return 'failed';
  }
  const fresh = (await response.json()) as PlaybackToken;
  playing.token = fresh.token;
  schedule(playing, fresh.tokenExpiresAt);
  return 'renewed';
}
