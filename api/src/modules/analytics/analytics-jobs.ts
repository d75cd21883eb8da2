import type { Config } from '../../config.js';
import type { JobRunner } from '../../jobs.js';
import type { PlaybackAnalytics } from './analytics.js';

export const ANALYTICS_ROLLUP_QUEUE = 'analytics-rollup';
/** Shortly after each UTC midnight; a run that was missed is caught up by the next. */
const ROLLUP_CRON = '10 0 * * *';

export interface AnalyticsJobs {
  /** Schedules the daily rollup and, where background work runs (`MEDIA_WORKER`), works it. */
  start(): Promise<void>;
}

/**
 * The daily rollup on pg-boss's cron: pg-boss creates one job per day however many processes
 * keep the schedule, and hands it to one worker.
 */
export function createAnalyticsJobs(deps: {
  config: Config;
  analytics: Pick<PlaybackAnalytics, 'rollUp'>;
  jobs: JobRunner;
}): AnalyticsJobs {
  const { config, analytics } = deps;
  const { boss } = deps.jobs;
  let started: Promise<void> | undefined;

  return {
    start: () =>
      (started ??= (async () => {
        await deps.jobs.start();
        await deps.jobs.ensureQueue(ANALYTICS_ROLLUP_QUEUE, { retryLimit: 3, retryDelay: 300 });
        await boss.schedule(ANALYTICS_ROLLUP_QUEUE, ROLLUP_CRON, {}, { tz: 'UTC' });
        if (!config.media.worker) return;
        await boss.work(ANALYTICS_ROLLUP_QUEUE, async () => {
          await analytics.rollUp();
        });
      })()),
  };
}
