import type { Download } from './index';

/**
 * Who wants the downloads list on every change, kept apart from the engine so the app shell can
 * listen from the start without fetching the engine's code (it comes with the first download, or
 * once the first screen is drawn when one is stored).
 */
export const downloadListeners = new Set<(downloads: Download[]) => void>();

/** Called with the whole list on every change (progress included, at most a few times a second). */
export function onDownloadsChange(listener: (downloads: Download[]) => void): () => void {
  downloadListeners.add(listener);
  return () => downloadListeners.delete(listener);
}
