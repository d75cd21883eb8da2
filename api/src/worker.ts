import { loadConfig } from './config.js';
import { orExitOnConfigError } from './production-checks.js';
import { createServices } from './services.js';

// A transcode worker without HTTP (`pnpm worker`), for when the API runs with MEDIA_WORKER=false.
const config = orExitOnConfigError(loadConfig);
const services = await createServices(
  { ...config, media: { ...config.media, worker: true } },
  { poolMax: 2 + config.media.workerConcurrency },
);
await services.media.queue.start();
await services.analytics.jobs.start();
services.logger.info({ concurrency: config.media.workerConcurrency }, 'media worker started');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void services.close().then(() => process.exit(0));
  });
}
