// `npm start`: install what is missing, then hand over to the TypeScript orchestrator.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { checkNode, ensureDependencies, ensureSystemPackages, repoRoot } from './bootstrap.mjs';

checkNode();
ensureSystemPackages({ ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg' });
ensureDependencies();

const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(repoRoot, 'scripts/start.ts')],
  {
    stdio: 'inherit',
    cwd: repoRoot,
  },
);
// Ctrl-C reaches the whole foreground process group; the orchestrator does the clean stop.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
