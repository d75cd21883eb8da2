/**
 * The media-serving bench (issue 15): who sends a film's segment, three ways, in one run on the
 * same machine, alternating their order round by round:
 *
 * - bare nginx: Debian's nginx, `sendfile on`, the file at `/media/<key>`, nothing checked (the
 *   baseline);
 * - nginx + auth_request: the production path, nginx from `deploy/nginx/lanxang.conf.template`
 *   (the compose's) in front of our API, the token checked by the API once per token and film and
 *   then answered from nginx's cache;
 * - Node: our own `/media/t/<token>/<key>` route (`npm start`'s path: request log, error handler,
 *   CORS, `serveMediaFiles`), the token checked in-process.
 *
 * Goals: nginx + auth_request ≥ 0.8× bare nginx; Node ≥ 0.5× bare nginx. One nginx worker and one
 * Node process, loaded with wrk (1 thread) over loopback.
 *
 *   npx tsx bench/media-serving.bench.ts   (or pnpm --filter @lanxang/bench bench:media-serving)
 *   BENCH_ROUNDS=5 BENCH_SECONDS=5 BENCH_CONNECTIONS=8
 *
 * Needs the demo ladder under `.cache/test-media` (the API's media tests make it), nginx and wrk
 * (installed with apt-get when missing, as root).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mediaTokens } from '@lanxang/api/modules/media/tokens';
import { startNginxInFront } from '@lanxang/api/testing/nginx';
import { benchRun, median } from './kit.js';
import {
  cpuNanos,
  startBareNginx,
  startMediaServer,
  wrkLoad,
  type WrkRun,
} from './media-serving.js';

const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
};
const GOALS = { authRequest: 0.8, node: 0.5 };
const HARD_LIMIT_MS = 15 * 60_000;
const MEDIA_ROOT = path.resolve(import.meta.dirname, '../.cache/test-media/media');
const FILM = 'video/the-rivers-daughter';

const bench = benchRun(HARD_LIMIT_MS);

async function ensureTools(): Promise<void> {
  const missing = ['nginx', 'wrk'].filter(
    (tool) => !['/usr/sbin', '/usr/bin'].some((dir) => existsSync(path.join(dir, tool))),
  );
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} with apt-get…`);
  const run = promisify(execFile);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** The top rung's largest segment: what a TV on a good connection fetches most. */
async function largestSegment(): Promise<{ key: string; size: number }> {
  const hls = path.join(MEDIA_ROOT, FILM, 'hls');
  const rungs = await readdir(hls).catch(() => {
    throw new Error(`no demo ladder at ${hls}: run the API media tests once to make it`);
  });
  const top = rungs
    .filter((name) => /^\d+p$/.test(name))
    .sort((a, b) => Number.parseInt(b) - Number.parseInt(a))[0]!;
  const segments = (await readdir(path.join(hls, top))).filter((name) => name.endsWith('.m4s'));
  const sized = await Promise.all(
    segments.map(async (name) => ({
      key: `${FILM}/hls/${top}/${name}`,
      size: (await stat(path.join(hls, top, name))).size,
    })),
  );
  return sized.sort((a, b) => b.size - a.size)[0]!;
}

const verdict = (ratio: number, goal: number) =>
  `≥ ${goal.toFixed(1)}× ${ratio >= goal ? 'met' : 'NOT met'}`;

await bench.run(async () => {
  await ensureTools();
  const segment = await largestSegment();
  const tokens = mediaTokens('bench-only-media-token-secret-0123456789', 900, () => new Date());
  const token = tokens.mint({
    prefixes: [`${FILM}/`],
    owner: 'u:1',
    expiresAt: new Date(Date.now() + HARD_LIMIT_MS),
  });

  const node = await startMediaServer(MEDIA_ROOT, tokens);
  bench.onCleanup(() => node.close());
  const bare = await startBareNginx(MEDIA_ROOT);
  bench.onCleanup(() => bare.close());
  const fronted = await startNginxInFront({ api: new URL(node.url).host, mediaRoot: MEDIA_ROOT });
  bench.onCleanup(() => fronted.close());

  // Each side's serving processes: CPU time per request is counted over them. The Node server
  // runs in this process (its CPU is counted without this process's children, the wrk runs).
  const sides: {
    name: string;
    label: string;
    url: string;
    pids: { pid: number; withChildren: boolean }[];
  }[] = [
    {
      name: 'bare',
      label: 'bare nginx sendfile',
      url: `${bare.url}/media/${segment.key}`,
      pids: [{ pid: bare.pid, withChildren: true }],
    },
    {
      name: 'authRequest',
      label: 'nginx + auth_request',
      url: `${fronted.url}/media/t/${token}/${segment.key}`,
      pids: [
        { pid: fronted.pid, withChildren: true },
        { pid: node.pid, withChildren: false },
      ],
    },
    {
      name: 'node',
      label: 'Node (our /media route)',
      url: `${node.url}/media/t/${token}/${segment.key}`,
      pids: [{ pid: node.pid, withChildren: false }],
    },
  ];
  for (const side of sides) {
    const response = await fetch(side.url);
    const bytes = (await response.arrayBuffer()).byteLength;
    if (response.status !== 200 || bytes !== segment.size)
      throw new Error(`${side.label} served ${response.status} with ${bytes} bytes`);
  }
  const refused = await fetch(`${fronted.url}/media/${segment.key}`);
  if (refused.status !== 403) throw new Error(`nginx without a token answered ${refused.status}`);

  console.log(
    `media-serving bench: ${segment.key} (${(segment.size / 1024).toFixed(0)} KiB), ${settings.rounds} rounds, wrk 1 thread × ${settings.connections} connections × ${settings.seconds} s, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
  );
  type Sample = WrkRun & { cpuMicros: number };
  const samples = new Map<string, Sample[]>(sides.map((side) => [side.name, []]));
  const cpu = async (pids: (typeof sides)[number]['pids']) =>
    (await Promise.all(pids.map(({ pid, withChildren }) => cpuNanos(pid, withChildren)))).reduce(
      (sum, nanos) => sum + nanos,
      0,
    );
  const measure = async (side: (typeof sides)[number]): Promise<Sample> => {
    const before = await cpu(side.pids);
    const sample = await wrkLoad(side.url, settings);
    return { ...sample, cpuMicros: ((await cpu(side.pids)) - before) / sample.requests / 1000 };
  };
  for (const side of sides) await wrkLoad(side.url, { ...settings, seconds: 2 });
  for (let round = 0; round < settings.rounds; round++) {
    // Rotate the order, so no side always meets the machine warmer or busier than the others.
    const order = sides.map((_, i) => sides[(i + round) % sides.length]!);
    for (const side of order) samples.get(side.name)!.push(await measure(side));
    console.log(
      `  round ${round + 1}: ${sides.map((side) => `${side.name} ${samples.get(side.name)!.at(-1)!.rps.toFixed(0)} req/s ${samples.get(side.name)!.at(-1)!.cpuMicros.toFixed(0)} µs`).join(', ')}`,
    );
  }
  const result = (name: string) => ({
    rps: median(samples.get(name)!.map((sample) => sample.rps)),
    mbps: median(samples.get(name)!.map((sample) => sample.mbps)),
    cpuMicros: median(samples.get(name)!.map((sample) => sample.cpuMicros)),
  });
  /** The median of the per-round ratios: both sides of a ratio met the same moment's machine. */
  const ratio = (name: string) =>
    median(samples.get(name)!.map((sample, i) => sample.rps / samples.get('bare')![i]!.rps));
  /** The same for CPU: bare nginx's CPU per request over this side's (1 = as cheap as nginx). */
  const cpuRatio = (name: string) =>
    median(
      samples.get(name)!.map((sample, i) => samples.get('bare')![i]!.cpuMicros / sample.cpuMicros),
    );
  const baseline = result('bare');
  console.log(`\nload average after: ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(
    '| path | req/s (median) | MB/s | CPU µs per request | throughput ratio to bare nginx (median of rounds) | goal | CPU efficiency vs bare nginx |',
  );
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| bare nginx sendfile | ${baseline.rps.toFixed(0)} | ${baseline.mbps.toFixed(0)} | ${baseline.cpuMicros.toFixed(0)} | 1.00× | baseline | 1.00× |`,
  );
  for (const [name, goal] of [
    ['authRequest', GOALS.authRequest],
    ['node', GOALS.node],
  ] as const) {
    const { rps, mbps, cpuMicros } = result(name);
    const label = sides.find((side) => side.name === name)!.label;
    console.log(
      `| ${label} | ${rps.toFixed(0)} | ${mbps.toFixed(0)} | ${cpuMicros.toFixed(0)} | ${ratio(name).toFixed(2)}× | ${verdict(ratio(name), goal)} | ${cpuRatio(name).toFixed(2)}× |`,
    );
  }
});
