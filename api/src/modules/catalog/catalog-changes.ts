import type { EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
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

/**
 * The tables whose writes change a public catalog response: the ones that carry the
 * `catalog_changed` trigger (held equal to the database's triggers by `catalog-cache.test.ts`).
 */
export const CATALOG_TABLES: ReadonlySet<string> = new Set([
  'movies',
  'movie_translations',
  'movie_genres',
  'genres',
  'genre_translations',
  'images',
  'people',
  'people_translations',
  'movie_cast',
  'movie_cast_translations',
  'movie_crew',
  'movie_crew_translations',
  'video_sources',
  'homepage_featured',
  'pricing_tiers',
]);

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

/**
 * Empties `cache` the moment one of this process's own ORM writes to the catalog commits, so
 * whoever wrote (an admin's request, a test, an import run here) reads it straight back; the
 * notification reaches the listener above a moment later, which is soon enough for others.
 * A write inside a transaction waits for its outermost transaction to commit: clearing before
 * that would let a read cache the old rows again.
 */
export function clearOnOwnCatalogWrites(orm: MikroORM, cache: ResponseCache): void {
  const pending = new WeakSet<object>();
  const subscriber: EventSubscriber = {
    afterFlush({ em, uow }: FlushEventArgs) {
      const touched =
        uow.getChangeSets().some((change) => CATALOG_TABLES.has(change.meta.tableName)) ||
        uow
          .getCollectionUpdates()
          .some((collection) => CATALOG_TABLES.has(collection.property.pivotTable ?? ''));
      if (!touched) return;
      const transaction = em.getTransactionContext<object>();
      if (transaction) pending.add(outermost(transaction));
      else cache.clear();
    },
    afterTransactionCommit({ transaction }: TransactionEventArgs) {
      if (transaction && pending.delete(transaction)) cache.clear();
    },
  };
  orm.em.getEventManager().registerSubscriber(subscriber);
}

/**
 * The transaction a savepoint belongs to. MikroORM marks a nested transaction with a symbol
 * holding its parent (and fires `afterTransactionCommit` only for the outermost one).
 */
function outermost(transaction: object): object {
  for (let current = transaction; ;) {
    const parent = Object.getOwnPropertySymbols(current).find(
      (symbol) => symbol.description === 'parentTransaction',
    );
    if (!parent) return current;
    current = (current as Record<symbol, object>)[parent]!;
  }
}
