import type { AnalyticsEvent } from '@lanxang/contracts';
import { createOutbox, type Outbox } from '../lib/outbox';
import { deliverWrite, type Write } from './delivery';

/** A batch is sent this often while playing, and at once when the session ends or the app hides. */
const SEND_EVERY_MS = 30_000;
/** Well under the API's 500, and small enough for a keepalive request (64 KB for all of them). */
const BATCH_MAX = 100;

/** An event as the player reports it; the session adds when it happened and which film. */
export type PlaybackEvent = AnalyticsEvent extends infer Event
  ? Event extends AnalyticsEvent
    ? Omit<Event, 'at' | 'movieId'>
    : never
  : never;

export interface AnalyticsSession {
  readonly sessionId: string;
  track(event: PlaybackEvent): void;
  /** Playback is over: what is buffered goes out, and the session stops sending. */
  end(): void;
}

let outbox: Outbox<Write<'postAnalyticsEvents'>> | undefined;

function analyticsOutbox(): Outbox<Write<'postAnalyticsEvents'>> {
  outbox ??= createOutbox({ name: 'analytics', deliver: deliverWrite });
  return outbox;
}

/** 128 random bits, URL-safe. `crypto.randomUUID` needs a secure context, which a TV on a LAN is not. */
function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One playback's events, from Play to leaving the player, batched under one session id and sent
 * through the `analytics` outbox (so a batch the network lost is retried, not dropped). Sending is
 * fire-and-forget: nothing here is awaited by the player, so analytics never slow playback.
 * `beforeSend` lets the player add its heartbeat to each batch.
 */
export function startAnalyticsSession(
  movieId: number,
  { beforeSend }: { beforeSend?: () => void } = {},
): AnalyticsSession {
  const sessionId = newSessionId();
  let buffered: AnalyticsEvent[] = [];
  let ended = false;

  const send = (exiting: boolean) => {
    beforeSend?.();
    while (buffered.length > 0) {
      const events = buffered.slice(0, BATCH_MAX);
      buffered = buffered.slice(BATCH_MAX);
      void analyticsOutbox().enqueue(
        { name: 'postAnalyticsEvents', params: {}, body: { sessionId, events } },
        { exiting },
      );
    }
  };
  const timer = setInterval(() => send(false), SEND_EVERY_MS);
  const onHidden = () => {
    if (document.visibilityState === 'hidden') send(true);
  };
  const onPageHide = () => send(true);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', onPageHide);

  return {
    sessionId,
    track(event) {
      if (ended) return;
      // The spread keeps each event's own fields; the union is rebuilt whole, so this cast is safe.
      buffered.push({ ...event, at: new Date().toISOString(), movieId } as AnalyticsEvent);
    },
    end() {
      if (ended) return;
      send(false);
      ended = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
    },
  };
}
