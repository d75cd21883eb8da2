import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const TV_APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The browser tests drive the production build, as TVs get it. Root `npm test` runs vitest
 * directly (not this package's `test` script), so the build happens here, once per run.
 */
export default async function buildOnce(): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'],
    {
      cwd: TV_APP_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
