import { createHash } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './mikro-orm.config.js';

/** Connects the ORM. Schema changes come only from migrations (`migrate()`), never at boot. */
export async function initDatabase(databaseUrl: string, options: { poolMax?: number } = {}) {
  const orm = await MikroORM.init(ormOptions(databaseUrl, options));
  const em = orm.em;
  const knex = em.getConnection().getKnex();
  const knexClient = knex.client as KnexClient;
  const observers = new Set<(text: string) => void>();
  // ORM queries go through knex; hand-written reads through `sql` below. Observers see both.
  knex.on('query', (query: { sql: string }) => {
    for (const observe of observers) observe(query.sql);
  });

  /**
   * Runs hand-written SQL (`$1` placeholders) on the ORM's own pool as a named prepared
   * statement, so PostgreSQL plans each catalog read once per connection.
   */
  async function sql<Row = Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
  ): Promise<Row[]> {
    for (const observe of observers) observe(text);
    const connection = await knexClient.acquireConnection();
    try {
      const name = statementNames.get(text) ?? nameStatement(text);
      const result = await connection.query({ name, text, values });
      return result.rows as Row[];
    } finally {
      await knexClient.releaseConnection(connection);
    }
  }

  return {
    sql,
    /** Calls `observer` with every statement `sql` runs (tests count queries per request). */
    observeQueries(observer: (text: string) => void) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    orm,
    em,
    close: () => orm.close(true),
  };
}
export type Db = Awaited<ReturnType<typeof initDatabase>>;

/** Applies every pending migration; returns the names it applied. */
export async function migrate(db: Pick<Db, 'orm'>): Promise<string[]> {
  const applied = await db.orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

interface KnexClient {
  acquireConnection(): Promise<{
    query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  }>;
  releaseConnection(connection: unknown): Promise<void>;
}

const statementNames = new Map<string, string>();
function nameStatement(text: string): string {
  const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  statementNames.set(text, name);
  return name;
}
