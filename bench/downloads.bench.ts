/**
 * The offline downloads benchmark (issue 13, "Speed"): the production build of `tv-app/` in
 * headless Chromium, with its own download engine, against the real API serving a film made of
 * the demo media, all on loopback.
 *
 *   pnpm --filter @lanxang/bench bench:downloads   (builds the TV app; a few minutes; stops by itself)
 *   BENCH_RUNS=3           downloads by the engine, each followed by a plain fetch of the same files
 *   BENCH_STARTS=8         plays online, then offline, for Shaka's loadLatency
 *   BENCH_FILM_SECONDS=600 the film's length (the demo clip's segments over and over)
 *   BENCH_HEIGHT=720       the rung downloaded
 *   BENCH_FETCH_PARALLEL=3 the plain fetch's requests at once (the engine's `PARALLEL`)
 *
 * What it measures, each with its goal:
 * - throughput: the engine storing the film at one rung (`window.__lanxangDownloads.start`, from
 *   the call to the record saying `complete`, the download offer included) against a plain
 *   `fetch` of the same files' URLs, bodies read whole, as many at once as the engine fetches, in
 *   the same page, run after run alternately (the baseline does not fetch the offer);
 * - offline start: Shaka's `loadLatency` of the stored film opened with the network off (the app
 *   started offline from its service worker, `#play/<slug>`), p95; the same film streamed online
 *   (before it was stored) for comparison;
 * - storage overhead: the bytes the store holds for the film ÷ the bytes fetched (response bodies
 *   seen by the browser), and the growth of `navigator.storage.estimate().usage` ÷ the same;
 * - memory during a download: the page's JS heap and ArrayBuffer backing stores sampled every
 *   100 ms (start and end after a forced GC), flat when the peak stays far below the film's size.
 */
import { link, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { linkTree } from '@lanxang/api/testing/demo-media';
import type { DownloadOffer, Home } from '@lanxang/contracts';
import { freePort, launchChromium, type LaunchedBrowser, type Page } from '@lanxang/testing';
import type {} from '../tv-app/src/downloads/debug-hooks.js';
import {
  benchRun,
  log,
  median,
  migrateDatabase,
  percentile,
  startBenchPostgres,
  withClient,
  waitForState,
} from './kit.js';
import { seedBenchCatalog } from './seed-catalog.js';
import { buildTvApp, serveTvPages, startApiForPages } from './tv-kit.js';

const settings = {
  runs: Number(process.env.BENCH_RUNS ?? 3),
  starts: Number(process.env.BENCH_STARTS ?? 8),
  filmSeconds: Number(process.env.BENCH_FILM_SECONDS ?? 600),
  height: Number(process.env.BENCH_HEIGHT ?? 720),
};
const GOALS = {
  throughputRatio: 0.8,
  offlineStartP95Ms: 500,
  overhead: 1.02,
  /** Peak growth of heap + ArrayBuffers during a download, as a share of the film's bytes. */
  memoryPeakShare: 0.1,
  /** What a finished download may leave behind in the page, after a GC. */
  memoryEndMB: 2,
};
/** The engine's files in flight (`PARALLEL` in tv-app/src/downloads/engine.ts). */
const FETCHES_AT_ONCE = Number(process.env.BENCH_FETCH_PARALLEL ?? 3);
const HARD_LIMIT_MS = 20 * 60_000;
const REPO = path.resolve(import.meta.dirname, '..');
const DEMO_FILM = path.join(REPO, '.cache/test-media/media/video/the-rivers-daughter');
const MEDIA_URL = /\/media\/t\/[^/]+\//;
const MB = 1024 * 1024;

const bench = benchRun(HARD_LIMIT_MS);

interface HeapSample {
  heapMB: number;
  buffersMB: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  const tvDist = await buildTvApp(bench);
  const databaseUrl = await startBenchPostgres(
    bench,
    'lanxang-bench-dl-pg-',
    'lanxang_bench_downloads',
  );
  await migrateDatabase(databaseUrl);
  await seedBenchCatalog(databaseUrl, { films: 60, people: 300 });
  const mediaDir = await bench.tempDir('lanxang-bench-dl-media-');

  const [apiPort, tvPort] = [await freePort(), await freePort()];
  const tvUrl = `http://127.0.0.1:${tvPort}`;
  const apiUrl = await startApiForPages(bench, databaseUrl, {
    port: apiPort,
    mediaDir,
    pageOrigins: [tvUrl],
  });
  const home = (await (await fetch(`${apiUrl}/api/home`)).json()) as Home;
  const film = home.hero[0]!.movie;
  const seconds = await makeLongFilm(mediaDir, film.slug, settings.filmSeconds);
  await registerVideo(databaseUrl, film.id, film.slug, seconds);
  const offer = await downloadOffer(apiUrl, film.slug);
  const rung = offer.rungs.find((candidate) => candidate.height === settings.height);
  if (!rung) throw new Error(`the film has no ${settings.height}p rung`);
  const files = [...offer.common, ...rung.files];
  const filmBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const urls = files.map((file) => `${offer.baseUrl}${encodeKey(file.key)}`);
  log(
    `film ${film.slug}: ${seconds} s, ${settings.height}p, ${files.length} files, ${mb(filmBytes / MB)}`,
  );

  await serveTvPages(bench, { root: tvDist, port: tvPort, apiUrl });
  const browser = await launchChromium({ viewport: { width: 1920, height: 1080 } });
  bench.onCleanup(() => browser.close());
  const chromium = browser.browser.browser()?.version() ?? 'Chromium';

  log(`${settings.starts} online starts of ${film.slug} (streamed, before it is stored)`);
  const online: number[] = [];
  for (let run = 0; run < settings.starts; run++)
    online.push(await startPlayback(browser, `${tvUrl}/#play/${film.slug}`));

  const page = await openApp(browser, tvUrl);
  const cdp = await page.context().newCDPSession(page);
  // Every run fetches from the API, never from the HTTP cache a previous run filled.
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const fetched = countMediaBytes(page);

  log(`${settings.runs} downloads by the engine, each followed by a plain fetch of the same files`);
  const engine: number[] = [];
  const plain: number[] = [];
  const memory: { start: HeapSample; peak: HeapSample; end: HeapSample }[] = [];
  let stored = { bytes: 0, usageGrowth: 0, fetched: 0 };
  for (let run = 0; run < settings.runs; run++) {
    const last = run === settings.runs - 1;
    fetched.reset();
    const usageBefore = await storageUsage(page);
    const start = await heapAfterGc(cdp);
    const sampler = sampleHeap(cdp);
    const result = await page.evaluate(downloadInPage, [film.slug, settings.height] as const);
    const peak = await sampler.stop();
    if ('error' in result) throw new Error(`the engine refused: ${result.error}`);
    engine.push(result.ms);
    memory.push({ start, peak, end: await heapAfterGc(cdp) });
    const inStore = await page.evaluate((id) => window.__lanxangDownloads!.stored(id), film.id);
    stored = {
      bytes: inStore.bytes,
      usageGrowth: (await storageUsage(page)) - usageBefore,
      fetched: await fetched.total(),
    };
    log(
      `engine run ${run + 1}: ${ms(result.ms)}, ${mb(stored.fetched / MB)} fetched, ${mb(stored.bytes / MB)} stored`,
    );
    // The last copy stays for the offline starts.
    if (!last) await page.evaluate((id) => window.__lanxangDownloads!.remove(id), film.id);

    const baseline = await page.evaluate(fetchInPage, [urls, FETCHES_AT_ONCE] as const);
    if (baseline.bytes !== filmBytes)
      throw new Error(`the plain fetch read ${baseline.bytes} bytes, not ${filmBytes}`);
    plain.push(baseline.ms);
    log(`plain fetch run ${run + 1}: ${ms(baseline.ms)}`);
  }

  // The shell is in the service worker's cache before the network goes.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.close();
  log(`${settings.starts} offline starts of the stored film (network off)`);
  await browser.browser.setOffline(true);
  const offline: number[] = [];
  for (let run = 0; run < settings.starts; run++)
    offline.push(await startPlayback(browser, `${tvUrl}/#play/${film.slug}`));
  await browser.browser.setOffline(false);

  const throughput = (times: number[]) => filmBytes / MB / (median(times) / 1000);
  const ratio = throughput(engine) / throughput(plain);
  const offlineP95 = percentile(offline, 95);
  const overhead = stored.bytes / stored.fetched;
  const usageOverhead = stored.usageGrowth / stored.fetched;
  const worst = memory.reduce((a, b) =>
    total(b.peak) - total(b.start) > total(a.peak) - total(a.start) ? b : a,
  );
  const peakGrowth = total(worst.peak) - total(worst.start);
  const endGrowth = Math.max(...memory.map((run) => total(run.end) - total(run.start)));
  const memoryFlat =
    peakGrowth <= (GOALS.memoryPeakShare * filmBytes) / MB && endGrowth <= GOALS.memoryEndMB;

  const loadAfter = os.loadavg();
  console.log('');
  console.log(`Offline downloads benchmark, ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB; ${chromium}`,
  );
  console.log(
    `load average (1/5/15 min): before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`,
  );
  console.log(
    `film: ${seconds} s at ${settings.height}p, ${files.length} files, ${mb(filmBytes / MB)}; ${settings.runs} runs, ${settings.starts} starts`,
  );
  report(
    'download throughput (engine ÷ plain fetch, medians)',
    `${mbps(throughput(engine))} ÷ ${mbps(throughput(plain))} = ${ratio.toFixed(2)}×`,
    `≥ ${GOALS.throughputRatio}×`,
    ratio >= GOALS.throughputRatio,
  );
  console.log(`  engine runs ${list(engine)} ms; plain fetch runs ${list(plain)} ms`);
  report(
    'offline start (loadLatency of the stored film, p95)',
    ms(offlineP95),
    `≤ ${GOALS.offlineStartP95Ms} ms`,
    offlineP95 <= GOALS.offlineStartP95Ms,
  );
  console.log(`  offline runs ${list(offline)} ms (median ${ms(median(offline))})`);
  console.log(
    `  online, streamed: p95 ${ms(percentile(online, 95))}, median ${ms(median(online))}; runs ${list(online)} ms`,
  );
  report(
    'storage overhead (bytes stored ÷ bytes fetched)',
    `${overhead.toFixed(4)}`,
    `≤ ${GOALS.overhead}`,
    overhead <= GOALS.overhead,
  );
  console.log(
    `  ${stored.bytes} stored of ${stored.fetched} fetched; storage.estimate() usage grew ${stored.usageGrowth} (${usageOverhead.toFixed(4)}×)`,
  );
  report(
    'memory during a download (JS heap + ArrayBuffers)',
    `start ${mb(total(worst.start))}, peak ${mb(total(worst.peak))}, end ${mb(total(worst.end))}`,
    `peak growth ≤ ${GOALS.memoryPeakShare * 100} % of the film, end ≤ start + ${GOALS.memoryEndMB} MB`,
    memoryFlat,
  );
  for (const [index, run] of memory.entries()) {
    console.log(
      `  run ${index + 1}: heap ${mb(run.start.heapMB)} → peak ${mb(run.peak.heapMB)} → ${mb(run.end.heapMB)}; ArrayBuffers ${mb(run.start.buffersMB)} → peak ${mb(run.peak.buffersMB)} → ${mb(run.end.buffersMB)}`,
    );
  }
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function report(what: string, value: string, goal: string, met: boolean): void {
  console.log(`${what}: ${value} (goal ${goal}) ${met ? 'met' : 'NOT met'}`);
}

/**
 * In the page: the engine stores the film; from the call to the moment its record was marked
 * complete (`completedAt`, the device clock here), polled gently so the poll costs the engine
 * little.
 */
async function downloadInPage([slug, height]: readonly [string, number]) {
  const hooks = window.__lanxangDownloads!;
  const begun = Date.now();
  const started = await hooks.start(slug, height);
  if ('error' in started) return { error: started.error };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const download = (await hooks.list()).find((each) => each.id === started.id);
    if (download?.state === 'complete') return { ms: Date.parse(download.completedAt!) - begun };
    if (!download || download.state === 'failed') return { error: download?.failure ?? 'vanished' };
  }
}

/** In the page: the same URLs with plain `fetch`, `parallel` at once, every body read whole. */
async function fetchInPage([urls, parallel]: readonly [string[], number]) {
  const queue = [...urls];
  let bytes = 0;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        const body = await response.arrayBuffer();
        bytes += body.byteLength;
      }
    }),
  );
  return { ms: performance.now() - begun, bytes };
}

/** Opens the app at `url` in a new tab, waits for its film to play a second; its loadLatency. */
async function startPlayback(browser: LaunchedBrowser, url: string): Promise<number> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`bench: [tv-app] ${error.message}`));
  await page.goto(url);
  await waitForState(
    page,
    '(window.__lanxang?.player?.currentTime ?? 0) > 1 && window.__lanxang.player.loadLatency !== null',
  );
  const seconds = await page.evaluate(
    () =>
      (window as unknown as { __lanxang: { player: { loadLatency: number } } }).__lanxang.player
        .loadLatency,
  );
  await page.close();
  return seconds * 1000;
}

async function openApp(browser: LaunchedBrowser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`bench: [tv-app] ${error.message}`));
  await page.goto(url);
  await waitForState(page, 'window.__lanxang?.ready && window.__lanxangDownloads !== undefined');
  return page;
}

/** Body bytes of every media response the page finished, since the last `reset()`. */
function countMediaBytes(page: Page) {
  let sizes: Promise<number>[] = [];
  page.on('requestfinished', (request) => {
    if (!MEDIA_URL.test(request.url())) return;
    sizes.push(request.sizes().then((size) => size.responseBodySize));
  });
  return {
    reset: () => void (sizes = []),
    total: async () => (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0),
  };
}

async function storageUsage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

async function heapSample(cdp: Cdp): Promise<HeapSample> {
  const usage = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
    backingStorageSize?: number;
  };
  return { heapMB: usage.usedSize / MB, buffersMB: (usage.backingStorageSize ?? 0) / MB };
}

async function heapAfterGc(cdp: Cdp): Promise<HeapSample> {
  await cdp.send('HeapProfiler.collectGarbage');
  return heapSample(cdp);
}

const total = (sample: HeapSample) => sample.heapMB + sample.buffersMB;

/** Samples the heap every 100 ms until stopped; answers the sample with the most in use. */
function sampleHeap(cdp: Cdp) {
  let running = true;
  let peak: HeapSample = { heapMB: 0, buffersMB: 0 };
  const done = (async () => {
    while (running) {
      const sample = await heapSample(cdp);
      if (total(sample) > total(peak)) peak = sample;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return peak;
    },
  };
}

/**
 * A film of about `seconds` in our media storage, as a finished transcode leaves it: the demo
 * clip's master, each rung's init segment and its two segments over and over (hard links under
 * new names, each pass after the first a discontinuity), its poster and its trickplay.
 */
async function makeLongFilm(mediaDir: string, slug: string, seconds: number): Promise<number> {
  const target = path.join(mediaDir, 'video', slug);
  await linkTree(path.join(DEMO_FILM, 'trickplay'), path.join(target, 'trickplay'));
  await link(path.join(DEMO_FILM, 'poster.jpg'), path.join(target, 'poster.jpg'));
  const master = await readFile(path.join(DEMO_FILM, 'hls/master.m3u8'), 'utf8');
  await mkdir(path.join(target, 'hls'), { recursive: true });
  await writeFile(path.join(target, 'hls/master.m3u8'), master);
  let filmSeconds = 0;
  for (const rungPlaylist of master.split('\n').filter((line) => line.endsWith('.m3u8'))) {
    const from = path.join(DEMO_FILM, 'hls', path.dirname(rungPlaylist));
    const to = path.join(target, 'hls', path.dirname(rungPlaylist));
    const clip = await readFile(path.join(from, 'index.m3u8'), 'utf8');
    const header = clip.slice(0, clip.indexOf('#EXTINF'));
    const cues = [...clip.matchAll(/^(#EXTINF:([\d.]+),)\s*\n(\S+)$/gm)];
    const clipSeconds = cues.reduce((sum, cue) => sum + Number(cue[2]), 0);
    const passes = Math.max(1, Math.round(seconds / clipSeconds));
    filmSeconds = passes * clipSeconds;
    await mkdir(to, { recursive: true });
    const init = /URI="([^"]+)"/.exec(header)![1]!;
    await link(path.join(from, init), path.join(to, init));
    const body: string[] = [];
    for (let pass = 0; pass < passes; pass++) {
      if (pass > 0) body.push('#EXT-X-DISCONTINUITY');
      for (const [index, cue] of cues.entries()) {
        const name = `seg_${String(pass * cues.length + index).padStart(5, '0')}.m4s`;
        await link(path.join(from, cue[3]!), path.join(to, name));
        body.push(cue[1]!, name);
      }
    }
    await writeFile(path.join(to, 'index.m3u8'), `${header}${body.join('\n')}\n#EXT-X-ENDLIST\n`);
  }
  return filmSeconds;
}

/** The long film as the film's only, ready video, with its poster and trickplay; free to watch. */
async function registerVideo(
  databaseUrl: string,
  movieId: number,
  slug: string,
  seconds: number,
): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query('delete from video_sources where movie_id = $1', [movieId]);
    await client.query(
      `insert into video_sources (movie_id, quality, storage_key, duration_seconds, status,
         poster_key, trickplay_key, trickplay_interval_seconds, created_at, updated_at)
       values ($1, 'original', $2, $3, 'ready', $4, $5, 10, now(), now())`,
      [
        movieId,
        `video/${slug}/hls/master.m3u8`,
        seconds,
        `video/${slug}/poster.jpg`,
        `video/${slug}/trickplay/thumbnails.vtt`,
      ],
    );
    await client.query('update movies set rental_required = false where id = $1', [movieId]);
  });
}

async function downloadOffer(apiUrl: string, slug: string): Promise<DownloadOffer> {
  const response = await fetch(`${apiUrl}/api/movies/${slug}/download`, { method: 'POST' });
  if (!response.ok) throw new Error(`download offer: ${response.status} ${await response.text()}`);
  return (await response.json()) as DownloadOffer;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (value: number) => `${value.toFixed(2)} MB`;
const mbps = (value: number) => `${value.toFixed(1)} MB/s`;
const list = (values: number[]) => values.map((value) => Math.round(value)).join(' ');

await bench.run(main);
