/**
 * The analytics ingestion benchmark (issue 11, "Speed"): `POST /api/analytics/events` with
 * batches of 100 events on the real API (production mode) against a bare `pg` server running the
 * same one-statement insert, at saturation, side by side in one run. Reports events stored per second.
 *
 *   pnpm --filter @lanxang/bench bench:analytics     (embedded PostgreSQL, 2,000 films; about 2 minutes)
 *   BENCH_ROUNDS=4 BENCH_SECONDS=5 BENCH_WARMUP_SECONDS=3 BENCH_CONNECTIONS=10 BENCH_POOL=10
 *
 * The machine is shared and noisy: the ratio, measured back to back, is the result.
 */
import os from 'node:os';
import type { AnalyticsEvent } from '@lanxang/contracts';
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

const GOAL = 0.8;
const BATCH = 100;
const bench = benchRun(10 * 60_000);

/** A playback's worth of events, as a TV sends them: mostly heartbeats, a few of everything else. */
function batchOf(movieId: number, n: number): AnalyticsEvent[] {
  const at = new Date().toISOString();
  const base = { at, movieId };
  return Array.from({ length: BATCH }, (_, i): AnalyticsEvent => {
    const positionSeconds = n + i * 10;
    switch (i % 10) {
      case 0:
        return {
          ...base,
          positionSeconds,
          type: 'first_frame',
          loadLatencyMs: 420,
          timeToFirstFrameMs: 900 + (n % 500),
        };
      case 1:
        return {
          ...base,
          positionSeconds,
          type: 'quality_switch',
          fromHeight: 360,
          toHeight: 720,
          fromBandwidth: 800_000,
          toBandwidth: 2_400_000,
        };
      case 2:
        return { ...base, positionSeconds, type: 'stall_end', durationMs: 350 };
      case 3:
        return {
          ...base,
          positionSeconds,
          type: 'seek',
          fromSeconds: positionSeconds,
          toSeconds: positionSeconds + 30,
        };
      default:
        return { ...base, positionSeconds, type: 'heartbeat', watchedSeconds: 10 };
    }
  });
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const databaseUrl = await prepareWriteDatabase(bench);
  const films = await withClient(databaseUrl, async (client) =>
    (
      await client.query<{ id: number }>(
        `select id from movies where status = 'published' order by md5(id::text) limit 50`,
      )
    ).rows.map((row) => row.id),
  );
  const servers = await startWriteServers(bench, databaseUrl);
  const [tv] = await anonymousViewers(servers.api, 1);
  let sent = 0;
  const batches = (seconds: number): Load => ({
    seconds,
    next() {
      const n = sent++;
      return {
        method: 'POST',
        path: '/api/analytics/events',
        headers: { 'content-type': 'application/json', 'x-anonymous-id': tv! },
        body: JSON.stringify({
          sessionId: `bench-session-${n % 1000}`,
          events: batchOf(films[n % films.length]!, n),
        }),
      };
    },
  });

  // Both servers must store all 100 events of a batch, or the ratio means nothing.
  for (const target of TARGETS) {
    const request = batches(1).next();
    const response = await fetch(servers[target].url + request.path, request);
    const body = (await response.json()) as { accepted?: number };
    if (!response.ok || body.accepted !== BATCH)
      throw new Error(`${target} stored ${JSON.stringify(body)} of a batch of ${BATCH}`);
  }
  await warmUp(servers, batches);
  const samples = await alternate('batches of 100', ['api', 'baseline'], (target) =>
    measure(servers[target], batches(writeSettings.seconds)),
  );

  const events = (target: 'api' | 'baseline') => medianOf(samples[target], 'rps') * BATCH;
  const ratio = events('api') / events('baseline');
  await printReport(databaseUrl, loadBefore, [
    [
      'events stored/s, batches of 100',
      events('api').toFixed(0),
      events('baseline').toFixed(0),
      `${ratio.toFixed(2)}× (${spread(samples.api, samples.baseline, 'rps')})`,
      `${verdict(ratio >= GOAL)} ≥ 0.8×`,
    ],
    [
      'p99 ms per batch',
      medianOf(samples.api, 'p99').toFixed(1),
      medianOf(samples.baseline, 'p99').toFixed(1),
      `${(medianOf(samples.api, 'p99') / medianOf(samples.baseline, 'p99')).toFixed(2)}×`,
      '',
    ],
    [
      'server CPU ms per batch',
      medianOf(samples.api, 'cpuMsPerRequest').toFixed(2),
      medianOf(samples.baseline, 'cpuMsPerRequest').toFixed(2),
      '',
      '',
    ],
  ]);
}

await bench.run(main);
