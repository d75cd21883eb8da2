import type { DownloadOffer, MovieDetails } from '@lanxang/contracts';
import { isOnline, onConnectivityChange } from '../lib/connectivity';
import { noteServerTime, trustedNow } from '../lib/server-time';
import { callRoute } from '../services/client';
import { AppError } from '../services/errors';
import { isQuotaError, store, storedBytes, type DownloadRecord, type StoredFile } from './store';

/** Files fetched at once: enough to keep a link busy, few enough to hold little in memory. */
const PARALLEL = 3;
const RETRY_MS = 2_000;
const MAX_FAILURES = 8;
const SPEED_WINDOW_MS = 5_000;
/**
 * How often the screens hear of progress. Every change redraws the whole stage, and a frame costs
 * a TV (and software GL) far more than a file: at 4 a second the redraws took more of a download's
 * time than fetching and storing it did (bench/downloads.bench.ts).
 */
const NOTIFY_EVERY_MS = 1000;

export const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/** The master playlist with only the chosen rung: the stored copy plays only what is stored. */
export function masterForRung(text: string, height: number): string {
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!line.startsWith('#EXT-X-STREAM-INF:')) {
      kept.push(line);
      continue;
    }
    const resolution = /RESOLUTION=\d+x(\d+)/.exec(line);
    const uriAt = lines.findIndex((next, at) => at > index && next.trim() && !next.startsWith('#'));
    if (resolution && Number(resolution[1]) === height) kept.push(line, lines[uriAt]!);
    index = uriAt < 0 ? index : uriAt;
  }
  return kept.join('\n');
}

export function offerToRecord(
  movie: MovieDetails,
  offer: DownloadOffer,
  height: number,
  now: Date,
): DownloadRecord {
  const rung = offer.rungs.find((candidate) => candidate.height === height)!;
  const toStored = (file: { key: string; bytes: number }): StoredFile => ({
    ...file,
    done: false,
    storedBytes: 0,
  });
  return {
    movieId: movie.id,
    movie,
    height,
    state: 'queued',
    failure: null,
    createdAt: now.toISOString(),
    completedAt: null,
    lastWatchedAt: null,
    positionSeconds: null,
    durationSeconds: offer.durationSeconds,
    masterKey: offer.masterKey,
    baseUrl: offer.baseUrl,
    tokenExpiresAt: offer.tokenExpiresAt,
    subtitles: offer.subtitles,
    trickplay: offer.trickplay,
    files: [...offer.common, ...rung.files].map(toStored),
    license: offer.license,
    signature: offer.signature,
    licenseCheckedAt: now.toISOString(),
  };
}

export function fetchOffer(slug: string): Promise<DownloadOffer> {
  return callRoute('downloadOffer', { params: { idOrSlug: slug } }).then((offer) => {
    noteServerTime(offer.license.serverTime);
    return offer;
  });
}

interface Running {
  controller: AbortController;
  /** Bytes and times of recent files, for the speed. */
  samples: { at: number; bytes: number }[];
  done: Promise<void>;
  /** The record's writes behind the workers (`saveBehind`), and the first that failed. */
  saving: Promise<void>;
  saveQueued: boolean;
  saveError?: unknown;
}

type Listener = () => void;

/**
 * Runs downloads one film at a time, in the order they were asked for; each film's files are
 * fetched a few at once and written to the store as each arrives, the record updated behind
 * every write, so stopping anywhere (pause, a closed page, a dead network) loses at most the
 * files in flight.
 */
export function createDownloader(notify: Listener) {
  const running = new Map<number, Running>();
  /** Records as last written, so progress is read without touching IndexedDB. */
  const cache = new Map<number, DownloadRecord>();
  let lastNotify = 0;
  let notifyTimer: ReturnType<typeof setTimeout> | undefined;

  function changed(force = false): void {
    const now = Date.now();
    if (force || now - lastNotify >= NOTIFY_EVERY_MS) {
      clearTimeout(notifyTimer);
      notifyTimer = undefined;
      lastNotify = now;
      notify();
    } else {
      notifyTimer ??= setTimeout(() => changed(true), NOTIFY_EVERY_MS);
    }
  }

  async function save(record: DownloadRecord): Promise<void> {
    cache.set(record.movieId, record);
    await store.put(record);
  }

  async function fetchFile(record: DownloadRecord, file: StoredFile, signal: AbortSignal) {
    let response = await fetch(`${record.baseUrl}${encodeKey(file.key)}`, { signal });
    if (response.status === 401 || response.status === 403) {
      // The token expired on a long download: a fresh offer carries a fresh one.
      const offer = await fetchOffer(record.movie.slug);
      record.baseUrl = offer.baseUrl;
      record.tokenExpiresAt = offer.tokenExpiresAt;
      response = await fetch(`${record.baseUrl}${encodeKey(file.key)}`, { signal });
    }
    if (!response.ok) throw new AppError('unavailable', `http_${response.status}`, file.key);
    // A Blob, not an ArrayBuffer: the bytes go to the store without passing through the page's
    // memory (bench/downloads.bench.ts: ArrayBuffers peaked at 83 MB over a 205 MB film, Blobs
    // at 4 MB).
    const data = await response.blob();
    if (data.size !== file.bytes)
      throw new AppError('unavailable', 'size_mismatch', `${file.key}: ${data.size}`);
    return data;
  }

  /**
   * Writes the record after the workers, one write at a time, each with the latest state: a
   * worker goes on to its next file without waiting for a second transaction.
   */
  function saveBehind(record: DownloadRecord, job: Running): void {
    if (job.saveQueued) return;
    job.saveQueued = true;
    job.saving = job.saving
      .then(() => {
        job.saveQueued = false;
        return save(record);
      })
      .catch((error: unknown) => void (job.saveError ??= error));
  }

  async function storeFile(record: DownloadRecord, file: StoredFile, data: Blob) {
    let stored = data;
    if (file.key === record.masterKey) {
      stored = new Blob([masterForRung(await data.text(), record.height)], { type: data.type });
    }
    await store.putFile(record.movieId, file.key, stored);
    file.done = true;
    file.storedBytes = stored.size;
  }

  async function run(record: DownloadRecord, job: Running): Promise<void> {
    const pending = record.files.filter((file) => !file.done);
    let failures = 0;
    const worker = async () => {
      for (let file = pending.shift(); file; file = pending.shift()) {
        if (job.controller.signal.aborted) return;
        if (job.saveError !== undefined) throw job.saveError;
        try {
          const data = await fetchFile(record, file, job.controller.signal);
          await storeFile(record, file, data);
          failures = 0;
          job.samples.push({ at: Date.now(), bytes: file.bytes });
          saveBehind(record, job);
          changed();
        } catch (error) {
          if (job.controller.signal.aborted) return;
          if (isQuotaError(error)) throw error;
          if (error instanceof AppError && /^http_(402|403|404)$/.test(error.code)) throw error;
          failures += 1;
          pending.unshift(file);
          if (failures > MAX_FAILURES && isOnline()) throw error;
          await waitForRetry(job.controller.signal);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    await job.saving;
    if (job.saveError !== undefined) throw job.saveError;
  }

  async function finish(record: DownloadRecord, outcome: unknown): Promise<void> {
    if (outcome === undefined) {
      const complete = record.files.every(
        (file) => file.done && (file.key === record.masterKey || file.storedBytes === file.bytes),
      );
      if (complete) {
        record.state = 'complete';
        record.completedAt = new Date(trustedNow()).toISOString();
      }
    } else if (record.state === 'downloading') {
      record.state = 'failed';
      record.failure = isQuotaError(outcome)
        ? 'quota'
        : outcome instanceof AppError && /^(http_40[234]|payment)/.test(outcome.code)
          ? 'not_allowed'
          : outcome instanceof DOMException
            ? 'storage'
            : 'network';
      console.warn(`[downloads] film ${record.movieId} stopped: ${record.failure}`, outcome);
    }
    await save(record).catch(() => undefined);
    changed(true);
  }

  function start(record: DownloadRecord): Promise<void> {
    const existing = running.get(record.movieId);
    if (existing) return existing.done;
    record.state = 'downloading';
    record.failure = null;
    cache.set(record.movieId, record);
    const job: Running = {
      controller: new AbortController(),
      samples: [],
      done: Promise.resolve(),
      saving: Promise.resolve(),
      saveQueued: false,
    };
    job.done = save(record)
      .then(() => run(record, job))
      .then(
        () => finish(record, undefined),
        (error: unknown) => finish(record, error ?? new Error('failed')),
      )
      .finally(() => running.delete(record.movieId));
    running.set(record.movieId, job);
    changed(true);
    return job.done;
  }

  async function stop(movieId: number, state: 'paused' | 'stopping'): Promise<void> {
    const job = running.get(movieId);
    const record = cache.get(movieId) ?? (await store.get(movieId));
    if (record && state === 'paused' && record.state !== 'complete') record.state = 'paused';
    job?.controller.abort();
    await job?.done;
    if (record && state === 'paused' && record.state !== 'complete') {
      record.state = 'paused';
      await save(record);
      changed(true);
    }
  }

  // A dropped network pauses nothing: workers wait for it, then carry on.
  onConnectivityChange((online) => {
    if (online) for (const waiter of waiters.splice(0)) waiter();
  });

  return {
    start,
    pause: (movieId: number) => stop(movieId, 'paused'),
    /** Stops a download without saving its state (it is being deleted). */
    halt: (movieId: number) => stop(movieId, 'stopping'),
    isRunning: (movieId: number) => running.has(movieId),
    cached: (movieId: number) => cache.get(movieId),
    forget: (movieId: number) => cache.delete(movieId),
    remember: (record: DownloadRecord) => cache.set(record.movieId, record),
    speed(movieId: number): number {
      const job = running.get(movieId);
      if (!job) return 0;
      const since = Date.now() - SPEED_WINDOW_MS;
      job.samples = job.samples.filter((sample) => sample.at >= since);
      const bytes = job.samples.reduce((sum, sample) => sum + sample.bytes, 0);
      const first = job.samples[0];
      if (!first) return 0;
      return (bytes * 1000) / Math.max(1000, Date.now() - first.at);
    },
    storedBytes,
  };
}

const waiters: (() => void)[] = [];

/** A short pause before retrying; offline, until the network is back. */
function waitForRetry(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = isOnline() ? setTimeout(done, RETRY_MS) : undefined;
    if (!isOnline()) waiters.push(done);
    signal.addEventListener('abort', done);
  });
}
