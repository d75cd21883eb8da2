/**
 * What the benchmarks that drive the TV app in Chromium (`tv.bench.ts`, `downloads.bench.ts`)
 * share: the app's production build, the API it talks to, and the static server it is served from.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
// @ts-expect-error: a plain ESM script shared with `pnpm start`; it has no type declarations.
import { serveTvApp } from '../tv-app/scripts/serve.mjs';
import * as buildOnceModule from '../tv-app/test/support/build-once.js';
import { log, productionApiEnv, startServerProcess, type BenchRun } from './kit.js';

const TV_APP = path.resolve(import.meta.dirname, '../tv-app');
/** The browser tests' build. To Node, tv-app is a CommonJS package: under tsx its default export
 * arrives one level further down. */
const buildTvAppOnce =
  (buildOnceModule.default as unknown as { default?: () => Promise<void> }).default ??
  buildOnceModule.default;

/**
 * Builds the TV app as the browser tests do, and returns a copy of the build, so a test run
 * rebuilding `tv-app/dist` meanwhile cannot change what is measured.
 */
export async function buildTvApp(bench: BenchRun): Promise<string> {
  log('building the TV app (lng build)');
  await buildTvAppOnce();
  const copy = path.join(await bench.tempDir('lanxang-bench-tv-app-'), 'dist');
  await cp(path.join(TV_APP, 'dist'), copy, { recursive: true });
  return copy;
}

/**
 * The API in production mode in its own process, on `port`, serving `mediaDir`, open (CORS) to
 * the pages at `pageOrigins`. Returns its URL.
 */
export async function startApiForPages(
  bench: BenchRun,
  databaseUrl: string,
  { port, mediaDir, pageOrigins }: { port: number; mediaDir: string; pageOrigins: string[] },
): Promise<string> {
  const url = `http://127.0.0.1:${port}`;
  await startServerProcess(bench, 'api.ts', {
    ...(await productionApiEnv(bench, databaseUrl, mediaDir)),
    API_PORT: String(port),
    PUBLIC_API_URL: url,
    CORS_ORIGINS: pageOrigins.join(','),
  });
  return url;
}

/** Serves the build at `root` on `port` as `pnpm start` does, pointed at `apiUrl`; closed at the end. */
export async function serveTvPages(
  bench: BenchRun,
  { root, port, apiUrl }: { root: string; port: number; apiUrl: string },
): Promise<void> {
  const server = (await serveTvApp({ root, port, host: '127.0.0.1', apiUrl })) as {
    close(): Promise<void>;
  };
  bench.onCleanup(() => server.close());
}
