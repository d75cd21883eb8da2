import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { orExitOnConfigError } from './production-checks.js';
import { createServices } from './services.js';

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops taking connections, lets in-flight requests finish, then closes the pool. */
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const services = await createServices(config);
  const { logger } = services;
  await services.media.queue.start();
  await services.analytics.jobs.start();
  const app = createApp(services);
  const server = app.listen(config.port, config.host);
  // The app times each request itself (http/timeouts.ts): Node's one limit for the whole server
  // would cut a large upload at 5 minutes.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url }, 'api listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timeout = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await drained;
      clearTimeout(timeout);
      await services.close();
      logger.info('api stopped');
    })());
  return { url, server, close };
}

// Run directly (`tsx src/server.ts`): listen, and shut down gracefully on SIGINT / SIGTERM.
if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startServer(orExitOnConfigError(loadConfig));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.close().then(() => process.exit(0));
    });
  }
}
