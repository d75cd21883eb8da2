import pg from 'pg';
import type { Logger } from 'pino';
import type { ResponseCache } from '../../http/response-cache.js';

/**
 * The channel the catalog tables' triggers notify on every committed write (migration
 * `Migration20261202300000_catalog_speed`): admin edits, imports, publishing, finished transcodes,
 * from whichever process or worker made them.
 */
export const CATALOG_CHANGED_CHANNEL = 'catalog_changed';
const RETRY_MS = 1000;

export interface CatalogChanges {
  stop(): Promise<void>;
}

/**
 * Keeps `cache` in step with the catalog: one connection of its own LISTENs, and every
 * notification empties the cache. While the connection is down (and until the first LISTEN
 * succeeds) the cache is off, since changes made then would go unheard; it reconnects by itself.
 */
export function listenForCatalogChanges(
  databaseUrl: string,
  cache: ResponseCache,
  logger: Logger,
): CatalogChanges {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl });
    client = next;
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = null;
      cache.setLive(false);
      void next.end().catch(() => undefined);
      if (stopped) return;
      logger.warn({ err: error }, 'catalog change listener lost; response cache off until back');
      retry = setTimeout(() => void connect(), RETRY_MS);
    };
    next.on('error', lost);
    next.on('end', () => lost());
    next.on('notification', () => cache.clear());
    try {
      await next.connect();
      await next.query(`listen ${CATALOG_CHANGED_CHANNEL}`);
      if (client === next && !stopped) cache.setLive(true);
    } catch (error) {
      lost(error as Error);
    }
  }
  void connect();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      cache.setLive(false);
      await current?.end().catch(() => undefined);
    },
  };
}
