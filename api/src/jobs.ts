import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { PGBOSS_SCHEMA } from './migrations/Migration20261122003000.js';

/** How long stopping waits for running handlers (a transcode told to stop) to return. */
const SHUTDOWN_WAIT_MS = 15_000;

/**
 * The one pg-boss of a process. Every background job runs on it (transcodes, the payment
 * reconciliation, the analytics rollup): one connection pool, one supervisor, one cron clock.
 * Modules create their queues and workers on `boss` after `start()`; `stop()` comes last, once
 * they have stopped their own work.
 */
export interface JobRunner {
  /** Usable for sends and reads once `start()` has resolved. */
  readonly boss: PgBoss;
  /** Connects pg-boss, once however many modules ask. */
  start(): Promise<void>;
  /** Creates a queue when missing; safe when several processes start together. */
  ensureQueue(name: string, options?: Omit<PgBoss.Queue, 'name'>): Promise<void>;
  /** Waits for running handlers (up to 15 s), then disconnects. */
  stop(): Promise<void>;
}

export function jobRunner(config: Config, logger: Logger): JobRunner {
  const boss = new PgBoss({
    connectionString: config.databaseUrl,
    schema: PGBOSS_SCHEMA,
    // Our migrations create pg-boss's schema (Migration20261122003000); pg-boss only checks it.
    migrate: false,
    // Transcodes hold a connection each while they report progress; schedules and sends share two.
    max: 2 + config.media.workerConcurrency,
    application_name: 'lanxang-jobs',
  });
  boss.on('error', (error) => logger.error({ err: error, module: 'jobs' }, 'pg-boss error'));
  let started: Promise<unknown> | undefined;

  return {
    boss,
    async start() {
      await (started ??= boss.start());
    },

    async ensureQueue(name, options = {}) {
      // Replicas and workers starting together race to create a queue; PostgreSQL ends the race
      // by failing one of them with a deadlock (40P01), after which the queue exists.
      for (let attempt = 1; ; attempt++) {
        try {
          if (await boss.getQueue(name)) return;
          await boss.createQueue(name, { name, ...options });
          return;
        } catch (error) {
          const deadlock = (error as { code?: unknown }).code === '40P01';
          if (!deadlock || attempt >= 5) throw error;
        }
      }
    },

    async stop() {
      if (!started) return;
      await started.catch(() => {});
      await boss.stop({ graceful: true, wait: true, timeout: SHUTDOWN_WAIT_MS });
    },
  };
}
