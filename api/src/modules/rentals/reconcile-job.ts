import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobRunner } from '../../jobs.js';
import type { Payments } from './payments.js';

export const RECONCILE_QUEUE = 'rentals-reconcile';
/** Every minute: a payment is asked about within a minute of `reconcileAfterSeconds`. */
const EVERY_MINUTE = '* * * * *';

export interface Reconciler {
  /** Schedules the job (once across all processes: pg-boss keeps one schedule per queue) and works it. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The scheduled reconciliation on pg-boss: whichever worker takes the minute's job asks the
 * providers about payments still pending (a lost webhook) and expires the old ones. pg-boss
 * hands each job to one process, so two workers never reconcile at once.
 */
export function reconciler(deps: {
  jobs: JobRunner;
  em: EntityManager;
  payments: Pick<Payments, 'reconcile'>;
  logger: Logger;
}): Reconciler {
  const logger = deps.logger.child({ module: 'reconcile' });
  let started: Promise<void> | undefined;

  return {
    start: () =>
      (started ??= (async () => {
        const { boss } = deps.jobs;
        await deps.jobs.start();
        await deps.jobs.ensureQueue(RECONCILE_QUEUE, { policy: 'singleton' });
        await boss.schedule(RECONCILE_QUEUE, EVERY_MINUTE);
        await boss.work(RECONCILE_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
          const counts = await deps.payments.reconcile(deps.em.fork());
          if (counts.granted || counts.expired || counts.failed)
            logger.info(counts, 'payments reconciled');
        });
      })()),
    async stop() {
      if (!started) return;
      await started.catch(() => {});
      // This process no longer works the queue; the job runner disconnects at shutdown.
      await deps.jobs.boss.offWork(RECONCILE_QUEUE);
    },
  };
}
