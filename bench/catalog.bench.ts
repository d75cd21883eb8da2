/**
 * The catalog benchmark: the real API (production mode) against a raw-`pg` baseline running the
 * same SQL, at 10,000 films and 100,000 people, with autocannon, side by side in one run. Two Koa
 * floors run the baseline's reads inside the API's framework (Koa, @koa/router, koa-compress),
 * one also with a per-request `AsyncLocalStorage` as the ORM context: what the stack itself costs.
 *
 *   pnpm bench:catalog                 (embedded PostgreSQL 18, seeded fresh; about 8.5 minutes)
 *   BENCH_DATABASE_URL=postgres://…    (use that database: migrated and seeded if empty, reused if seeded)
 *   BENCH_ROUNDS=6 BENCH_SECONDS=5 BENCH_WARMUP_SECONDS=3 BENCH_CONNECTIONS=10 BENCH_POOL=10
 *   BENCH_PROFILE=1                    (write V8 CPU profiles of every server to bench/.profiles/<server>/)
 *
 * The machine is shared and noisy, so absolute numbers mean little; the ratios are the result.
 * Each round runs every endpoint against every server back to back, alternating the order,
 * and the table reports medians over rounds with the spread of the per-round ratios.
 */
import os from 'node:os';
import path from 'node:path';
import { createApp } from '@lanxang/api/app';
import { loadConfig } from '@lanxang/api/config';
import { initDatabase } from '@lanxang/api/db';
import { createServices } from '@lanxang/api/services';
import autocannon from 'autocannon';
import {
  benchRun,
  log,
  median,
  migrateDatabase,
  productionApiEnv,
  BENCH_SECRETS,
  startBenchPostgres,
  startServerProcess,
  withClient,
  type ServerProcess,
} from './kit.js';
import { SEARCHES, seedBenchCatalog } from './seed-catalog.js';

import { HOME_ROWS_SQL_VALUES, homeRowsSql } from '@lanxang/api/modules/catalog/sql';

const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 6),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  /** The API's default pool (`ormOptions`); the baseline gets the same. */
  pool: Number(process.env.BENCH_POOL ?? 10),
  profile: process.env.BENCH_PROFILE === '1',
};
/** Issue 15's goals: uncached API against the bare server, and the cached Home in absolute terms. */
const GOALS = {
  throughput: 0.9,
  p99: 1.3,
  cpu: 1.3,
  homeSqlP50Ms: 30,
  homeKb: 100,
  cachedHomeP99Ms: 25,
  cachedHomeRps: 1000,
};
/** Sequential runs of Home's SQL, one connection, for its own p50. */
const HOME_SQL_RUNS = 30;
const FILMS = 10_000;
const PEOPLE = 100_000;
/** The whole run stops by itself, whatever happens. */
const HARD_LIMIT_MS = 15 * 60_000;

/**
 * The API as production runs it (response cache on), the same with no cache, the bare `pg`
 * server, and the Koa floor without and with a per-request `AsyncLocalStorage`.
 */
type Target = 'api' | 'uncached' | 'baseline' | 'floor' | 'floorContext';
const TARGETS: Target[] = ['uncached', 'baseline', 'floor', 'floorContext', 'api'];
interface Endpoint {
  name: string;
  paths: string[];
  /** Statements the API must run for each request, whatever the film or the search. */
  expectedQueries: number;
}
interface Sample {
  rps: number;
  p99: number;
  p50: number;
  bytesPerRequest: number;
  /** CPU time (user + system) the server process spent per request: the stack's own cost, less noisy than req/s. */
  cpuMsPerRequest: number;
}
const bench = benchRun(HARD_LIMIT_MS);

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  const databaseUrl = await prepareDatabase();

  const endpoints = await chooseEndpoints(databaseUrl);
  const counts = await countQueries(databaseUrl, endpoints);
  const homeSqlMs = await timeHomeSql(databaseUrl);
  const apiEnv = await productionApiEnv(bench, databaseUrl);
  const barePgEnv = { DATABASE_URL: databaseUrl, POOL_MAX: String(settings.pool) };
  const servers = {
    api: await startChild('api.ts', apiEnv),
    uncached: await startChild('api.ts', { ...apiEnv, CATALOG_CACHE_ENTRIES: '0' }, 'api-uncached'),
    baseline: await startChild('baseline.ts', barePgEnv),
    floor: await startChild('koa-floor.ts', barePgEnv),
    floorContext: await startChild(
      'koa-floor.ts',
      { ...barePgEnv, FLOOR_CONTEXT: '1' },
      'koa-floor-context',
    ),
  } satisfies Record<Target, ServerProcess>;
  await checkAgreement(servers, endpoints);

  log(`warm-up: ${settings.warmupSeconds}s per endpoint and server`);
  for (const endpoint of endpoints) {
    for (const target of TARGETS) await load(servers[target], endpoint, settings.warmupSeconds);
  }

  const samples = new Map<string, Record<Target, Sample[]>>(
    endpoints.map((endpoint) => [
      endpoint.name,
      { api: [], uncached: [], baseline: [], floor: [], floorContext: [] },
    ]),
  );
  for (let round = 1; round <= settings.rounds; round++) {
    const order: Target[] = round % 2 ? TARGETS : [...TARGETS].reverse();
    for (const endpoint of endpoints) {
      const recorded = samples.get(endpoint.name)!;
      for (const target of order) {
        recorded[target].push(await load(servers[target], endpoint, settings.seconds));
      }
    }
    log(`round ${round}/${settings.rounds} done`);
  }

  const postgresVersion = await withClient(
    databaseUrl,
    async (client) =>
      (await client.query<{ server_version: string }>('show server_version')).rows[0]!
        .server_version,
  );
  const cpus = os.cpus();
  console.log(
    `\nMachine: ${cpus.length} × ${cpus[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${postgresVersion}`,
  );
  console.log(
    `Load average (1 min) before / after: ${loadBefore[0]!.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    `Catalog: ${FILMS} films, ${PEOPLE} people. ${settings.rounds} rounds × ${settings.seconds}s per endpoint and server, ` +
      `${settings.connections} connections, pool ${settings.pool}, warm-up ${settings.warmupSeconds}s.\n`,
  );
  console.log(report(endpoints, samples, counts));
  console.log(`\n${floorReport(endpoints, samples)}`);
  console.log(`\n${goalsReport(samples, homeSqlMs)}`);
  console.log(`\nTotal time ${((performance.now() - started) / 1000).toFixed(0)}s`);

  const failures = [...counts.values()].filter((count) => !count.fixed);
  if (failures.length)
    throw new Error('The API ran a varying number of statements per request (N+1?)');
}

// ---------------------------------------------------------------------------------------------
// Database

async function prepareDatabase(): Promise<string> {
  const url =
    process.env.BENCH_DATABASE_URL ??
    (await startBenchPostgres(bench, 'lanxang-bench-pg-', 'lanxang_bench'));
  await migrateDatabase(url);
  const films = await withClient(url, async (client) =>
    Number((await client.query<{ n: string }>('select count(*) as n from movies')).rows[0]!.n),
  );
  if (films === 0) {
    log(`seeding ${FILMS} films and ${PEOPLE} people`);
    const seeded = await seedBenchCatalog(url, { films: FILMS, people: PEOPLE });
    const total = Object.values(seeded.rows).reduce((sum, rows) => sum + rows, 0);
    log(
      `seeded ${total.toLocaleString('en')} rows: generate ${(seeded.generateMs / 1000).toFixed(1)}s, ` +
        `load ${(seeded.loadMs / 1000).toFixed(1)}s, vacuum analyze ${(seeded.analyzeMs / 1000).toFixed(1)}s`,
    );
  } else if (films === FILMS) {
    log(`reusing the ${FILMS} films already in ${new URL(url).pathname.slice(1)}`);
  } else {
    throw new Error(
      `BENCH_DATABASE_URL holds ${films} films; give it an empty database (or one this bench seeded)`,
    );
  }
  return url;
}

/** The paths each endpoint rotates over: 200 published films, and Latin and Lao searches. */
async function chooseEndpoints(databaseUrl: string): Promise<Endpoint[]> {
  const ids = await withClient(databaseUrl, async (client) =>
    (
      await client.query<{ id: number }>(
        `select id from movies where status = 'published' order by md5(id::text) limit 200`,
      )
    ).rows.map((row) => row.id),
  );
  return [
    { name: 'GET /api/home', paths: ['/api/home'], expectedQueries: 3 },
    {
      name: 'GET /api/movies/:id',
      paths: ids.map((id) => `/api/movies/${id}`),
      expectedQueries: 2,
    },
    {
      name: 'GET /api/movies?q=',
      paths: SEARCHES.map((q) => `/api/movies?q=${encodeURIComponent(q)}`),
      expectedQueries: 1,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Statements per request (on an in-process copy of the production app, where the hook is reachable)

interface QueryCount {
  min: number;
  max: number;
  requests: number;
  fixed: boolean;
}

async function countQueries(
  databaseUrl: string,
  endpoints: Endpoint[],
): Promise<Map<string, QueryCount>> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    API_PORT: '0',
    ...BENCH_SECRETS,
  });
  const db = await initDatabase(databaseUrl, { poolMax: settings.pool });
  const services = await createServices(config, { db });
  const app = createApp(services);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const counts = new Map<string, QueryCount>();
  try {
    for (const endpoint of endpoints) {
      const seen: number[] = [];
      for (const requestPath of endpoint.paths) {
        let statements = 0;
        const stop = db.observeQueries(() => statements++);
        const response = await fetch(base + requestPath);
        await response.arrayBuffer();
        stop();
        if (response.status !== 200) throw new Error(`${requestPath} answered ${response.status}`);
        seen.push(statements);
      }
      const min = Math.min(...seen);
      const max = Math.max(...seen);
      counts.set(endpoint.name, {
        min,
        max,
        requests: seen.length,
        fixed: min === max && max === endpoint.expectedQueries,
      });
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // The services' own connections too (the catalog-change listener would retry for ever).
    await services.close();
  }
  return counts;
}

/**
 * Every server must be answering the same question, or the ratio means nothing: the API the
 * baseline's totals, cast and similar films; the floors the baseline's very JSON.
 */
async function checkAgreement(
  servers: Record<Target, ServerProcess>,
  endpoints: Endpoint[],
): Promise<void> {
  const [home, details, search] = endpoints as [Endpoint, Endpoint, Endpoint];
  for (const requestPath of search.paths) {
    const [api, baseline] = await Promise.all([
      getJson<{ total: number }>(servers.api.url + requestPath),
      getJson<{ total: number }>(servers.baseline.url + requestPath),
    ]);
    if (api.total !== baseline.total)
      throw new Error(`${requestPath}: API total ${api.total}, baseline ${baseline.total}`);
  }
  for (const requestPath of details.paths.slice(0, 20)) {
    const [api, baseline] = await Promise.all([
      getJson<{ cast: unknown[]; similar: unknown[] }>(servers.api.url + requestPath),
      getJson<{ cast: unknown[]; similar: unknown[] }>(servers.baseline.url + requestPath),
    ]);
    if (
      api.cast.length !== baseline.cast.length ||
      api.similar.length !== baseline.similar.length
    ) {
      throw new Error(`${requestPath}: API and baseline disagree on cast or similar films`);
    }
  }
  const floorPaths = [...home.paths, ...details.paths.slice(0, 5), ...search.paths.slice(0, 5)];
  for (const requestPath of floorPaths) {
    const [baseline, floor, floorContext] = await Promise.all(
      (['baseline', 'floor', 'floorContext'] as const).map((target) =>
        getJson<unknown>(servers[target].url + requestPath).then((body) => JSON.stringify(body)),
      ),
    );
    if (floor !== baseline || floorContext !== baseline)
      throw new Error(`${requestPath}: the Koa floor and the baseline answer differently`);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

// ---------------------------------------------------------------------------------------------
// Load

async function load(server: ServerProcess, endpoint: Endpoint, seconds: number): Promise<Sample> {
  let next = 0;
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({
    url: server.url,
    connections: settings.connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: endpoint.paths[next++ % endpoint.paths.length]!,
        }),
      },
    ],
  });
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(
      `${endpoint.name} on ${server.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    bytesPerRequest: result.throughput.total / Math.max(1, result.requests.total),
    cpuMsPerRequest: cpuMicros / 1000 / Math.max(1, result.requests.total),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function report(
  endpoints: Endpoint[],
  samples: Map<string, Record<Target, Sample[]>>,
  counts: Map<string, QueryCount>,
): string {
  const header = [
    'endpoint',
    'uncached API req/s',
    'baseline req/s',
    'throughput ratio (goal ≥ 0.9)',
    'API p99 ms',
    'baseline p99 ms',
    'p99 ratio (goal ≤ 1.3)',
    'API p50 / baseline p50 ms',
    'KB per response API / baseline',
    'server CPU ms per request API / baseline (goal ≤ 1.3×)',
    'statements per request',
  ];
  const rows = endpoints.map((endpoint) => {
    const { uncached: api, baseline } = samples.get(endpoint.name)!;
    const rps = (list: Sample[]) => median(list.map((sample) => sample.rps));
    const p99 = (list: Sample[]) => median(list.map((sample) => sample.p99));
    const p50 = (list: Sample[]) => median(list.map((sample) => sample.p50));
    const kb = (list: Sample[]) =>
      (median(list.map((sample) => sample.bytesPerRequest)) / 1024).toFixed(1);
    const cpu = (list: Sample[]) => median(list.map((sample) => sample.cpuMsPerRequest)).toFixed(2);
    const throughputRatios = api.map((sample, index) => sample.rps / baseline[index]!.rps);
    const p99Ratios = api.map((sample, index) => sample.p99 / baseline[index]!.p99);
    const throughputRatio = rps(api) / rps(baseline);
    const p99Ratio = p99(api) / p99(baseline);
    const cpuRatio =
      median(api.map((sample) => sample.cpuMsPerRequest)) /
      median(baseline.map((sample) => sample.cpuMsPerRequest));
    const count = counts.get(endpoint.name)!;
    return [
      endpoint.name,
      rps(api).toFixed(0),
      rps(baseline).toFixed(0),
      `${verdict(throughputRatio >= GOALS.throughput)} ${throughputRatio.toFixed(2)}× (${spread(throughputRatios)})`,
      p99(api).toFixed(0),
      p99(baseline).toFixed(0),
      `${verdict(p99Ratio <= GOALS.p99)} ${p99Ratio.toFixed(2)}× (${spread(p99Ratios)})`,
      `${p50(api).toFixed(0)} / ${p50(baseline).toFixed(0)}`,
      `${kb(api)} / ${kb(baseline)}`,
      `${cpu(api)} / ${cpu(baseline)} ${verdict(cpuRatio <= GOALS.cpu)} ${cpuRatio.toFixed(2)}×`,
      `${count.fixed ? 'fixed' : 'VARIES'}: ${count.min === count.max ? count.min : `${count.min}–${count.max}`} (over ${count.requests} requests)`,
    ];
  });
  const lines = [header, header.map(() => '---'), ...rows].map(
    (cells) => `| ${cells.join(' | ')} |`,
  );
  return [
    ...lines,
    '',
    'The API with its response cache off (`CATALOG_CACHE_ENTRIES=0`) against the bare server. Medians over rounds; in brackets the range of the per-round ratios (API and baseline measured back to back).',
  ].join('\n');
}

/**
 * How much of the API's CPU over the bare server is the framework's floor (Koa, @koa/router,
 * koa-compress; then the ORM context's `AsyncLocalStorage`) and how much is the API's own.
 */
function floorReport(
  endpoints: Endpoint[],
  samples: Map<string, Record<Target, Sample[]>>,
): string {
  const header = [
    'endpoint',
    'CPU ms per request: API / floor + context / floor / bare',
    'floor ÷ bare',
    'floor + context ÷ bare',
    'API ÷ floor',
    'API ÷ floor + context',
    'floor + context req/s ÷ bare',
  ];
  const rows = endpoints.map((endpoint) => {
    const recorded = samples.get(endpoint.name)!;
    const cpu = (target: Target) =>
      median(recorded[target].map((sample) => sample.cpuMsPerRequest));
    const ratio = (over: Target, under: Target) => {
      const perRound = recorded[over].map(
        (sample, index) => sample.cpuMsPerRequest / recorded[under][index]!.cpuMsPerRequest,
      );
      return `${(cpu(over) / cpu(under)).toFixed(2)}× (${spread(perRound)})`;
    };
    const rps = (target: Target) => median(recorded[target].map((sample) => sample.rps));
    return [
      endpoint.name,
      (['uncached', 'floorContext', 'floor', 'baseline'] as const)
        .map((target) => cpu(target).toFixed(3))
        .join(' / '),
      ratio('floor', 'baseline'),
      ratio('floorContext', 'baseline'),
      ratio('uncached', 'floor'),
      ratio('uncached', 'floorContext'),
      `${(rps('floorContext') / rps('baseline')).toFixed(2)}×`,
    ];
  });
  return [
    ...[header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`),
    '',
    "The Koa floor: the baseline's pool, SQL and JSON inside Koa + @koa/router + koa-compress as the API configures it; + context: with one `AsyncLocalStorage.run` per request. API is the uncached API. Medians over rounds; in brackets the range of the per-round ratios.",
  ].join('\n');
}

/** The goals that are not ratios: Home's own SQL, its size, and the cached API. */
function goalsReport(samples: Map<string, Record<Target, Sample[]>>, homeSqlMs: number): string {
  const home = samples.get('GET /api/home')!;
  const med = (list: Sample[], pick: (sample: Sample) => number) => median(list.map(pick));
  const homeKb = med(home.uncached, (sample) => sample.bytesPerRequest) / 1024;
  const cachedP99 = med(home.api, (sample) => sample.p99);
  const cachedRps = med(home.api, (sample) => sample.rps);
  const lines = [
    ['goal', 'measured', 'verdict'],
    ['---', '---', '---'],
    [
      `Home's SQL p50 ≤ ${GOALS.homeSqlP50Ms} ms (one connection, ${HOME_SQL_RUNS} runs)`,
      `${homeSqlMs.toFixed(1)} ms`,
      verdict(homeSqlMs <= GOALS.homeSqlP50Ms),
    ],
    [
      `Home ≤ ${GOALS.homeKb} KB before compression`,
      `${homeKb.toFixed(1)} KB`,
      verdict(homeKb <= GOALS.homeKb),
    ],
    [
      `cached Home p99 ≤ ${GOALS.cachedHomeP99Ms} ms`,
      `${cachedP99.toFixed(0)} ms`,
      verdict(cachedP99 <= GOALS.cachedHomeP99Ms),
    ],
    [
      `cached Home ≥ ${GOALS.cachedHomeRps} req/s`,
      `${cachedRps.toFixed(0)} req/s`,
      verdict(cachedRps >= GOALS.cachedHomeRps),
    ],
  ];
  const cached = [...samples.entries()].map(
    ([name, { api }]) =>
      `${name}: ${med(api, (sample) => sample.rps).toFixed(0)} req/s, p50 ${med(api, (sample) => sample.p50).toFixed(0)} ms, p99 ${med(api, (sample) => sample.p99).toFixed(0)} ms, ${med(api, (sample) => sample.cpuMsPerRequest).toFixed(2)} ms CPU per request`,
  );
  return [
    ...lines.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    'With the response cache (production default):',
    ...cached.map((line) => `- ${line}`),
  ].join('\n');
}

/** Home's statements as the API runs them, timed one after another on one connection. */
async function timeHomeSql(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const runs: number[] = [];
    for (let run = 0; run < HOME_SQL_RUNS; run++) {
      const started = performance.now();
      await client.query({ name: 'home', text: homeRowsSql, values: HOME_ROWS_SQL_VALUES });
      runs.push(performance.now() - started);
    }
    return median(runs);
  });
}

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const spread = (values: number[]) =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

// ---------------------------------------------------------------------------------------------
// Processes and cleanup

/**
 * One of `servers/`, profiled into `bench/.profiles/<server>/` when asked: one directory per
 * server, since Node names each thread's profile itself (tsx's loader has its own).
 */
function startChild(
  file: string,
  env: Record<string, string>,
  name = path.basename(file, '.ts'),
): Promise<ServerProcess> {
  return startServerProcess(bench, file, env, {
    ...(settings.profile && { cpuProfileDir: path.join(import.meta.dirname, '.profiles', name) }),
  });
}

// Last, so every module-level constant above is initialised before the run starts.
await bench.run(main);
