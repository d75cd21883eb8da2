// Runs before any dependency is installed, so it uses Node's own modules only.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
/** The pinned pnpm, run through npx: nothing is installed globally. */
export const PNPM = ['npx', '--yes', packageJson.packageManager];

export function log(message) {
  console.log(`\x1b[36m[lanxang]\x1b[0m ${message}`);
}

export function fail(message) {
  console.error(`\x1b[31m[lanxang]\x1b[0m ${message}`);
  process.exit(1);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.status !== 0)
    fail(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Node ${process.versions.node} is too old: Lanxang needs Node 20.19 or newer.`);
}

/** Installs the workspace's dependencies when they are missing or older than the lockfile. */
export function ensureDependencies() {
  const installed = path.join(repoRoot, 'node_modules/.pnpm/lock.yaml');
  const lockfile = path.join(repoRoot, 'pnpm-lock.yaml');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs) return;
  log('Installing dependencies with pnpm (first run only)…');
  // The registry occasionally answers a lookup with a spurious error; a second try gets through.
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync(PNPM[0], [...PNPM.slice(1), 'install', '--frozen-lockfile'], {
      stdio: 'inherit',
      cwd: repoRoot,
      env: { ...process.env, CI: 'true' },
    });
    if (result.status === 0) return;
    if (attempt === 3) fail('pnpm install failed three times; see its output above.');
    log(`pnpm install failed (attempt ${attempt}); trying again…`);
  }
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs Debian packages the product needs (ffmpeg, and Chromium for browser tests) when
 * their commands are missing. Needs root and apt-get; otherwise says what to install.
 */
export function ensureSystemPackages(packages) {
  const missing = Object.entries(packages).filter(([command]) => !hasCommand(command));
  if (!missing.length) return;
  const names = missing.map(([, debianPackage]) => debianPackage);
  if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
    fail(
      `Please install ${names.join(' and ')} (e.g. sudo apt-get install -y ${names.join(' ')}), then run again.`,
    );
  }
  log(`Installing ${names.join(', ')} with apt-get…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
