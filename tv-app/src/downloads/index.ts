import type { Image, LocalizedText, MovieDetails } from '@lanxang/contracts';

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
  /** Where the viewer stopped, for the Downloads page and the resume point. */
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

export type DownloadableMovie = Pick<
  MovieDetails,
  'id' | 'slug' | 'title' | 'poster' | 'runtimeMinutes' | 'rentalRequired'
>;

export async function downloadSupport(): Promise<DownloadSupport> {
  if (typeof indexedDB === 'undefined') return { supported: false, reason: 'no-indexeddb' };
  if (!navigator.storage?.estimate) return { supported: false, reason: 'no-storage-api' };
  const { quota = 0, usage = 0 } = await navigator.storage.estimate();
  if (quota - usage < 100 * 1024 ** 2) return { supported: false, reason: 'no-quota' };
  return { supported: true, quotaBytes: quota, usedBytes: usage };
}

const notYet = (what: string) => new DownloadError('unsupported', `${what}: not built yet`);

export async function downloadChoices(movie: DownloadableMovie): Promise<DownloadChoices> {
  throw notYet(`downloadChoices(${movie.slug})`);
}

/** Refuses with a `DownloadError` before fetching anything when the choice would not fit. */
export async function startDownload(
  movie: DownloadableMovie,
  choice: 'auto' | number,
): Promise<Download> {
  throw notYet(`startDownload(${movie.slug}, ${choice})`);
}

export async function pauseDownload(id: DownloadId): Promise<void> {
  throw notYet(`pauseDownload(${id})`);
}

export async function resumeDownload(id: DownloadId): Promise<void> {
  throw notYet(`resumeDownload(${id})`);
}

/** Stops a download under way and frees what it stored. */
export async function cancelDownload(id: DownloadId): Promise<void> {
  throw notYet(`cancelDownload(${id})`);
}

export async function removeDownload(id: DownloadId): Promise<void> {
  throw notYet(`removeDownload(${id})`);
}

export async function removeAllDownloads(): Promise<void> {
  throw notYet('removeAllDownloads()');
}

/** Newest first. */
export async function listDownloads(): Promise<Download[]> {
  return [];
}

/** Called with the whole list on every change (progress included, at most a few times a second). */
export function onDownloadsChange(listener: (downloads: Download[]) => void): () => void {
  void listener;
  return () => undefined;
}

/** `null` when the film is not stored. */
export async function offlinePlayback(movieId: number): Promise<OfflinePlayback | null> {
  void movieId;
  return null;
}

/** `now` is the trusted time (`trustedNow()`), never lower than the latest server time seen. */
export function playableOffline(download: Download, now: number): Playability {
  if (download.state !== 'complete') return 'incomplete';
  if (download.rentalEndsAt && now >= Date.parse(download.rentalEndsAt)) return 'rental_ended';
  if (now >= Date.parse(download.renewBy)) return 'needs_server_check';
  return 'ok';
}

export function getBudgetBytes(): number {
  return DEFAULT_BUDGET_BYTES;
}

export async function setBudgetBytes(bytes: number): Promise<void> {
  void bytes;
}

/** Newest first. */
export async function cleanupLog(): Promise<CleanupEntry[]> {
  return [];
}

export async function runCleanup(): Promise<CleanupEntry[]> {
  return [];
}

/**
 * The time the rules trust: the device clock, but never earlier than the latest server time the app
 * has seen (the `Date` header of any API answer), so turning the clock back extends nothing.
 */
export function trustedNow(): number {
  return Date.now();
}
