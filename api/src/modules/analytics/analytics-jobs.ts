import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { PGBOSS_SCHEMA } from '../../migrations/Migration20261122003000.js';
import { ensureQueue } from '../../pg-boss.js';
import type { PlaybackAnalytics } from './analytics.js';

export const ANALYTICS_ROLLUP_QUEUE = 'analytics-rollup';
/** Shortly after each UTC midnight; a run that was missed is caught up by the next. */
const ROLLUP_CRON = '10 0 * * *';

export interface AnalyticsJobs {
  /** Schedules the daily rollup and, where background work runs (`MEDIA_WORKER`), works it. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The daily rollup on pg-boss's cron: pg-boss creates one job per day however many processes
 * keep the schedule, and hands it to one worker.
 */
export function createAnalyticsJobs(deps: {
  config: Config;
  logger: Logger;
  analytics: Pick<PlaybackAnalytics, 'rollUp'>;
}): AnalyticsJobs {
  const { config, analytics } = deps;
  const logger = deps.logger.child({ module: 'analytics-jobs' });
  const boss = new PgBoss({
    connectionString: config.databaseUrl,
    schema: PGBOSS_SCHEMA,
    migrate: false,
    schedule: true,
    max: 2,
    application_name: 'lanxang-analytics-jobs',
  });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
  let started: Promise<void> | undefined;

  return {
    start: () =>
      (started ??= (async () => {
        await boss.start();
        await ensureQueue(boss, ANALYTICS_ROLLUP_QUEUE, { retryLimit: 3, retryDelay: 300 });
        await boss.schedule(ANALYTICS_ROLLUP_QUEUE, ROLLUP_CRON, {}, { tz: 'UTC' });
        if (!config.media.worker) return;
        await boss.work(ANALYTICS_ROLLUP_QUEUE, async () => {
          await analytics.rollUp();
        });
      })()),
    async stop() {
      if (!started) return;
      await started.catch(() => {});
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
