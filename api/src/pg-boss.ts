import type PgBoss from 'pg-boss';

/**
 * Creates a pg-boss queue when missing. API replicas and workers starting together race to
 * create it; PostgreSQL ends the race by failing one of them with a deadlock (40P01), after
 * which the queue exists, so that one looks again instead of dying at start.
 */
export async function ensureQueue(
  boss: PgBoss,
  name: string,
  options: Omit<PgBoss.Queue, 'name'> = {},
): Promise<void> {
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
}
