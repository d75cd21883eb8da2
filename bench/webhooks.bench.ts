/**
 * The payment webhook benchmark: the real API (its own process, as production starts it) taking
 * signed LAO QR notifications, on embedded PostgreSQL.
 *
 *   pnpm --filter @lanxang/bench bench:webhooks     (about a minute)
 *   BENCH_DISTINCT=1000 BENCH_DUPLICATES=100 BENCH_CONCURRENCY=50
 *
 * Two loads: one payment's notification sent 100 times at once (a bank retrying in a storm), and
 * 1,000 different payments' notifications, `BENCH_CONCURRENCY` in flight. For each: latency
 * percentiles, and the exactly-once figures read back from the database (succeeded payments,
 * rentals per payment, distinct answers per payment).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { newPaymentId } from '@lanxang/api/modules/rentals/payments';
import { signWebhook } from '@lanxang/api/modules/rentals/webhook-signature';
import { startStandInBank } from '@lanxang/api/stand-ins/bank';
import {
  benchRun,
  log,
  median,
  migrateDatabase,
  percentile,
  startBenchPostgres,
  startServerProcess,
  withClient,
} from './kit.js';

const settings = {
  distinct: Number(process.env.BENCH_DISTINCT ?? 1000),
  duplicates: Number(process.env.BENCH_DUPLICATES ?? 100),
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 50),
};
const SECRET = `bench-webhook-secret-${randomUUID()}`;
const PRICE = 15000;
const HARD_LIMIT_MS = 10 * 60_000;
const WARMUP = 200;

interface Sent {
  status: number;
  body: string;
  ms: number;
}

const bench = benchRun(HARD_LIMIT_MS);
await bench.run(async () => {
  const databaseUrl = await startBenchPostgres(bench, 'lanxang-bench-webhooks-', 'webhooks');
  await migrateDatabase(databaseUrl);
  const bank = await startStandInBank({ webhookSecret: SECRET });
  bench.onCleanup(() => bank.close());
  const mediaDir = await bench.tempDir('lanxang-bench-webhooks-media-');
  const api = await startServerProcess(bench, 'api.ts', {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    API_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MEDIA_DIR: mediaDir,
    MEDIA_WORK_DIR: path.join(mediaDir, '.work'),
    MEDIA_WORKER: 'false',
    LAOQR_BASE_URL: bank.baseUrl,
    LAOQR_WEBHOOK_SECRET: SECRET,
  });
  const payments = await seedPayments(databaseUrl, WARMUP + settings.distinct + 1);
  const warmup = payments.splice(0, WARMUP);
  // A fresh process compiles its hot paths and opens its pool on the first requests.
  log(`${WARMUP} warm-up notifications`);
  await inPool(warmup, 10, (id) => send(api.url, id));

  log(`${settings.duplicates} concurrent copies of one notification`);
  const [stormed, ...distinct] = payments;
  const storm = await Promise.all(
    Array.from({ length: settings.duplicates }, () => send(api.url, stormed!)),
  );

  log(`${distinct.length} distinct notifications, ${settings.concurrency} in flight`);
  const started = performance.now();
  const spread = await inPool(distinct, settings.concurrency, (id) => send(api.url, id));
  const seconds = (performance.now() - started) / 1000;

  const facts = await withClient(databaseUrl, async (client) => {
    const succeeded = await client.query<{ count: string }>(
      `select count(*) as count from payment_transactions where status = 'succeeded'`,
    );
    const perPayment = await client.query<{ rentals: string; payments: string }>(
      `select count(*) as payments, max(n) as rentals from (
         select p.id, count(r.id) as n from payment_transactions p
         left join rentals r on r.payment_id = p.id group by p.id) x where n <> 1`,
    );
    const rentals = await client.query<{ count: string }>(`select count(*) as count from rentals`);
    return {
      succeeded: Number(succeeded.rows[0]!.count),
      rentals: Number(rentals.rows[0]!.count),
      paymentsWithoutExactlyOneRental: Number(perPayment.rows[0]!.payments),
    };
  });

  const row = (name: string, sent: Sent[], extra: string) => {
    const ms = sent.map((one) => one.ms);
    const statuses = [...new Set(sent.map((one) => one.status))].join(',');
    return `| ${name} | ${sent.length} | ${statuses} | ${median(ms).toFixed(1)} | ${percentile(ms, 99).toFixed(1)} | ${Math.max(...ms).toFixed(1)} | ${extra} |`;
  };
  console.log(`
| load | requests | statuses | p50 ms | p99 ms | max ms | exactly once |
| --- | ---: | --- | ---: | ---: | ---: | --- |
${row(`${settings.duplicates} duplicates at once`, storm, `${new Set(storm.map((one) => one.body)).size} distinct answer(s)`)}
${row(`${distinct.length} distinct, ${settings.concurrency} in flight`, spread, `${(distinct.length / seconds).toFixed(0)} notifications/s`)}

succeeded payments: ${facts.succeeded} of ${payments.length + WARMUP} (${WARMUP} warm-up); rentals: ${facts.rentals}; payments without exactly one rental: ${facts.paymentsWithoutExactlyOneRental}
`);
  if (
    facts.succeeded !== payments.length + WARMUP ||
    facts.rentals !== payments.length + WARMUP ||
    facts.paymentsWithoutExactlyOneRental !== 0 ||
    new Set(storm.map((one) => one.body)).size !== 1 ||
    [...storm, ...spread].some((one) => one.status !== 200)
  ) {
    process.exitCode = 1;
    log('exactly-once FAILED');
  }
});

/** Pending LAO QR payments of one anonymous viewer for one rental film, made straight in SQL. */
async function seedPayments(databaseUrl: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newPaymentId());
  await withClient(databaseUrl, async (client) => {
    const tier = await client.query<{ id: number }>(
      `insert into pricing_tiers (name_en, price_lak) values ('Bench', $1) returning id`,
      [PRICE],
    );
    const movie = await client.query<{ id: number }>(
      `insert into movies (slug, original_title, status, rental_required, price_amount, pricing_tier_id, created_at, updated_at)
       values ('bench-film', 'Bench film', 'published', true, $1, $2, now(), now()) returning id`,
      [PRICE, tier.rows[0]!.id],
    );
    await client.query(
      `insert into payment_transactions (id, anonymous_viewer_id, movie_id, provider, provider_transaction_id,
         short_code, amount_before, amount_after, rental_hours, expires_at)
       select id, gen_random_uuid(), $2, 'laoqr', id, lpad(to_hex(n), 6, '0'), $3, $3, 24, now() + interval '1 hour'
       from unnest($1::text[]) with ordinality as t(id, n)`,
      [ids, movie.rows[0]!.id, PRICE],
    );
  });
  return ids;
}

async function send(apiUrl: string, billNumber: string): Promise<Sent> {
  const body = JSON.stringify({
    billNumber,
    status: 'paid',
    amount: PRICE,
    currency: '418',
    reference: `BENCH-${billNumber}`,
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(`${apiUrl}/api/webhooks/laoqr`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-lanxang-timestamp': String(timestamp),
      'x-lanxang-signature': signWebhook(SECRET, timestamp, body),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started };
}

async function inPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}
