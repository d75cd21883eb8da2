/**
 * The media benchmark, two ratios measured in one run on the same machine:
 *
 * 1. Transcode: the ladder in ONE ffmpeg process (one decode split to every rung) against one
 *    ffmpeg run per rung with the same arguments (`buildLadderArgs` with a single rung), summed.
 *    Goal: ladder / sum ≤ 1.0.
 * 2. Serving: segment throughput of our `/media/*` route (the API's own middleware: error
 *    handler, CORS, `serveMediaFiles`) against nginx with `sendfile on` serving the same files,
 *    both single-process, loaded with wrk over loopback. Goal: ours / nginx ≥ 0.5.
 *
 *   npx tsx bench/media.bench.ts
 *   BENCH_ROUNDS=2 BENCH_SECONDS=5 BENCH_CONNECTIONS=8 BENCH_CLIP_SECONDS=10
 *
 * Installs nginx and wrk with apt-get when they are missing (needs root). Absolute numbers on a
 * shared 2-core machine mean little; the ratios, medians over alternating rounds, are the result.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  buildLadderArgs,
  planLadder,
  probeMedia,
  runFfmpeg,
  transcodeLadder,
} from '@lanxang/api/modules/media';
import { mediaTokens } from '@lanxang/api/modules/media/tokens';
import { benchRun, median } from './kit.js';
import { startBareNginx, startMediaServer, wrkLoad } from './media-serving.js';

const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 2),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
  clipSeconds: Number(process.env.BENCH_CLIP_SECONDS ?? 10),
};
const GOALS = { transcode: 1.0, serving: 0.5 };
const HARD_LIMIT_MS = 10 * 60_000;
const execFileAsync = promisify(execFile);

const bench = benchRun(HARD_LIMIT_MS);

const seconds = async (work: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
};

async function ensureTools(): Promise<void> {
  const missing = ['nginx', 'wrk'].filter(
    (tool) => !['/usr/sbin', '/usr/bin'].some((dir) => existsSync(path.join(dir, tool))),
  );
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await execFileAsync('apt-get', ['update', '-qq'], { env });
  await execFileAsync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
  });
}

async function benchTranscode(work: string) {
  const input = path.join(work, 'source.mp4');
  // A 720p source: three rungs (720p, 480p, 360p) of the reference ladder.
  await runFfmpeg([
    ...`-loglevel error -f lavfi -i testsrc2=s=1280x720:r=25:d=${settings.clipSeconds}`.split(' '),
    ...`-f lavfi -i sine=frequency=440:duration=${settings.clipSeconds}`.split(' '),
    ...'-c:v libx264 -preset ultrafast -crf 18 -c:a aac -shortest -y'.split(' '),
    input,
  ]);
  const source = await probeMedia(input);
  const rungs = planLadder(source);
  const ladderTimes: number[] = [];
  const perRungTimes: number[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const ladder = () =>
      transcodeLadder({ input, outDir: path.join(work, `ladder-${round}`), source, rungs });
    const perRung = async () => {
      for (const rung of rungs) {
        const staging = path.join(work, `single-${round}-${rung.name}`);
        await mkdir(staging, { recursive: true });
        await runFfmpeg(
          buildLadderArgs({
            input,
            staging,
            source,
            rungs: [rung],
            frameRate: source.frameRateFraction,
            preset: 'veryfast',
            threads: undefined,
          }),
        );
      }
    };
    // Alternate which goes first, so neither always meets a warm or a busy machine.
    if (round % 2 === 0) {
      ladderTimes.push(await seconds(ladder));
      perRungTimes.push(await seconds(perRung));
    } else {
      perRungTimes.push(await seconds(perRung));
      ladderTimes.push(await seconds(ladder));
    }
    console.log(
      `  transcode round ${round + 1}: ladder ${ladderTimes.at(-1)!.toFixed(1)} s, per-rung sum ${perRungTimes.at(-1)!.toFixed(1)} s`,
    );
  }
  return {
    rungs: rungs.map((rung) => rung.name),
    ladder: median(ladderTimes),
    perRung: median(perRungTimes),
    mediaDir: path.join(work, 'ladder-0'),
  };
}

const startOurServer = (mediaRoot: string) =>
  // The ladder's files are not under `video/`: public files, no token to check.
  startMediaServer(
    mediaRoot,
    mediaTokens('bench-only-media-token-secret-0123456789', 900, () => new Date()),
  );

const load = (url: string) => wrkLoad(url, settings);

async function benchServing(ladderDir: string) {
  // The top rung's largest segment: what a TV on a good connection fetches most.
  const rung = (await readdir(ladderDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => Number.parseInt(b) - Number.parseInt(a))[0]!;
  const segments = (await readdir(path.join(ladderDir, rung))).filter((name) =>
    name.endsWith('.m4s'),
  );
  const sizes = await Promise.all(
    segments.map(async (name) => ({
      name,
      size: (await stat(path.join(ladderDir, rung, name))).size,
    })),
  );
  const segment = sizes.sort((a, b) => b.size - a.size)[0]!;
  const relative = `${rung}/${segment.name}`;
  const ours = await startOurServer(ladderDir);
  const nginx = await startBareNginx(ladderDir);
  try {
    for (const [name, server] of [
      ['ours', ours],
      ['nginx', nginx],
    ] as const) {
      const response = await fetch(`${server.url}/media/${relative}`);
      const bytes = (await response.arrayBuffer()).byteLength;
      if (response.status !== 200 || bytes !== segment.size)
        throw new Error(`${name} served ${response.status} with ${bytes} bytes`);
    }
    const oursSamples: { rps: number; mbps: number }[] = [];
    const nginxSamples: { rps: number; mbps: number }[] = [];
    for (let round = 0; round < settings.rounds + 1; round++) {
      const order = round % 2 === 0 ? ([ours, nginx] as const) : ([nginx, ours] as const);
      for (const server of order) {
        const sample = await load(`${server.url}/media/${relative}`);
        (server === ours ? oursSamples : nginxSamples).push(sample);
      }
      console.log(
        `  serving round ${round + 1}: ours ${oursSamples.at(-1)!.rps.toFixed(0)} req/s, nginx ${nginxSamples.at(-1)!.rps.toFixed(0)} req/s`,
      );
    }
    return {
      segment: `${relative} (${(segment.size / 1024).toFixed(0)} KiB)`,
      ours: {
        rps: median(oursSamples.map((s) => s.rps)),
        mbps: median(oursSamples.map((s) => s.mbps)),
      },
      nginx: {
        rps: median(nginxSamples.map((s) => s.rps)),
        mbps: median(nginxSamples.map((s) => s.mbps)),
      },
    };
  } finally {
    await ours.close();
    await nginx.close();
  }
}

await bench.run(async () => {
  const work = await bench.tempDir('lanxang-media-bench-');
  await ensureTools();
  console.log(
    `media bench: ${settings.rounds} rounds, ${settings.clipSeconds} s 720p source, wrk ${settings.connections} connections × ${settings.seconds} s, ${os.cpus().length} cores`,
  );
  const transcode = await benchTranscode(work);
  const serving = await benchServing(transcode.mediaDir);
  const transcodeRatio = transcode.ladder / transcode.perRung;
  const servingRatio = serving.ours.rps / serving.nginx.rps;
  console.log('');
  console.log(`| measure | ours | baseline | ratio | goal |`);
  console.log(`|---|---|---|---|---|`);
  console.log(
    `| transcode ${transcode.rungs.join('+')} (wall s, median) | ladder ${transcode.ladder.toFixed(1)} | per-rung sum ${transcode.perRung.toFixed(1)} | ${transcodeRatio.toFixed(2)}× | ≤ ${GOALS.transcode.toFixed(1)}× ${transcodeRatio <= GOALS.transcode ? '✓' : '✗'} |`,
  );
  console.log(
    `| serving ${serving.segment} (req/s, median) | ${serving.ours.rps.toFixed(0)} (${serving.ours.mbps.toFixed(0)} MB/s) | nginx sendfile ${serving.nginx.rps.toFixed(0)} (${serving.nginx.mbps.toFixed(0)} MB/s) | ${servingRatio.toFixed(2)}× | ≥ ${GOALS.serving.toFixed(1)}× ${servingRatio >= GOALS.serving ? '✓' : '✗'} |`,
  );
});
