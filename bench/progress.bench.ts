/**
 * The watch progress benchmark (issue 11, "Speed"): `PUT /api/watch-progress/:movieId` on the
 * real API (production mode) against a bare `pg` server running the same upsert statement, at
 * saturation and at a fixed arrival rate, side by side in one run; then `GET /api/home` for a
 * viewer with a Continue watching row against the anonymous home, on the API.
 *
 *   pnpm --filter @lanxang/bench bench:progress      (embedded PostgreSQL, 2,000 films; about 3 minutes)
 *   BENCH_ROUNDS=4 BENCH_SECONDS=5 BENCH_WARMUP_SECONDS=3 BENCH_CONNECTIONS=10 BENCH_POOL=10
 *   BENCH_RATE=1000                                  (the fixed arrival rate, requests per second)
 *
 * The machine is shared and noisy: the ratios, measured back to back, are the result.
 */
import os from 'node:os';
import { benchRun, withClient } from './kit.js';
import {
  alternate,
  anonymousViewers,
  measure,
  medianOf,
  prepareWriteDatabase,
  printReport,
  spread,
  startWriteServers,
  TARGETS,
  verdict,
  warmUp,
  writeSettings,
  type Load,
} from './write-kit.js';

const GOALS = { throughput: 0.9, savesPerSecond: 1_800, p99: 1.3, homeP99: 1.3 };
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const VIEWERS = 200;
const FILMS = 50;
/** Films in the home-bench viewer's Continue watching row. */
const ROW = 10;
const bench = benchRun(10 * 60_000);

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const databaseUrl = await prepareWriteDatabase(bench);
  const films = await withClient(
    databaseUrl,
    async (client) =>
      (
        await client.query<{ id: number; duration: number }>(
          `select m.id, coalesce((select max(v.duration_seconds) from video_sources v
             where v.movie_id = m.id and v.status = 'ready'), m.runtime_minutes * 60) as duration
         from movies m where m.status = 'published' and m.runtime_minutes is not null
         order by md5(m.id::text) limit ${FILMS}`,
        )
      ).rows,
  );
  // The anonymous home computed as the personal one is, not answered from the response cache:
  // the goal is what a Continue watching row adds, not what the cache saves.
  const servers = await startWriteServers(bench, databaseUrl, { CATALOG_CACHE_ENTRIES: '0' });
  const viewers = await anonymousViewers(servers.api, VIEWERS);

  // Each save is a different viewer and film in turn, its position moving on, its timestamp now.
  let sent = 0;
  const saves = (seconds: number, overallRate?: number): Load => ({
    seconds,
    overallRate,
    next() {
      const n = sent++;
      const film = films[Math.floor(n / VIEWERS) % films.length]!;
      return {
        method: 'PUT',
        path: `/api/watch-progress/${film.id}`,
        headers: { 'content-type': 'application/json', 'x-anonymous-id': viewers[n % VIEWERS]! },
        body: JSON.stringify({
          positionSeconds: (n % 3000) + 1,
          durationSeconds: film.duration,
          clientTimestamp: new Date().toISOString(),
        }),
      };
    },
  });

  await checkAgreement(servers, saves(1).next);
  await warmUp(servers, saves);

  const saturation = await alternate('saves at saturation', ['api', 'baseline'], (target) =>
    measure(servers[target], saves(writeSettings.seconds)),
  );
  const fixedRate = await alternate(`saves at ${RATE}/s`, ['api', 'baseline'], (target) =>
    measure(servers[target], saves(writeSettings.seconds, RATE)),
  );

  // Home: one viewer with a Continue watching row, against nobody, on the API.
  const [viewer] = viewers;
  for (const film of films.slice(0, ROW)) {
    await fetch(`${servers.api.url}/api/watch-progress/${film.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-anonymous-id': viewer! },
      body: JSON.stringify({
        positionSeconds: film.duration / 3,
        durationSeconds: film.duration,
        clientTimestamp: new Date().toISOString(),
      }),
    });
  }
  const home = (headers: Record<string, string>): Load => ({
    seconds: writeSettings.seconds,
    next: () => ({ method: 'GET', path: '/api/home', headers }),
  });
  await measure(servers.api, home({ 'x-anonymous-id': viewer! }));
  const homes = await alternate('home', ['withRow', 'anonymous'], (side) =>
    measure(servers.api, home(side === 'withRow' ? { 'x-anonymous-id': viewer! } : {})),
  );

  const savesAtSaturation = medianOf(saturation.api, 'rps');
  const throughputRatio = savesAtSaturation / medianOf(saturation.baseline, 'rps');
  const p99Ratio = medianOf(fixedRate.api, 'p99') / medianOf(fixedRate.baseline, 'p99');
  const homeRatio = medianOf(homes.withRow, 'p99') / medianOf(homes.anonymous, 'p99');
  await printReport(databaseUrl, loadBefore, [
    [
      'saves/s at saturation',
      savesAtSaturation.toFixed(0),
      medianOf(saturation.baseline, 'rps').toFixed(0),
      `${throughputRatio.toFixed(2)}× (${spread(saturation.api, saturation.baseline, 'rps')})`,
      `${verdict(throughputRatio >= GOALS.throughput)} ≥ 0.9×; ${verdict(savesAtSaturation >= GOALS.savesPerSecond)} ≥ 1,800/s`,
    ],
    [
      'p99 ms at saturation',
      medianOf(saturation.api, 'p99').toFixed(1),
      medianOf(saturation.baseline, 'p99').toFixed(1),
      `${(medianOf(saturation.api, 'p99') / medianOf(saturation.baseline, 'p99')).toFixed(2)}× (${spread(saturation.api, saturation.baseline, 'p99')})`,
      '',
    ],
    [
      `p99 ms at ${RATE}/s`,
      medianOf(fixedRate.api, 'p99').toFixed(1),
      medianOf(fixedRate.baseline, 'p99').toFixed(1),
      `${p99Ratio.toFixed(2)}× (${spread(fixedRate.api, fixedRate.baseline, 'p99')})`,
      `${verdict(p99Ratio <= GOALS.p99)} ≤ 1.3×`,
    ],
    [
      `p50 ms at ${RATE}/s`,
      medianOf(fixedRate.api, 'p50').toFixed(1),
      medianOf(fixedRate.baseline, 'p50').toFixed(1),
      '',
      '',
    ],
    [
      'server CPU ms per save',
      medianOf(saturation.api, 'cpuMsPerRequest').toFixed(3),
      medianOf(saturation.baseline, 'cpuMsPerRequest').toFixed(3),
      '',
      '',
    ],
    [
      'home p99 ms: with a row of 10 / anonymous',
      medianOf(homes.withRow, 'p99').toFixed(1),
      medianOf(homes.anonymous, 'p99').toFixed(1),
      `${homeRatio.toFixed(2)}× (${spread(homes.withRow, homes.anonymous, 'p99')})`,
      `${verdict(homeRatio <= GOALS.homeP99)} ≤ 1.3×`,
    ],
  ]);
}

/** Both servers must store the same thing, or the ratio means nothing. */
async function checkAgreement(
  servers: Awaited<ReturnType<typeof startWriteServers>>,
  next: Load['next'],
): Promise<void> {
  const request = next();
  for (const target of TARGETS) {
    const response = await fetch(servers[target].url + request.path, request);
    const body = (await response.json()) as Record<string, unknown>;
    const position = body.positionSeconds ?? body.position_seconds;
    if (response.status !== 200 || position !== JSON.parse(request.body!).positionSeconds)
      throw new Error(
        `${target} did not store the save: ${response.status} ${JSON.stringify(body)}`,
      );
  }
}

await bench.run(main);
