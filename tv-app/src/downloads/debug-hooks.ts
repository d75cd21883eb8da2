import { getMovie } from '../services/catalog';
import { trustedNow } from '../lib/server-time';
import {
  cleanupLog,
  DownloadError,
  getBudgetBytes,
  listDownloads,
  offlinePlayback,
  pauseDownload,
  removeDownload,
  resumeDownload,
  runCleanup,
  setBudgetBytes,
  startDownload,
} from './index';
import type { LazyHooks } from './expose-hooks';
import { asBlob, store } from './store';

/**
 * `window.__lanxangDownloads`: the engine as browser tests and the benchmark drive it before (and
 * besides) the screens. Films are named by slug; refusals come back as `{ error: code }`.
 */
export const hooks = {
  async start(slug: string, choice: 'auto' | number) {
    try {
      return await startDownload(await getMovie(slug), choice);
    } catch (error) {
      if (error instanceof DownloadError) return { error: error.code, detail: error.detail };
      throw error;
    }
  },
  pause: pauseDownload,
  resume: resumeDownload,
  remove: removeDownload,
  list: listDownloads,
  offlinePlayback,
  setBudget: setBudgetBytes,
  budget: getBudgetBytes,
  runCleanup,
  cleanupLog,
  trustedNow,
  /** What the store really holds for a film: every file key and the bytes under them. */
  async stored(movieId: number) {
    const record = await store.get(movieId);
    let bytes = 0;
    for (const file of record?.files ?? []) {
      const data = await store.getFile(movieId, file.key);
      bytes += data ? asBlob(data).size : 0;
    }
    return { keys: await store.fileKeyCount(movieId), bytes, record };
  },
};

declare global {
  interface Window {
    /** Set by `exposeDownloadHooks` (expose-hooks.ts): these hooks, fetched on first call. */
    __lanxangDownloads?: LazyHooks;
  }
}
