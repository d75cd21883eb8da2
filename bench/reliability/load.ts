/**
 * Load: a mixed viewer workload at a FIXED arrival rate (open loop: a request is sent on its
 * schedule whether or not the earlier ones have answered, and its latency counts from that
 * schedule, so a stalled server cannot hide its queue) against the production-mode API in its
 * own process over 10,000 seeded films. The rate steps up until a step breaks p99 < 250 ms or
 * has any error; the last step that held is the result. The API's RSS is sampled every second.
 *
 * `npm run test:load` (LOAD_RATES="10,20,40", LOAD_STEP_SECONDS=60, LOAD_HOLD_SECONDS=180 for
 * the long run at the rate found). Only 127.0.0.1 as the destination; sign-ins come from other
 * loopback source addresses (127.0.0.2…) as many households would, since the API limits
 * sign-ins per IP. Stops by itself after LOAD_HARD_LIMIT_MINUTES.
 */
import http from 'node:http';
import { cp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { initDatabase } from '@lanxang/api/db';
import { mediaTokens } from '@lanxang/api/modules/media/tokens';
import { signIn } from '@lanxang/api/testing/accounts';
import { AnonymousIdSchema } from '@lanxang/contracts';
import { startApiProcess } from '@lanxang/api/testing/processes';
import {
  benchRun,
  log,
  migrateDatabase,
  percentile,
  startBenchPostgres,
  withClient,
} from '../kit.js';
import { SEARCHES, seedBenchCatalog } from '../seed-catalog.js';

const settings = {
  rates: (process.env.LOAD_RATES ?? '10,20,40,60,80,120,160').split(',').map(Number),
  stepSeconds: Number(process.env.LOAD_STEP_SECONDS ?? 30),
  holdSeconds: Number(process.env.LOAD_HOLD_SECONDS ?? 120),
  hardLimitMinutes: Number(process.env.LOAD_HARD_LIMIT_MINUTES ?? 30),
};
const P99_LIMIT_MS = 250;
const REQUEST_TIMEOUT_MS = 5_000;
const VIEWERS = 200;
const PASSWORD = 'load suite password';

interface Request {
  kind: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  localAddress?: string;
}

interface Mix {
  weight: number;
  next(i: number): Request;
}

function workload(data: {
  filmIds: number[];
  playableIds: number[];
  /** Playable films with their video's length, which a progress save must match. */
  playable: { id: number; seconds: number }[];
  segments: string[];
  viewers: { email: string; authorization: string }[];
  /** Progress savers' headers: signed-in sessions and anonymous ids, alternating. */
  savers: Record<string, string>[];
}): Mix[] {
  const at = <T>(list: T[], i: number) => list[i % list.length]!;
  const json = { 'content-type': 'application/json' };
  return [
    { weight: 15, next: () => ({ kind: 'home', method: 'GET', path: '/api/home' }) },
    {
      weight: 25,
      next: (i) => ({ kind: 'details', method: 'GET', path: `/api/movies/${at(data.filmIds, i)}` }),
    },
    {
      weight: 10,
      next: (i) => ({
        kind: 'search',
        method: 'GET',
        path: `/api/movies?q=${encodeURIComponent(at(SEARCHES, i))}`,
      }),
    },
    {
      weight: 8,
      next: (i) => ({
        kind: 'playback',
        method: 'GET',
        path: `/api/movies/${at(data.playableIds, i)}/playback`,
      }),
    },
    { weight: 35, next: (i) => ({ kind: 'segment', method: 'GET', path: at(data.segments, i) }) },
    {
      // A watching TV fetches a 6 s segment every 6 s and saves its progress every 10 s: 3 saves
      // per 5 segments. Half the savers are signed in, half anonymous (TVs never paired).
      weight: 21,
      next: (i) => {
        const film = at(data.playable, i);
        return {
          kind: 'progress save',
          method: 'PUT',
          path: `/api/watch-progress/${film.id}`,
          headers: { ...json, ...at(data.savers, i) },
          body: JSON.stringify({
            positionSeconds: film.seconds * ((i % 80) / 100),
            durationSeconds: film.seconds,
            clientTimestamp: new Date().toISOString(),
          }),
        };
      },
    },
    {
      // The player's analytics batch every 30 s: a heartbeat, a pause and a seek.
      weight: 7,
      next: (i) => {
        const movieId = at(data.playableIds, i);
        const when = new Date().toISOString();
        const positionSeconds = 600 + (i % 3_000);
        return {
          kind: 'analytics batch',
          method: 'POST',
          path: '/api/analytics/events',
          headers: { ...json, ...at(data.savers, i) },
          body: JSON.stringify({
            sessionId: `load-session-${i % 1_000}`,
            events: [
              { type: 'heartbeat', at: when, movieId, positionSeconds, watchedSeconds: 30 },
              { type: 'pause', at: when, movieId, positionSeconds },
              { type: 'seek', at: when, movieId, positionSeconds, fromSeconds: 0, toSeconds: 10 },
            ],
          }),
        };
      },
    },
    {
      weight: 2,
      next: (i) => ({
        kind: 'sign-in',
        method: 'POST',
        path: '/api/auth/login',
        headers: json,
        body: JSON.stringify({ email: at(data.viewers, i).email, password: PASSWORD }),
        localAddress: `127.0.0.${2 + (i % 250)}`,
      }),
    },
  ];
}

interface StepResult {
  rate: number;
  seconds: number;
  sent: number;
  errors: number;
  errorKinds: Record<string, number>;
  p50: number;
  p99: number;
  p99ByKind: Record<string, number>;
  rssMiB: number[];
}

async function runStep(
  apiUrl: string,
  mix: Mix[],
  rate: number,
  seconds: number,
  rss: () => Promise<number>,
): Promise<StepResult> {
  // Idle sockets are dropped before the server's 5 s keep-alive closes them: a request sent on a
  // socket the server is closing would fail as the client's fault, not the server's.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  const url = new URL(apiUrl);
  const total = mix.reduce((sum, entry) => sum + entry.weight, 0);
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  const errorKinds: Record<string, number> = {};
  const rssMiB: number[] = [];
  const planned = Math.round(rate * seconds);
  const start = performance.now();
  const pending: Promise<void>[] = [];
  const sent = new Map<Mix, number>();
  const sampler = setInterval(() => void rss().then((bytes) => rssMiB.push(bytes / 2 ** 20)), 1000);

  for (let i = 0; i < planned; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    let pick = (i * 7919) % total;
    const entry = mix.find((candidate) => (pick -= candidate.weight) < 0)!;
    // Each kind counts its own requests, so it rotates over all its films, viewers and addresses.
    const nth = (sent.get(entry) ?? 0) + 1;
    sent.set(entry, nth);
    const request = entry.next(nth);
    pending.push(
      send(agent, url, request).then((status) => {
        const latency = performance.now() - due;
        latencies.push(latency);
        const list = byKind.get(request.kind) ?? [];
        list.push(latency);
        byKind.set(request.kind, list);
        if (typeof status === 'string' || status < 200 || status >= 400) {
          const key = `${request.kind} ${status}`;
          errorKinds[key] = (errorKinds[key] ?? 0) + 1;
        }
      }),
    );
  }
  await Promise.all(pending);
  clearInterval(sampler);
  agent.destroy();
  const errors = Object.values(errorKinds).reduce((sum, n) => sum + n, 0);
  return {
    rate,
    seconds,
    sent: planned,
    errors,
    errorKinds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p99ByKind: Object.fromEntries([...byKind].map(([kind, list]) => [kind, percentile(list, 99)])),
    rssMiB,
  };
}

/** The status, or what went wrong (`timeout`, `ECONNRESET`…). Reads the whole body, as a player would. */
function send(agent: http.Agent, url: URL, request: Request): Promise<number | string> {
  return new Promise((resolve) => {
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        localAddress: request.localAddress,
        agent: request.localAddress ? false : agent,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(), { code: 'timeout' })));
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    outgoing.end(request.body);
  });
}

async function readRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

const describeStep = (step: StepResult) =>
  `| ${step.rate} | ${step.seconds} | ${step.sent} | ${step.errors}${
    step.errors
      ? ` (${Object.entries(step.errorKinds)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ')})`
      : ''
  } | ${step.p50.toFixed(1)} | ${step.p99.toFixed(1)} | ${Object.entries(step.p99ByKind)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ')} | ${Math.min(...step.rssMiB).toFixed(0)}–${Math.max(...step.rssMiB).toFixed(0)} |`;

const holds = (step: StepResult) => step.errors === 0 && step.p99 < P99_LIMIT_MS;

const bench = benchRun(settings.hardLimitMinutes * 60_000);
await bench.run(async () => {
  const loadBefore = os.loadavg();
  const databaseUrl = await startBenchPostgres(bench, 'lanxang-load-', 'lanxang_load');
  await migrateDatabase(databaseUrl);
  log('seeding 10,000 films');
  await seedBenchCatalog(databaseUrl);

  // A real HLS ladder (the demo film the tests make under .cache/test-media) for segment fetches.
  const mediaDir = await bench.tempDir('lanxang-load-media-');
  const demo = path.resolve(import.meta.dirname, '../../.cache/test-media/media/video');
  await cp(demo, path.join(mediaDir, 'video'), { recursive: true });
  const rung = 'video/the-rivers-daughter/hls/360p';
  // A film's segments are served only with a media token: one, signed as playback would, for the run.
  const mediaTokenSecret = `load-${Math.random()}`.padEnd(48, 'x');
  const token = mediaTokens(mediaTokenSecret, 86_400, () => new Date()).mint({
    prefixes: ['video/the-rivers-daughter/'],
    owner: 'anonymous',
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const segments = (await readdir(path.join(mediaDir, rung)))
    .filter((file) => file.endsWith('.m4s'))
    .map((file) => `/media/t/${token}/${rung}/${file}`);

  const db = await initDatabase(databaseUrl, { poolMax: 2 });
  const viewers: { email: string; authorization: string }[] = [];
  for (let i = 0; i < VIEWERS; i += 1) {
    const viewer = await signIn({ db }, { password: PASSWORD });
    viewers.push({ email: viewer.user.email, authorization: viewer.headers.authorization });
  }
  await db.close();
  const [filmIds, playable] = await withClient(databaseUrl, async (client) => [
    (
      await client.query<{ id: number }>(
        `select id from movies where status = 'published' order by md5(id::text) limit 500`,
      )
    ).rows.map((row) => row.id),
    // The API refuses a progress save whose duration no version of the film has.
    (
      await client.query<{ id: number; seconds: number }>(
        `select m.id, max(v.duration_seconds)::float8 as seconds
           from movies m join video_sources v on v.movie_id = m.id and v.status = 'ready'
          where m.status = 'published' group by m.id limit 200`,
      )
    ).rows,
  ]);
  const playableIds = playable.map((film) => film.id);

  const api = await startApiProcess('server', {
    NODE_ENV: 'production',
    // A request the generator gave up on (timeout) is counted here, not logged there.
    LOG_LEVEL: 'error',
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: mediaDir,
    PUBLIC_API_URL: 'http://127.0.0.1:3001',
    // Production mode refuses development secrets: throwaway ones for this run.
    ANONYMOUS_ID_SECRET: `load-${Math.random()}`.padEnd(48, 'x'),
    SESSION_SECRET: `load-${Math.random()}`.padEnd(48, 'x'),
    ADMIN_SERVICE_TOKEN: `load-${Math.random()}`.padEnd(48, 'x'),
    MEDIA_TOKEN_SECRET: mediaTokenSecret,
    LAOQR_WEBHOOK_SECRET: `load-${Math.random()}`.padEnd(48, 'x'),
  });
  bench.onCleanup(() => api.stop());
  const savers: Record<string, string>[] = [];
  for (const viewer of viewers.slice(0, 100)) {
    const response = await fetch(`${api.url}/api/anonymous`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { anonymousId } = AnonymousIdSchema.parse(await response.json());
    savers.push({ authorization: viewer.authorization }, { 'x-anonymous-id': anonymousId });
  }
  const mix = workload({ filmIds, playableIds, playable, segments, viewers, savers });
  const rss = () => readRss(api.pid);

  log('warming up for 10 s at the first rate');
  await runStep(api.url, mix, settings.rates[0]!, 10, rss);
  const steps: StepResult[] = [];
  for (const rate of settings.rates) {
    log(`step: ${rate} requests/s for ${settings.stepSeconds} s`);
    const step = await runStep(api.url, mix, rate, settings.stepSeconds, rss);
    steps.push(step);
    log(`  p99 ${step.p99.toFixed(1)} ms, errors ${step.errors}`);
    if (!holds(step)) break;
  }
  const held = steps.filter(holds).at(-1);
  // With no rate held (a busy machine), the long run still shows memory at the lowest rate.
  const holdRate = held?.rate ?? settings.rates[0]!;
  const hold =
    settings.holdSeconds > 0
      ? await runStep(api.url, mix, holdRate, settings.holdSeconds, rss)
      : undefined;

  console.log(`
## Load (${new Date().toISOString()})

machine: ${os.cpus().length} cores, load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}

| rate (req/s) | seconds | requests | errors | p50 ms | p99 ms | p99 by kind (ms) | API RSS MiB (min–max) |
| -----------: | ------: | -------: | -----: | -----: | -----: | ---------------- | --------------------: |
${steps.map(describeStep).join('\n')}
${hold ? `${describeStep(hold)} ← the long run, ${settings.holdSeconds} s` : ''}

highest rate held (p99 < ${P99_LIMIT_MS} ms, no error): ${held ? `${held.rate} req/s` : 'none of the rates tried'}
${
  hold
    ? `RSS over the ${settings.holdSeconds} s run, first and last 10 samples (MiB): ${hold.rssMiB
        .slice(0, 10)
        .map((n) => n.toFixed(0))
        .join(' ')} … ${hold.rssMiB
        .slice(-10)
        .map((n) => n.toFixed(0))
        .join(' ')}`
    : ''
}
`);
  if (held && hold && !holds(hold))
    throw new Error('the rate found did not hold over the long run');
});
