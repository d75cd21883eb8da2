// `npm test`: install what is missing, then run every test of every package, browser tests too.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  checkNode,
  ensureDependencies,
  ensureSystemPackages,
  log,
  repoRoot,
} from './bootstrap.mjs';

checkNode();
ensureSystemPackages({ ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg', chromium: 'chromium', nginx: 'nginx' });
ensureDependencies();

log('Checking the API and contracts for import cycles…');
const cycles = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/check-cycles.mjs')], {
  stdio: 'inherit',
  cwd: repoRoot,
});
if (cycles.status !== 0) {
  log('The import-graph check failed (see above).');
  process.exit(1);
}

const report = path.join(repoRoot, '.cache/vitest-report.json');
rmSync(report, { force: true });
log('Running every test (vitest projects: contracts, api, admin, tv-app)…');
const vitest = spawnSync(
  process.execPath,
  [
    path.join(repoRoot, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: repoRoot },
);

// One closing line any CI can read, whatever the runner printed above it. A run that errored
// outside any test, or ran none, fails even if vitest itself exited 0.
let ok = vitest.status === 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(
    `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  if (!results.success || results.numTotalTests === 0) ok = false;
} else {
  ok = false;
}
if (!ok) log('The test run failed (see above).');
process.exit(ok ? 0 : 1);
