import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/**
 * Starts the whole product: PostgreSQL (embedded unless DATABASE_URL is set), migrations and the
 * demo catalog, then the API, the admin and the TV app, each as its own process. Ctrl-C stops
 * them all and then the database.
 */
const repoRoot = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(repoRoot, '.data');
const env = process.env;
const ports = {
  api: Number(env.API_PORT ?? 3001),
  admin: Number(env.ADMIN_PORT ?? 3000),
  tv: Number(env.TV_PORT ?? 8080),
};
const apiUrl = env.PUBLIC_API_URL ?? `http://localhost:${ports.api}`;
/** The pinned pnpm from package.json's `packageManager`, through npx. */
const pnpm = [
  'npx',
  '--yes',
  (
    JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      packageManager: string;
    }
  ).packageManager,
];

const say = (message: string) => console.log(`\x1b[36m[lanxang]\x1b[0m ${message}`);
const children: ChildProcess[] = [];
/** What to stop after the child processes, newest first: the demo TMDB, then PostgreSQL. */
const cleanups: (() => Promise<void>)[] = [];

async function main() {
  const databaseUrl = env.DATABASE_URL ?? (await startEmbeddedPostgres());
  const mediaDir = env.MEDIA_DIR ?? path.join(dataDir, 'media');
  const tmdb = env.TMDB_API_KEY ? undefined : await startDemoTmdb();
  const laoqrWebhookSecret = env.LAOQR_WEBHOOK_SECRET ?? machineSecret('laoqr-webhook-secret');
  const bank = env.LAOQR_BASE_URL ? undefined : await startDemoBank(laoqrWebhookSecret);
  const shared = {
    ...env,
    DATABASE_URL: databaseUrl,
    MEDIA_DIR: mediaDir,
    API_URL: `http://127.0.0.1:${ports.api}`,
    // The admin runs its production build, which refuses the development secret.
    SESSION_SECRET: env.SESSION_SECRET ?? machineSecret('session-secret'),
    // The admin and the API share it: with it the API believes the viewer address the admin sends.
    ADMIN_SERVICE_TOKEN: env.ADMIN_SERVICE_TOKEN ?? machineSecret('admin-service-token'),
    // Signs playback URLs; kept per machine so tokens survive a restart of `npm start`.
    MEDIA_TOKEN_SECRET: env.MEDIA_TOKEN_SECRET ?? machineSecret('media-token-secret'),
    PUBLIC_API_URL: apiUrl,
    ...(tmdb && { TMDB_BASE_URL: tmdb.baseUrl, TMDB_API_KEY: tmdb.apiKey }),
    LAOQR_WEBHOOK_SECRET: laoqrWebhookSecret,
    ...(bank && { LAOQR_BASE_URL: bank.baseUrl }),
  };

  say('Applying migrations and seeding the demo catalog (the first run makes its video)…');
  await runToEnd(process.execPath, ['--import', 'tsx', 'api/src/cli/seed.ts'], shared);

  for (const app of ['admin', 'tv-app'] as const) {
    say(`Building ${app}…`);
    await runToEnd(pnpm[0]!, [...pnpm.slice(1), '--filter', `./${app}`, 'run', 'build'], shared);
  }

  launch('api', process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    ...shared,
    API_PORT: String(ports.api),
  });
  launch('admin', pnpm[0]!, [...pnpm.slice(1), '--filter', './admin', 'run', 'start'], {
    ...shared,
    ADMIN_PORT: String(ports.admin),
  });
  launch('tv', pnpm[0]!, [...pnpm.slice(1), '--filter', './tv-app', 'run', 'start'], {
    ...shared,
    TV_PORT: String(ports.tv),
  });

  await waitFor(`http://127.0.0.1:${ports.api}/api/ready`);
  console.log(`
  Lanxang is running:
    TV app   http://localhost:${ports.tv}
    Admin    http://localhost:${ports.admin}   (sign in: ${env.ADMIN_EMAIL ?? 'admin@lanxang.local'} / ${env.ADMIN_PASSWORD ? '$ADMIN_PASSWORD' : 'lanxang-admin-demo'})
    API      ${apiUrl}/api/ready   (OpenAPI: ${apiUrl}/api/openapi.json)
    Bank     ${bank ? `a local stand-in LAO QR bank: pay pending QR codes at ${bank.baseUrl}` : env.LAOQR_BASE_URL}
    TMDB     ${tmdb ? `a local stand-in at ${tmdb.baseUrl} (set TMDB_API_KEY for the real one)` : 'the real TMDB API'}
  Press Ctrl-C to stop.
`);
}

/** A random secret made on first start and kept in .data/, so restarts keep cookies valid. */
function machineSecret(name: string): string {
  const file = path.join(dataDir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

async function startEmbeddedPostgres(): Promise<string> {
  const { startLocalPostgres } = await import('../api/src/local-postgres.js');
  say('Starting the embedded PostgreSQL in .data/postgres…');
  const server = await startLocalPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: Number(env.EMBEDDED_PG_PORT ?? 54329),
  });
  cleanups.unshift(server.stop);
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  const exists = await client.query(`select 1 from pg_database where datname = 'lanxang'`);
  if (!exists.rowCount) await client.query('create database lanxang');
  await client.end();
  return server.urlFor('lanxang');
}

/**
 * Without a TMDB key the admin's import still works for the demo: against the local stand-in that
 * speaks TMDB's real HTTP API with captured responses.
 */
async function startDemoTmdb() {
  const { startFakeTmdb } = await import('../api/src/stand-ins/tmdb/index.js');
  const fake = await startFakeTmdb({ port: Number(env.DEMO_TMDB_PORT ?? 3003) });
  cleanups.unshift(fake.close);
  return fake;
}

/** Without a real LAO QR bank, a local stand-in whose page "pays" the QR codes the TV shows. */
async function startDemoBank(webhookSecret: string) {
  const { startStandInBank } = await import('../api/src/stand-ins/bank/index.js');
  const bank = await startStandInBank({
    port: Number(env.DEMO_BANK_PORT ?? 3004),
    webhookUrl: `http://127.0.0.1:${ports.api}/api/webhooks/laoqr`,
    webhookSecret,
  });
  cleanups.unshift(bank.close);
  return bank;
}

function launch(name: string, command: string, args: string[], childEnv: NodeJS.ProcessEnv) {
  // Its own process group, so stopping reaches whatever the package script runs underneath.
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `\x1b[35m${name.padEnd(5)}\x1b[0m | `;
  // Once stopping, a package runner's complaint that its child got SIGTERM is noise.
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) =>
    stopping ||
    stream.write(
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => `${prefix}${readable(line)}\n`)
        .join(''),
    );
  child.stdout.on('data', forward(process.stdout));
  child.stderr.on('data', forward(process.stderr));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${code ?? signal}); stopping everything.`);
      void stop(1);
    }
  });
  children.push(child);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** The API logs JSON for machines; show people its request lines as `GET /path 200 3.1ms`. */
function readable(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as {
      msg?: string;
      method?: string;
      path?: string;
      status?: number;
      durationMs?: number;
      err?: { message?: string };
    };
    if (entry.msg === 'request')
      return `${entry.method} ${entry.path} ${entry.status} ${entry.durationMs}ms`;
    return entry.err?.message ? `${entry.msg}: ${entry.err.message}` : (entry.msg ?? line);
  } catch {
    return line;
  }
}

function runToEnd(command: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: childEnv, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitFor(url: string, attempts = 120): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer`);
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  say('Stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          signalGroup(child, 'SIGTERM');
          setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000).unref();
        }),
    ),
  );
  for (const cleanup of cleanups) await cleanup();
  say('Stopped.');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));
main().catch(async (error: unknown) => {
  console.error(error);
  await stop(1);
});
