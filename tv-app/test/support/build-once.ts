import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const TV_APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The browser tests drive the production build, as TVs get it. Root `npm test` runs vitest
 * directly (not this package's `test` script), so the build happens here, once per run, with the
 * very command `pnpm build` runs (`lng build` and its environment, from package.json).
 */
export default async function buildOnce(): Promise<void> {
  const { scripts } = JSON.parse(await readFile(path.join(TV_APP_DIR, 'package.json'), 'utf8')) as {
    scripts: { build: string };
  };
  await promisify(execFile)('/bin/sh', ['-c', scripts.build], {
    cwd: TV_APP_DIR,
    env: {
      ...process.env,
      PATH: `${path.join(TV_APP_DIR, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
    },
  });
}
