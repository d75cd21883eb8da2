import type { Image, LocalizedText, MovieDetails } from '@lanxang/contracts';
import { isOnline } from '../lib/connectivity';
import { resumePointOf } from '../lib/resume';
import { serverTimeSeen, trustedNow } from '../lib/server-time';
import { AppError } from '../services/errors';
import { downloadListeners } from './changes';
import { planCleanup } from './cleanup';
import { createDownloader, fetchOffer, offerToRecord } from './engine';
import { store, storedBytes, type DownloadRecord } from './store';

export { trustedNow };
export { offlineTrickplayUrl, releaseOfflineImages } from './offline-images';

/**
 * The download engine's public face: the screens (Details, the progress view, Downloads, Settings)
 * and the player use only what this file exports. Films are stored in our own localforage store,
 * one key per file, and played through the `lxoffline:` Shaka scheme (docs/decisions/015).
 */

/** One download per film: its id is the film's id. */
export type DownloadId = number;

export type DownloadState = 'queued' | 'downloading' | 'paused' | 'complete' | 'failed';

/** Why a download stopped: shown by the screens in the viewer's words. */
export type DownloadFailure =
  /** The browser refused to store more (quota or a full disk). */
  | 'quota'
  /** The network or the API failed for longer than the engine retries. */
  | 'network'
  /** The rental ended, or the server refused the film (402/403/404). */
  | 'not_allowed'
  /** IndexedDB failed for another reason. */
  | 'storage';

/** What the screens show of the film without the network. */
export interface DownloadMovie {
  id: number;
  slug: string;
  title: LocalizedText;
  poster: Image | null;
  runtimeMinutes: number | null;
  rentalRequired: boolean;
}

export interface DownloadProgress {
  /** 0–100, by bytes. */
  percent: number;
  segmentsDone: number;
  segmentsTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Over the last few seconds; 0 when not downloading. */
  bytesPerSecond: number;
  /** `null` while the speed is unknown or the download is not moving. */
  etaSeconds: number | null;
}

export interface Download {
  id: DownloadId;
  movie: DownloadMovie;
  /** The stored video rung. */
  height: number;
  state: DownloadState;
  failure: DownloadFailure | null;
  progress: DownloadProgress;
  /** ISO times. */
  createdAt: string;
  completedAt: string | null;
  lastWatchedAt: string | null;
  /** Where the viewer stopped (`noteWatchedPosition`), for the Downloads page and the resume point. */
  positionSeconds: number | null;
  durationSeconds: number | null;
  /** From the server's signed license: a rental's end (null for a free film). */
  rentalEndsAt: string | null;
  /** A free film must be seen by the server again before this (ISO). */
  renewBy: string;
}

export interface Rung {
  height: number;
  bandwidth: number;
  /** Estimated total: this rung's video plus the audio and the subtitles. */
  bytes: number;
}

export interface DownloadChoices {
  /** Highest first. */
  rungs: Rung[];
  /** The best rung that fits the budget left, or `null` when none does. */
  auto: number | null;
  budgetBytes: number;
  usedBytes: number;
}

export type DownloadSupport =
  | { supported: true; quotaBytes: number; usedBytes: number }
  | { supported: false; reason: 'no-indexeddb' | 'no-quota' | 'no-storage-api' };

export type DownloadErrorCode =
  /** The chosen rung would not fit in the budget (or the browser's quota). */
  | 'does_not_fit'
  | 'unsupported'
  /** The film is already stored or being stored. */
  | 'already_downloaded'
  /** No active rental, or the film can't be played by this viewer. */
  | 'not_allowed'
  | 'offline'
  | 'unknown_rung'
  | 'not_found';

/** A refusal the screens can explain; nothing was fetched or stored. */
export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    /** For `does_not_fit`: what the choice needs and what is left. */
    readonly detail?: { neededBytes: number; availableBytes: number },
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** What the player needs to play a stored film, like `Playback` for a streamed one. */
export interface OfflinePlayback {
  movieId: number;
  /** `lxoffline://<id>/master.m3u8`: served from the store by the scheme the player registers. */
  uri: string;
  durationSeconds: number | null;
  subtitles: { locale: 'en' | 'lo'; label: string; uri: string }[];
  trickplay: { vttUri: string; intervalSeconds: number } | null;
  /** Where "Resume from …" starts, by the online rule (`lib/resume.ts`); `null`: from the start. */
  resumeSeconds: number | null;
  /** Only `ok` plays. */
  playable: Playability;
}

export type Playability = 'ok' | 'rental_ended' | 'needs_server_check' | 'incomplete';

export interface CleanupEntry {
  at: string;
  movieId: number;
  title: LocalizedText;
  bytes: number;
  reason: 'over_budget' | 'expired';
}

export const DEFAULT_BUDGET_BYTES = 5 * 1024 ** 3;
/** The URI scheme of stored films. */
export const OFFLINE_SCHEME = 'lxoffline';

/** The film as Details has it: stored whole, so the player can open it with no network. */
export type DownloadableMovie = MovieDetails;

const BUDGET_KEY = 'budgetBytes';
const LOG_KEY = 'cleanupLog';
const LOG_LENGTH = 50;
const MB = 1024 ** 2;

const downloader = createDownloader(() => void notifyListeners());
let budget = DEFAULT_BUDGET_BYTES;
/** The film the player has open from the store: cleanup never removes it. */
let playing: number | null = null;

async function notifyListeners(): Promise<void> {
  if (downloadListeners.size === 0) return;
  const list = await listDownloads();
  for (const listener of downloadListeners) listener(list);
}

function toDownload(record: DownloadRecord): Download {
  const segments = record.files.filter((file) => /\.(m4s|ts|aac)$/.test(file.key));
  const bytesTotal = record.files.reduce((sum, file) => sum + file.bytes, 0);
  const bytesDone = record.files.reduce((sum, file) => sum + (file.done ? file.bytes : 0), 0);
  const bytesPerSecond = downloader.speed(record.movieId);
  return {
    id: record.movieId,
    movie: {
      id: record.movie.id,
      slug: record.movie.slug,
      title: record.movie.title,
      poster: record.movie.poster,
      runtimeMinutes: record.movie.runtimeMinutes,
      rentalRequired: record.movie.rentalRequired,
    },
    height: record.height,
    state: record.state,
    failure: record.failure,
    progress: {
      percent: bytesTotal ? Math.min(100, (bytesDone / bytesTotal) * 100) : 0,
      segmentsDone: segments.filter((file) => file.done).length,
      segmentsTotal: segments.length,
      bytesDone,
      bytesTotal,
      bytesPerSecond,
      etaSeconds:
        bytesPerSecond > 0 && record.state === 'downloading'
          ? (bytesTotal - bytesDone) / bytesPerSecond
          : null,
    },
    createdAt: record.createdAt,
    completedAt: record.completedAt,
    lastWatchedAt: record.lastWatchedAt,
    positionSeconds: record.positionSeconds,
    durationSeconds: record.durationSeconds,
    rentalEndsAt: record.license.rentalEndsAt,
    renewBy: record.license.renewBy,
  };
}

async function records(): Promise<DownloadRecord[]> {
  const stored = await store.all();
  return stored.map((record) => downloader.cached(record.movieId) ?? record);
}

async function record(id: DownloadId): Promise<DownloadRecord> {
  const found = downloader.cached(id) ?? (await store.get(id));
  if (!found) throw new DownloadError('not_found', `No download of film ${id}`);
  return found;
}

const usedBytes = async () => (await records()).reduce((sum, each) => sum + storedBytes(each), 0);

/** What is left for new downloads: of the budget, and of what the browser will give us. */
async function availableBytes(): Promise<{ budgetLeft: number; used: number }> {
  const used = await usedBytes();
  let budgetLeft = budget - used;
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota !== undefined) {
    budgetLeft = Math.min(budgetLeft, estimate.quota - (estimate.usage ?? 0));
  }
  return { budgetLeft, used };
}

export async function downloadSupport(): Promise<DownloadSupport> {
  if (typeof indexedDB === 'undefined') return { supported: false, reason: 'no-indexeddb' };
  if (!navigator.storage?.estimate) return { supported: false, reason: 'no-storage-api' };
  const { quota = 0, usage = 0 } = await navigator.storage.estimate();
  if (quota - usage < 100 * MB) return { supported: false, reason: 'no-quota' };
  return { supported: true, quotaBytes: quota, usedBytes: usage };
}

function offlineError(error: unknown): never {
  if (error instanceof AppError && error.status === 402)
    throw new DownloadError('not_allowed', error.message);
  if (error instanceof AppError && error.status === 404)
    throw new DownloadError('not_found', error.message);
  if (error instanceof AppError && error.kind === 'network')
    throw new DownloadError('offline', error.message);
  throw error;
}

export async function downloadChoices(movie: DownloadableMovie): Promise<DownloadChoices> {
  const offer = await fetchOffer(movie.slug).catch(offlineError);
  const { budgetLeft, used } = await availableBytes();
  const rungs = offer.rungs.map(({ height, bandwidth, bytes }) => ({ height, bandwidth, bytes }));
  return {
    rungs,
    auto: rungs.find((rung) => rung.bytes <= budgetLeft)?.height ?? null,
    budgetBytes: budget,
    usedBytes: used,
  };
}

/** Refuses with a `DownloadError` before fetching anything when the choice would not fit. */
export async function startDownload(
  movie: DownloadableMovie,
  choice: 'auto' | number,
): Promise<Download> {
  const support = await downloadSupport();
  if (!support.supported) throw new DownloadError('unsupported', support.reason);
  const existing = await store.get(movie.id);
  if (existing) throw new DownloadError('already_downloaded', `Film ${movie.id} is stored`);
  const offer = await fetchOffer(movie.slug).catch(offlineError);
  const { budgetLeft } = await availableBytes();
  const rung =
    choice === 'auto'
      ? offer.rungs.find((candidate) => candidate.bytes <= budgetLeft)
      : offer.rungs.find((candidate) => candidate.height === choice);
  if (!rung && choice !== 'auto')
    throw new DownloadError('unknown_rung', `Film ${movie.id} has no ${choice}p`);
  const needed = rung?.bytes ?? Math.min(...offer.rungs.map((candidate) => candidate.bytes));
  if (!rung || needed > budgetLeft) {
    throw new DownloadError('does_not_fit', 'Not enough space for this download', {
      neededBytes: needed,
      availableBytes: Math.max(0, budgetLeft),
    });
  }
  // Asked once, when it matters: a persisted store is not evicted under storage pressure.
  void navigator.storage?.persist?.().catch(() => false);
  const created = offerToRecord(movie, offer, rung.height, new Date(trustedNow()));
  downloader.remember(created);
  await store.put(created);
  void downloader.start(created);
  return toDownload(created);
}

export async function pauseDownload(id: DownloadId): Promise<void> {
  await downloader.pause(id);
}

export async function resumeDownload(id: DownloadId): Promise<void> {
  const found = await record(id);
  if (found.state === 'complete') return;
  void downloader.start(found);
}

/** Stops a download under way and frees what it stored. */
export async function cancelDownload(id: DownloadId): Promise<void> {
  await removeDownload(id);
}

export async function removeDownload(id: DownloadId): Promise<void> {
  await downloader.halt(id);
  downloader.forget(id);
  await store.remove(id);
  await notifyListeners();
}

export async function removeAllDownloads(): Promise<void> {
  for (const each of await store.all()) {
    await downloader.halt(each.movieId);
    downloader.forget(each.movieId);
    await store.remove(each.movieId);
  }
  await notifyListeners();
}

/** Newest first. */
export async function listDownloads(): Promise<Download[]> {
  return (await records()).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(toDownload);
}

export { onDownloadsChange } from './changes';

export const offlineUri = (movieId: number, key: string) => `${OFFLINE_SCHEME}://${movieId}/${key}`;

/** `null` when the film is not stored. */
export async function offlinePlayback(movieId: number): Promise<OfflinePlayback | null> {
  const found = downloader.cached(movieId) ?? (await store.get(movieId));
  if (!found) return null;
  return {
    movieId,
    uri: offlineUri(movieId, found.masterKey),
    durationSeconds: found.durationSeconds,
    // The stored master lists them as its SUBTITLES group; these are for a sidecar-only player.
    subtitles: found.subtitles.map((track) => ({
      locale: track.locale,
      label: track.label,
      uri: offlineUri(movieId, track.vttKey),
    })),
    trickplay: found.trickplay && {
      vttUri: offlineUri(movieId, found.trickplay.vttKey),
      intervalSeconds: found.trickplay.intervalSeconds,
    },
    resumeSeconds: resumeSecondsOf(found),
    playable: playableOffline(toDownload(found), trustedNow()),
  };
}

/** A stored film the player may open without the network: its details as Details had them. */
export async function storedMovie(slug: string): Promise<MovieDetails | null> {
  return (await records()).find((each) => each.movie.slug === slug)?.movie ?? null;
}

/**
 * The player opened (or closed, `null`) a stored film: cleanup spares it, and the Downloads page
 * sorts by when it was last watched.
 */
export async function notePlaying(movieId: number | null): Promise<void> {
  const id = movieId ?? playing;
  playing = movieId;
  if (id === null) return;
  const found = downloader.cached(id) ?? (await store.get(id));
  if (!found) return;
  found.lastWatchedAt = new Date(trustedNow()).toISOString();
  downloader.remember(found);
  await store.put(found);
}

/**
 * Where the viewer is in a film that is stored (or being stored), from the player's progress
 * saves, online or offline: the Downloads page's watched progress and the resume point of a start
 * with no network. The only writer of a download's position. Films not downloaded are ignored.
 */
export async function noteWatchedPosition(
  movieId: number,
  positionSeconds: number,
  durationSeconds: number,
): Promise<void> {
  const found = downloader.cached(movieId) ?? (await store.get(movieId));
  if (!found || !(durationSeconds > 0)) return;
  found.positionSeconds = Math.min(Math.max(0, positionSeconds), durationSeconds);
  // The player's length is the stream's own; the offer's may be missing or rounded.
  found.durationSeconds = durationSeconds;
  found.lastWatchedAt = new Date(trustedNow()).toISOString();
  downloader.remember(found);
  await store.put(found);
  await notifyListeners();
}

const resumeSecondsOf = (record: DownloadRecord) =>
  record.positionSeconds !== null && record.durationSeconds
    ? resumePointOf(record.positionSeconds, record.durationSeconds)
    : null;

/** Where to offer "Resume from …" in a stored film when the API can't say; `null` when not stored. */
export async function storedResumePoint(movieId: number): Promise<number | null> {
  const found = downloader.cached(movieId) ?? (await store.get(movieId).catch(() => null));
  return found ? resumeSecondsOf(found) : null;
}

/** A stored file for the player's `lxoffline:` scheme; `null` when it is not (yet) stored. */
export async function storedFile(movieId: number, key: string): Promise<ArrayBuffer | null> {
  const data = await store.getFile(movieId, key);
  return data instanceof Blob ? data.arrayBuffer() : data;
}

/** `now` is the trusted time (`trustedNow()`), never lower than the latest server time seen. */
export function playableOffline(download: Download, now: number): Playability {
  if (download.state !== 'complete') return 'incomplete';
  if (download.rentalEndsAt && now >= Date.parse(download.rentalEndsAt)) return 'rental_ended';
  if (now >= Date.parse(download.renewBy)) return 'needs_server_check';
  return 'ok';
}

export function getBudgetBytes(): number {
  return budget;
}

export async function setBudgetBytes(bytes: number): Promise<void> {
  budget = Math.max(0, Math.round(bytes));
  await store.setSetting(BUDGET_KEY, budget);
  await notifyListeners();
}

/** Newest first. */
export async function cleanupLog(): Promise<CleanupEntry[]> {
  return (await store.getSetting<CleanupEntry[]>(LOG_KEY)) ?? [];
}

export async function runCleanup(): Promise<CleanupEntry[]> {
  const all = await records();
  const removals = planCleanup(all, {
    now: trustedNow(),
    budgetBytes: budget,
    spare: (id) => id === playing || downloader.isRunning(id),
  });
  const entries: CleanupEntry[] = [];
  for (const removal of removals) {
    await store.remove(removal.record.movieId);
    downloader.forget(removal.record.movieId);
    entries.push({
      at: new Date(trustedNow()).toISOString(),
      movieId: removal.record.movieId,
      title: removal.record.movie.title,
      bytes: storedBytes(removal.record),
      reason: removal.reason,
    });
  }
  if (entries.length > 0) {
    const log = [...entries.reverse(), ...(await cleanupLog())].slice(0, LOG_LENGTH);
    await store.setSetting(LOG_KEY, log);
    await notifyListeners();
  }
  return entries;
}

/**
 * Shows each stored film's license to the server again (online only): a free film's 30 days
 * start over, and a rental the server no longer knows stops playing.
 */
export async function renewLicenses(): Promise<void> {
  if (!isOnline()) return;
  for (const each of await records()) {
    if (each.state !== 'complete') continue;
    try {
      const offer = await fetchOffer(each.movie.slug);
      each.license = offer.license;
      each.signature = offer.signature;
      each.licenseCheckedAt = offer.license.serverTime;
    } catch (error) {
      if (!(error instanceof AppError && error.status === 402)) continue;
      // No active rental on the server: the copy ends now, whatever it said before. "Now" is the
      // server's time from that very answer: the device's, with its milliseconds, could stay a
      // moment ahead of every later `trustedNow()` once the device clock is turned back.
      const endedAt = serverTimeSeen() || trustedNow();
      each.license = { ...each.license, rentalEndsAt: new Date(endedAt).toISOString() };
    }
    downloader.remember(each);
    await store.put(each);
  }
  await notifyListeners();
}

let started: Promise<void> | undefined;

/**
 * Once per app start: the budget, orphaned files from a crash removed, cleanup, licenses renewed,
 * and downloads the last session left under way carried on from their first missing file.
 */
export function startDownloads(): Promise<void> {
  started ??= (async () => {
    budget = (await store.getSetting<number>(BUDGET_KEY)) ?? DEFAULT_BUDGET_BYTES;
    await store.removeOrphans();
    await runCleanup();
    for (const each of await store.all()) {
      if (each.state === 'downloading' || each.state === 'queued') void downloader.start(each);
    }
    void renewLicenses();
  })().catch((error: unknown) => console.warn('[downloads] start failed', error));
  return started;
}
