/**
 * The media-token bench: what checking a token costs when serving a film's files. One server
 * (our `/media/*` middleware), the same bytes at two paths, loaded in alternating rounds:
 *
 * - checked: `/media/t/<token>/video/bench-film/hls/720p/<file>`, a film's file, so the token is
 *   verified (HMAC-SHA256, expiry, prefix) on every request;
 * - unchecked: `/media/plain/hls/720p/<file>`, a hard link to the same file, under no protected
 *   root, so nothing is checked.
 *
 * Goal: checked / unchecked ≥ 0.95 for segments. A tiny file (the init segment) is reported too:
 * there the per-request work is all there is, so it shows the check's cost at its most visible.
 *
 *   npx tsx bench/media-tokens.bench.ts
 *   BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=8
 */
import { execFile } from 'node:child_process';
import { copyFile, link, mkdir, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mediaTokens } from '@lanxang/api/modules/media/tokens';
import { benchRun, median } from './kit.js';
import { startMediaServer, wrkLoad, type LoadSample } from './media-serving.js';

const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 8),
};
const GOAL = 0.95;
const HARD_LIMIT_MS = 10 * 60_000;
const RUNG = path.resolve(
  import.meta.dirname,
  '../.cache/test-media/media/video/the-rivers-daughter/hls/720p',
);

const bench = benchRun(HARD_LIMIT_MS);

async function ensureWrk(): Promise<void> {
  if ((await stat('/usr/bin/wrk').catch(() => null))?.isFile()) return;
  console.log('installing wrk with apt-get…');
  const run = promisify(execFile);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'wrk'], { env });
}

/**
 * Verifications per second in a tight loop, the check alone without HTTP around it: a token's
 * first check (the HMAC) and the later ones (a token verified lately is remembered).
 */
function verifyRates(tokens: ReturnType<typeof mediaTokens>) {
  const count = 50_000;
  const expiresAt = new Date(Date.now() + HARD_LIMIT_MS);
  const distinct = Array.from({ length: count }, (_, i) =>
    tokens.mint({ prefixes: ['video/bench-film/'], owner: `u:${i}`, expiresAt }),
  );
  const rate = (list: string[]) => {
    const started = process.hrtime.bigint();
    for (const token of list) if (!tokens.verify(token)) throw new Error('token refused');
    return list.length / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  return { first: rate(distinct), again: rate(Array(count).fill(distinct.at(-1)!)) };
}

await bench.run(async () => {
  await ensureWrk();
  const files = await readdir(RUNG).catch(() => {
    throw new Error(`no demo ladder at ${RUNG}: run the API media tests once to make it`);
  });
  const segment = files.filter((name) => name.endsWith('.m4s')).sort()[0]!;
  const init = files.find((name) => name.startsWith('init_'))!;

  const root = await bench.tempDir('lanxang-media-tokens-bench-');
  const checkedDir = path.join(root, 'video', 'bench-film', 'hls', '720p');
  const plainDir = path.join(root, 'plain', 'hls', '720p');
  await mkdir(checkedDir, { recursive: true });
  await mkdir(plainDir, { recursive: true });
  for (const name of [segment, init]) {
    // A copy in the bench's own directory, then a hard link: the same inode at both paths, so
    // the bytes and the page cache are shared exactly.
    await copyFile(path.join(RUNG, name), path.join(checkedDir, name));
    await link(path.join(checkedDir, name), path.join(plainDir, name));
  }

  const tokens = mediaTokens('bench-only-media-token-secret-0123456789', 900, () => new Date());
  const token = tokens.mint({
    prefixes: ['video/bench-film/', 'subtitles/1/'],
    owner: 'u:1',
    expiresAt: new Date(Date.now() + HARD_LIMIT_MS),
  });
  const server = await startMediaServer(root, tokens);
  bench.onCleanup(() => server.close());
  const urls = (name: string) => ({
    checked: `${server.url}/media/t/${token}/video/bench-film/hls/720p/${name}`,
    unchecked: `${server.url}/media/plain/hls/720p/${name}`,
  });
  for (const url of [...Object.values(urls(segment)), ...Object.values(urls(init))]) {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  }
  const refused = await fetch(`${server.url}/media/video/bench-film/hls/720p/${segment}`);
  if (refused.status !== 403) throw new Error(`no token answered ${refused.status}, not 403`);

  console.log(
    `media-tokens bench: ${settings.rounds} rounds, wrk ${settings.connections} connections × ${settings.seconds} s, ${os.cpus().length} cores, Node ${process.version}`,
  );
  const results: { file: string; size: number; checked: LoadSample; unchecked: LoadSample }[] = [];
  for (const name of [segment, init]) {
    const { checked, unchecked } = urls(name);
    const samples = { checked: [] as LoadSample[], unchecked: [] as LoadSample[] };
    // One warm-up pass each, then alternating order so neither always meets a busier machine.
    await wrkLoad(checked, { ...settings, seconds: 2 });
    await wrkLoad(unchecked, { ...settings, seconds: 2 });
    for (let round = 0; round < settings.rounds; round++) {
      const order =
        round % 2 === 0 ? (['checked', 'unchecked'] as const) : (['unchecked', 'checked'] as const);
      for (const which of order) samples[which].push(await wrkLoad(urls(name)[which], settings));
      console.log(
        `  ${name} round ${round + 1}: checked ${samples.checked.at(-1)!.rps.toFixed(0)} req/s, unchecked ${samples.unchecked.at(-1)!.rps.toFixed(0)} req/s`,
      );
    }
    const med = (list: LoadSample[]) => ({
      rps: median(list.map((sample) => sample.rps)),
      mbps: median(list.map((sample) => sample.mbps)),
    });
    results.push({
      file: name,
      size: (await stat(path.join(plainDir, name))).size,
      checked: med(samples.checked),
      unchecked: med(samples.unchecked),
    });
  }

  console.log('');
  console.log(
    '| file | with the token check (req/s, median) | without (req/s, median) | ratio | goal |',
  );
  console.log('|---|---|---|---|---|');
  for (const result of results) {
    const ratio = result.checked.rps / result.unchecked.rps;
    const isSegment = result.file.endsWith('.m4s');
    console.log(
      `| ${result.file} (${(result.size / 1024).toFixed(1)} KiB) | ${result.checked.rps.toFixed(0)} (${result.checked.mbps.toFixed(0)} MB/s) | ${result.unchecked.rps.toFixed(0)} (${result.unchecked.mbps.toFixed(0)} MB/s) | ${ratio.toFixed(3)}× | ${isSegment ? `≥ ${GOAL}× ${ratio >= GOAL ? '✓' : '✗'}` : '(reported)'} |`,
    );
  }
  const rates = verifyRates(tokens);
  console.log('');
  console.log(
    `token check alone: first check ${(1e6 / rates.first).toFixed(2)} µs (${(rates.first / 1000).toFixed(0)}k/s), later checks ${(1e6 / rates.again).toFixed(2)} µs (${(rates.again / 1000).toFixed(0)}k/s); token ${token.length} characters`,
  );
});
