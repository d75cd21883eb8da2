import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { initDatabase, type Db } from './db.js';
import { jobRunner, type JobRunner } from './jobs.js';
import { createLogger } from './logger.js';
import { accountServices, type AccountServices } from './modules/accounts/services.js';
import { createAnalyticsJobs, type AnalyticsJobs } from './modules/analytics/analytics-jobs.js';
import { playbackAnalytics, type PlaybackAnalytics } from './modules/analytics/analytics.js';
import { OwnershipRegistry } from './modules/accounts/ownership.js';
import type { Clock } from './modules/accounts/sessions.js';
import { auditLog, type AuditLog } from './modules/audit/audit.js';
import {
  catalogAdmin,
  catalogAdminReads,
  type CatalogAdmin,
  type CatalogAdminReads,
} from './modules/catalog/admin/index.js';
import { catalogReader, type CatalogReader } from './modules/catalog/catalog.read.js';
import {
  clearOnOwnCatalogWrites,
  listenForCatalogChanges,
} from './modules/catalog/catalog-changes.js';
import { ResponseCache } from './http/response-cache.js';
import type { Entitlements } from './modules/media/entitlements.js';
import { mediaLibrary, type MediaLibrary } from './modules/media/media-library.js';
import { createMediaQueue, type MediaQueue } from './modules/media/media-queue.js';
import type { ImageTarget } from './modules/media/images.js';
import { createMediaStorage, type MediaStorage } from './modules/media/storage.js';
import { rentalServices, type RentalServices } from './modules/rentals/index.js';
import { mediaTokens, type MediaTokens } from './modules/media/tokens.js';
import {
  migrateWatchProgress,
  watchProgress,
  type WatchProgressService,
} from './modules/progress/progress.js';
import { tmdbBatches, type TmdbBatches } from './modules/tmdb/tmdb.batches.js';
import { createTmdbClient, type TmdbClient } from './modules/tmdb/tmdb.client.js';
import { tmdbImporter, type TmdbImporter } from './modules/tmdb/tmdb.importer.js';

/** The transcode pipeline's long-lived parts: the queue is started by whoever runs jobs. */
export interface MediaServices {
  storage: MediaStorage;
  /** Where images are stored (every size through `storeImageSizes`), built in a work dir first. */
  images: ImageTarget;
  queue: MediaQueue;
  /** Films' videos, subtitles and jobs, and what a viewer may play. */
  library: MediaLibrary;
  /** Which films need a rental and who holds one: the rentals module answers (`rentals.entitlements`). */
  entitlements: Entitlements;
  /** Signs and checks the tokens in media URLs (`/media/t/<token>/…`). */
  tokens: MediaTokens;
}

export interface TmdbServices {
  client: TmdbClient;
  importer: TmdbImporter;
  batches: TmdbBatches;
}

/**
 * Every service of the API, built once by `createServices`. The HTTP app, the worker, the seed
 * command and the tests all start from this one object; route files only map requests onto it.
 */
export interface Services {
  config: Config;
  logger: Logger;
  db: Db;
  clock: Clock;
  /** Where per-viewer modules (progress, rentals) register how their records move to an account. */
  ownership: OwnershipRegistry;
  /** The process's one pg-boss, shared by every module's background jobs. */
  jobs: JobRunner;
  accounts: AccountServices;
  catalog: {
    reader: CatalogReader;
    admin: CatalogAdmin;
    adminReads: CatalogAdminReads;
    /** The public reads as sent to anonymous callers, emptied by every catalog write. */
    responses: ResponseCache;
  };
  /** The log of admin writes (each write records its own entry in its transaction). */
  audit: AuditLog;
  media: MediaServices;
  /** Pricing, payments and their providers, rentals, and what playback asks of them. */
  rentals: RentalServices;
  /** Viewers' watch progress (resume points, Continue watching). */
  progress: WatchProgressService;
  /** Playback events in, admin figures out; `jobs` (the daily rollup) is started like the media queue. */
  analytics: { service: PlaybackAnalytics; jobs: AnalyticsJobs };
  /** `null` without `TMDB_API_KEY`: the import routes then answer 503 `tmdb_not_configured`. */
  tmdb: TmdbServices | null;
  /** Stops the job queues (if started), then closes the database pool. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** An open database to use instead of connecting to `config.databaseUrl`. */
  db?: Db;
  /** Pool size of the database this opens. */
  poolMax?: number;
  logger?: Logger;
  /** Tests pass a clock they can move (session expiry, code lifetimes, rate windows). */
  clock?: Clock;
}

/** The composition root: opens the database and builds each service once. */
export async function createServices(
  config: Config,
  options: ServiceOptions = {},
): Promise<Services> {
  const logger = options.logger ?? createLogger(config);
  const clock = options.clock ?? (() => new Date());
  const db = options.db ?? (await initDatabase(config.databaseUrl, { poolMax: options.poolMax }));
  const ownership = new OwnershipRegistry();
  const storage = createMediaStorage(config);
  const jobs = jobRunner(config, logger);
  const queue = createMediaQueue({ db, config, logger, storage, jobs });
  const rentals = rentalServices(config, { em: db.em, clock, logger, ownership, jobs });
  const media: MediaServices = {
    storage,
    images: { storage, workDir: path.join(config.media.workDir, 'images') },
    queue,
    library: mediaLibrary(db.em, { config, queue, storage, logger }),
    entitlements: rentals.entitlements,
    tokens: mediaTokens(config.media.tokenSecret, config.media.tokenTtlSeconds, clock),
  };
  const tmdb = config.tmdb.apiKey
    ? tmdbServices(config, config.tmdb.apiKey, { db, logger, images: media.images })
    : null;
  logger.debug({ configured: Boolean(tmdb), baseUrl: config.tmdb.baseUrl }, 'tmdb import');
  const audit = auditLog(db.em);
  const reader = catalogReader(db, storage);
  const responses = new ResponseCache(config.catalogCacheEntries, clock);
  const catalogChanges = listenForCatalogChanges(config.databaseUrl, responses, logger);
  clearOnOwnCatalogWrites(db.orm, responses);
  ownership.register('watchProgress', migrateWatchProgress);
  const analytics = playbackAnalytics(db, {
    clock,
    retentionDays: config.analytics.retentionDays,
    logger,
  });
  const analyticsJobs = createAnalyticsJobs({ config, analytics, jobs });
  return {
    config,
    logger,
    db,
    clock,
    ownership,
    jobs,
    accounts: accountServices(config, { clock, ownership }),
    catalog: {
      reader,
      admin: catalogAdmin(db.em, { storage, images: media.images, logger }),
      adminReads: catalogAdminReads(db, audit),
      responses,
    },
    audit,
    media,
    rentals,
    progress: watchProgress(db, { clock, catalog: reader }),
    analytics: { service: analytics, jobs: analyticsJobs },
    tmdb,
    async close() {
      await catalogChanges.stop();
      await rentals.reconciler.stop();
      await media.queue.stop();
      await jobs.stop();
      await db.close();
    },
  };
}

function tmdbServices(
  config: Config,
  apiKey: string,
  { db, logger, images }: { db: Db; logger: Logger; images: ImageTarget },
): TmdbServices {
  const client = createTmdbClient({
    apiKey,
    baseUrl: config.tmdb.baseUrl,
    timeoutMs: config.tmdb.timeoutMs,
    maxRetries: config.tmdb.maxRetries,
  });
  const importer = tmdbImporter({ db, client, images, logger });
  return { client, importer, batches: tmdbBatches({ db, importer, logger }) };
}
