import { loadConfig } from './config.js';
import { initDatabase } from './db.js';
import { createLogger } from './logger.js';
import { createMediaServices } from './modules/media/media.routes.js';

// A transcode worker without HTTP (`pnpm worker`), for when the API runs with MEDIA_WORKER=false.
const config = loadConfig();
const logger = createLogger(config);
const db = await initDatabase(config.databaseUrl, { poolMax: 2 + config.media.workerConcurrency });
const media = createMediaServices({
  db,
  config: { ...config, media: { ...config.media, worker: true } },
  logger,
});
await media.queue.start();
logger.info({ concurrency: config.media.workerConcurrency }, 'media worker started');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void media.queue
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
