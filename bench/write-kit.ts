/**
 * What the write benchmarks (`progress.bench.ts`, `analytics.bench.ts`) share: a small seeded
 * catalog, the real API and the bare `pg` baseline (`servers/writes-baseline.ts`) side by side,
 * rounds that alternate which server goes first, and the report's figures.
 */
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  log,
  median,
  migrateDatabase,
  productionApiEnv,
  startBenchPostgres,
  startServerProcess,
  withClient,
  type BenchRun,
  type ServerProcess,
} from './kit.js';
import { seedBenchCatalog } from './seed-catalog.js';

export type Target = 'api' | 'baseline';
export const TARGETS: Target[] = ['api', 'baseline'];

export const writeSettings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 4),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  /** The API's default pool (`ormOptions`); the baseline gets the same. */
  pool: Number(process.env.BENCH_POOL ?? 10),
  /** V8 CPU profiles of both servers, one directory each under `bench/.profiles/`. */
  profile: process.env.BENCH_PROFILE === '1',
};

/** Enough films for realistic plans; the writes touch few of them. */
const FILMS = 2_000;
const PEOPLE = 5_000;

/** A throwaway embedded PostgreSQL (or `BENCH_DATABASE_URL`), migrated and seeded when empty. */
export async function prepareWriteDatabase(bench: BenchRun): Promise<string> {
  const url =
    process.env.BENCH_DATABASE_URL ??
    (await startBenchPostgres(bench, 'lanxang-bench-pg-', 'lanxang_bench_writes'));
  await migrateDatabase(url);
  const films = await withClient(url, async (client) =>
    Number((await client.query<{ n: string }>('select count(*) as n from movies')).rows[0]!.n),
  );
  if (films === 0) {
    log(`seeding ${FILMS} films and ${PEOPLE} people`);
    await seedBenchCatalog(url, { films: FILMS, people: PEOPLE });
  }
  return url;
}

/**
 * The real API in production mode (with `apiEnv` added to its environment) and the baseline, each
 * in its own process, on one database.
 */
export async function startWriteServers(
  bench: BenchRun,
  databaseUrl: string,
  apiEnv: Record<string, string> = {},
): Promise<Record<Target, ServerProcess>> {
  const profiled = (name: string) =>
    writeSettings.profile
      ? { cpuProfileDir: path.join(import.meta.dirname, '.profiles', name) }
      : {};
  return {
    api: await startServerProcess(
      bench,
      'api.ts',
      { ...(await productionApiEnv(bench, databaseUrl)), ...apiEnv },
      profiled('writes-api'),
    ),
    baseline: await startServerProcess(
      bench,
      'writes-baseline.ts',
      { DATABASE_URL: databaseUrl, POOL_MAX: String(writeSettings.pool) },
      profiled('writes-baseline'),
    ),
  };
}

/** Signed anonymous viewer ids, issued by the API as a TV gets one. */
export async function anonymousViewers(api: ServerProcess, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${api.url}/api/anonymous`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    ids.push(((await response.json()) as { anonymousId: string }).anonymousId);
  }
  return ids;
}

export interface Sample {
  rps: number;
  p99: number;
  p50: number;
  /** CPU time (user + system) of the server process per request: steadier than req/s here. */
  cpuMsPerRequest: number;
}

export interface Load {
  /** The next request to send; called once per request. */
  next(): {
    method: 'GET' | 'PUT' | 'POST';
    path: string;
    headers: Record<string, string>;
    body?: string;
  };
  seconds: number;
  /** Requests per second across all connections; unset, as fast as the server answers. */
  overallRate?: number;
}

export async function measure(server: ServerProcess, load: Load): Promise<Sample> {
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({
    url: server.url,
    connections: writeSettings.connections,
    duration: load.seconds,
    ...(load.overallRate && { overallRate: load.overallRate }),
    requests: [{ setupRequest: (request) => ({ ...request, ...load.next() }) }],
  });
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  if (result.errors || result.timeouts || result.non2xx)
    throw new Error(
      `${server.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    cpuMsPerRequest: cpuMicros / 1000 / Math.max(1, result.requests.total),
  };
}

/** `load` on each server for the warm-up's seconds, before anything is measured. */
export async function warmUp(
  servers: Record<Target, ServerProcess>,
  load: (seconds: number) => Load,
): Promise<void> {
  log(`warm-up: ${writeSettings.warmupSeconds}s per server`);
  for (const target of TARGETS) await measure(servers[target], load(writeSettings.warmupSeconds));
}

/**
 * `rounds` rounds of `measureOne` on each side, the side that goes first alternating, so drift on
 * the shared machine hits both equally. Sides are any two names (servers, or two kinds of request).
 */
export async function alternate<Side extends string>(
  name: string,
  sides: [Side, Side],
  measureOne: (side: Side) => Promise<Sample>,
): Promise<Record<Side, Sample[]>> {
  const samples = { [sides[0]]: [], [sides[1]]: [] } as unknown as Record<Side, Sample[]>;
  for (let round = 1; round <= writeSettings.rounds; round++) {
    const order = round % 2 ? sides : ([sides[1], sides[0]] as const);
    for (const side of order) samples[side].push(await measureOne(side));
    log(`${name}: round ${round}/${writeSettings.rounds} done`);
  }
  return samples;
}

export const medianOf = (samples: Sample[], figure: keyof Sample) =>
  median(samples.map((sample) => sample[figure]));

/** The range of the per-round ratios of `figure`, ours over theirs. */
export function spread(ours: Sample[], theirs: Sample[], figure: keyof Sample): string {
  const ratios = ours.map((sample, index) => sample[figure] / theirs[index]![figure]);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}

export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/**
 * The report: the run's conditions, then a table of `rows` (measure, API, baseline, ratio, goal)
 * in Markdown.
 */
export async function printReport(
  databaseUrl: string,
  loadBefore: number,
  rows: string[][],
): Promise<void> {
  console.log(`\n${await conditions(databaseUrl, loadBefore)}\n`);
  const table = [
    ['measure', 'API', 'baseline', 'ratio (range per round)', 'goal'],
    ['---', '---', '---', '---', '---'],
    ...rows,
  ];
  console.log(table.map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
}

/** The machine and its load, for the report's conditions. */
async function conditions(databaseUrl: string, loadBefore: number): Promise<string> {
  const postgres = await withClient(
    databaseUrl,
    async (client) =>
      (await client.query<{ server_version: string }>('show server_version')).rows[0]!
        .server_version,
  );
  const cpus = os.cpus();
  return [
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${postgres}`,
    `Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}`,
    `${writeSettings.rounds} rounds × ${writeSettings.seconds}s per side, ${writeSettings.connections} connections, pool ${writeSettings.pool}, warm-up ${writeSettings.warmupSeconds}s.`,
  ].join('\n');
}
