import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { PGBOSS_SCHEMA } from '../../migrations/Migration20261122003000.js';
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
  databaseUrl: string;
  em: EntityManager;
  payments: Pick<Payments, 'reconcile'>;
  logger: Logger;
}): Reconciler {
  const logger = deps.logger.child({ module: 'reconcile' });
  let boss: PgBoss | undefined;
  let started: Promise<void> | undefined;

  async function ensureQueue(running: PgBoss) {
    // Processes starting together race to create it; the loser of PostgreSQL's deadlock retries.
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await running.getQueue(RECONCILE_QUEUE)))
          await running.createQueue(RECONCILE_QUEUE, {
            name: RECONCILE_QUEUE,
            policy: 'singleton',
          });
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
      }
    }
  }

  return {
    start: () =>
      (started ??= (async () => {
        boss = new PgBoss({
          connectionString: deps.databaseUrl,
          schema: PGBOSS_SCHEMA,
          migrate: false,
          max: 2,
          application_name: 'lanxang-reconcile',
        });
        boss.on('error', (error) => logger.error({ err: error }, 'pg-boss error'));
        await boss.start();
        await ensureQueue(boss);
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
      await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
