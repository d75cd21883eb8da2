import { localStore } from './local-store';

/**
 * What became of one delivery attempt. `delivered`: the server took it (2xx), it leaves the queue.
 * `rejected`: the server refused it for good (a 4xx problem that no retry can fix), it leaves the
 * queue and is logged. `retry`: the network, the API or a 5xx failed it; it stays at the head of the
 * queue and everything behind it waits, so the order holds.
 */
export type Delivery = { outcome: 'delivered' } | { outcome: 'retry'; reason: string } | Rejected;

interface Rejected {
  outcome: 'rejected';
  status: number;
  code: string;
}

export interface OutboxOptions<Payload> {
  /** One IndexedDB store per queue, so a stuck queue never holds back another one. */
  name: string;
  /**
   * Sends one entry. `keepalive` asks for a request that outlives the page (`fetch(..., {
   * keepalive: true })`), for the entry written as the app is hidden or closed.
   */
  deliver(payload: Payload, options: { keepalive: boolean }): Promise<Delivery>;
  /** Backoff after a failed attempt: 1 s, doubling up to this. */
  maxBackoffMs?: number;
}

export interface Outbox<Payload> {
  /**
   * Stores the entry, then starts sending the queue in order. `exiting`: the page may be gone in a
   * moment, so the entry is also sent at once with keepalive rather than waiting its turn; only use
   * it for payloads where arriving before older ones is harmless (the server's last-write-wins).
   */
  enqueue(payload: Payload, options?: { exiting?: boolean }): Promise<void>;
  /** Sends what is queued now, ignoring the backoff (the network just came back). */
  flush(): Promise<void>;
  /** Entries not yet delivered, oldest first. */
  pending(): Promise<Payload[]>;
}

interface Entry<Payload> {
  key: string;
  payload: Payload;
  /** The delivery under way, so the entry is never sent twice at once. */
  sending?: Promise<Delivery>;
  /** The server's final answer, kept until the entry is removed, so it is never sent again. */
  answered?: Delivery;
}

/** Keys sort as strings in IndexedDB: fixed-width numbers keep that order the insertion order. */
const KEY_DIGITS = 16;
const FIRST_BACKOFF_MS = 1000;

/**
 * A durable, ordered queue of writes that must reach the server (watch progress now, offline
 * downloads' bookkeeping later), kept in localforage so a restart, a crash or a dead network loses
 * none of them. Entries are sent one at a time, oldest first; each is removed only once the server
 * has answered it, so a page that dies mid-send re-sends that entry on its next start (at least
 * once: the writes queued here are idempotent upserts).
 */
export function createOutbox<Payload>(options: OutboxOptions<Payload>): Outbox<Payload> {
  const store = localStore({ name: 'lanxang', storeName: `outbox_${options.name}` });
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const entries: Entry<Payload>[] = [];
  let lastKey = 0;
  let draining: Promise<void> | undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // The queue as the last session left it, read once; everything else waits for it.
  const loaded = (async () => {
    try {
      const keys = (await (await store()).keys()).sort();
      for (const key of keys) {
        const payload = await (await store()).getItem<Payload>(key);
        if (payload !== null) entries.push({ key, payload });
        lastKey = Math.max(lastKey, Number(key));
      }
    } catch (error) {
      // No IndexedDB (private mode, a broken store): the queue still works for this session.
      console.warn(`[outbox ${options.name}] stored entries unreadable`, error);
    }
  })();

  function nextKey(): string {
    // The clock orders entries across restarts; `+ 1` keeps them ordered if it steps back.
    lastKey = Math.max(lastKey + 1, Date.now() * 1000);
    return String(lastKey).padStart(KEY_DIGITS, '0');
  }

  function send(entry: Entry<Payload>, keepalive: boolean): Promise<Delivery> {
    if (entry.answered) return Promise.resolve(entry.answered);
    entry.sending ??= options
      .deliver(entry.payload, { keepalive })
      .catch((error: unknown): Delivery => ({
        outcome: 'retry',
        reason: error instanceof Error ? error.message : String(error),
      }))
      .then((delivery) => {
        if (delivery.outcome !== 'retry') entry.answered = delivery;
        entry.sending = undefined;
        return delivery;
      });
    return entry.sending;
  }

  async function remove(entry: Entry<Payload>): Promise<void> {
    const at = entries.indexOf(entry);
    if (at >= 0) entries.splice(at, 1);
    await store()
      .then((opened) => opened.removeItem(entry.key))
      .catch(() => undefined);
  }

  async function drainOnce(): Promise<void> {
    await loaded;
    for (let head = entries[0]; head; head = entries[0]) {
      const delivery = await send(head, false);
      if (delivery.outcome === 'retry') {
        failures += 1;
        const delay = Math.min(maxBackoffMs, FIRST_BACKOFF_MS * 2 ** (failures - 1));
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          void drain();
        }, delay);
        return;
      }
      failures = 0;
      if (delivery.outcome === 'rejected') {
        console.warn(
          `[outbox ${options.name}] dropped an entry the server refused: ${delivery.status} ${delivery.code}`,
          head.payload,
        );
      }
      await remove(head);
    }
  }

  function drain(): Promise<void> {
    draining ??= drainOnce().finally(() => (draining = undefined));
    return draining;
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => void flush());
  }

  function flush(): Promise<void> {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    failures = 0;
    // A drain already under way may be about to sleep on its backoff: start another after it.
    return drain().then(() => (entries.length > 0 && !retryTimer ? drain() : undefined));
  }

  return {
    async enqueue(payload, { exiting = false } = {}) {
      const entry: Entry<Payload> = { key: nextKey(), payload };
      if (exiting) void send(entry, true);
      await loaded;
      entries.push(entry);
      try {
        await (await store()).setItem(entry.key, payload);
      } catch (error) {
        console.warn(`[outbox ${options.name}] entry kept in memory only`, error);
      }
      // While backing off, the timer sends it: hammering a down API helps nobody.
      if (!retryTimer) void drain();
    },
    flush,
    async pending() {
      await loaded;
      return entries.map((entry) => entry.payload);
    },
  };
}
