import type { DownloadFile, DownloadLicense, MovieDetails } from '@lanxang/contracts';
import { localStore } from '../lib/local-store';

/**
 * Our own store of downloaded films in IndexedDB (through localforage, fetched on first use): one record per download in
 * `records`, each file of it under its own key in `files`, so a download can stop anywhere and
 * carry on from the first missing file, and deleting it frees every key it wrote.
 */
export type RecordState = 'queued' | 'downloading' | 'paused' | 'complete' | 'failed';
export type RecordFailure = 'quota' | 'network' | 'not_allowed' | 'storage';

export interface StoredFile extends DownloadFile {
  /** Stored, with exactly `bytes` fetched. */
  done: boolean;
  /** What the store holds for it (the master is rewritten to the chosen rung, so smaller). */
  storedBytes: number;
}

export interface DownloadRecord {
  movieId: number;
  movie: MovieDetails;
  height: number;
  state: RecordState;
  failure: RecordFailure | null;
  createdAt: string;
  completedAt: string | null;
  lastWatchedAt: string | null;
  positionSeconds: number | null;
  durationSeconds: number | null;
  masterKey: string;
  baseUrl: string;
  tokenExpiresAt: string;
  subtitles: { locale: 'en' | 'lo'; label: string; vttKey: string }[];
  trickplay: { vttKey: string; intervalSeconds: number } | null;
  /** Common files first, then the rung's playlist, init segment and media segments. */
  files: StoredFile[];
  license: DownloadLicense;
  signature: string;
  /** When the server last renewed the license (ISO). */
  licenseCheckedAt: string;
}

const records = localStore({ name: 'lanxang', storeName: 'downloads' });
const files = localStore({ name: 'lanxang', storeName: 'download_files' });
const settings = localStore({ name: 'lanxang', storeName: 'download_settings' });

const fileKey = (movieId: number, key: string) => `${movieId}/${key}`;

export const store = {
  async all(): Promise<DownloadRecord[]> {
    const list: DownloadRecord[] = [];
    await (
      await records()
    ).iterate<DownloadRecord, void>((record) => {
      list.push(record);
    });
    return list;
  },
  get: async (movieId: number) => (await records()).getItem<DownloadRecord>(String(movieId)),
  put: async (record: DownloadRecord) => (await records()).setItem(String(record.movieId), record),
  /**
   * A Blob straight from `response.blob()`: IndexedDB takes it without copying its bytes through
   * the page (an ArrayBuffer costs a copy into the page and another out of it).
   */
  async putFile(movieId: number, key: string, data: Blob): Promise<void> {
    await (await files()).setItem(fileKey(movieId, key), data);
  },
  /** Downloads stored before files were kept as Blobs hold ArrayBuffers. */
  getFile: async (movieId: number, key: string) =>
    (await files()).getItem<Blob | ArrayBuffer>(fileKey(movieId, key)),
  /** Every file key of the film, then its record: nothing of it is left. */
  async remove(movieId: number): Promise<void> {
    const prefix = `${movieId}/`;
    const fileStore = await files();
    const keys = (await fileStore.keys()).filter((key) => key.startsWith(prefix));
    for (const key of keys) await fileStore.removeItem(key);
    await (await records()).removeItem(String(movieId));
  },
  /** Files of films with no record (a crash between the two deletes): removed at start. */
  async removeOrphans(): Promise<number> {
    const fileStore = await files();
    const known = new Set((await (await records()).keys()).map((id) => `${id}/`));
    const orphans = (await fileStore.keys()).filter(
      (key) => !known.has(`${key.slice(0, key.indexOf('/'))}/`),
    );
    for (const key of orphans) await fileStore.removeItem(key);
    return orphans.length;
  },
  async fileKeyCount(movieId: number): Promise<number> {
    const prefix = `${movieId}/`;
    return (await (await files()).keys()).filter((key) => key.startsWith(prefix)).length;
  },
  getSetting: async <T>(key: string) => (await settings()).getItem<T>(key),
  setSetting: async <T>(key: string, value: T) => (await settings()).setItem(key, value),
};

/** A stored file as a Blob, whichever way it was stored. */
export const asBlob = (data: Blob | ArrayBuffer): Blob =>
  data instanceof Blob ? data : new Blob([data]);

/** Stored bytes of a record: what it takes of the budget. */
export const storedBytes = (record: DownloadRecord) =>
  record.files.reduce((sum, file) => sum + (file.done ? file.storedBytes : 0), 0);

/** Whether a storage failure is the browser refusing more bytes (quota or a full disk). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  return name === 'QuotaExceededError' || /quota|disk.*full|no space/i.test(message);
}
