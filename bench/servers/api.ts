/**
 * The real API, started exactly as production starts it (`startServer` with the configuration
 * parsed from the environment). Started by `catalog.bench.ts` as a child process; reports its
 * URL over IPC and shuts down gracefully when the parent goes away.
 */
import { loadConfig } from '@lanxang/api/config';
import { startServer } from '@lanxang/api/server';

const running = await startServer(loadConfig(process.env));
process.send?.({ url: running.url });
process.on('disconnect', () => {
  void running.close().then(() => process.exit(0));
});

// The bench reads this process's CPU time around each load run.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
