import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ADMIN_DIR = fileURLToPath(new URL('../../admin', import.meta.url));

/** The browser tests run the production build, as users get it; build it once per test run. */
export default async function buildOnce() {
  await promisify(execFile)(
    process.execPath,
    ['node_modules/@remix-run/dev/dist/cli.js', 'vite:build'],
    {
      cwd: ADMIN_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}
