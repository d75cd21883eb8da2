import path from 'node:path';
import { loadConfig } from '../config.js';
import { migrate } from '../db.js';
import { ffmpegDemoMedia } from '../demo/demo-media.js';
import { orExitOnConfigError } from '../production-checks.js';
import { seedAdmin } from '../seeders/admin.js';
import { seedDemoCatalog } from '../seeders/demo-catalog.js';
import { createServices } from '../services.js';

// `pnpm seed`: apply migrations, then add whatever of the demo catalog is missing (not in
// production unless SEED_DEMO_CATALOG=true), then the admin.
const config = orExitOnConfigError(loadConfig);
const services = await createServices(config);
const { db } = services;
try {
  const applied = await migrate(db);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);
  if (config.seedDemoCatalog) {
    const media = ffmpegDemoMedia({
      storage: services.media.storage,
      cacheDir: path.join(config.mediaDir, '..', 'demo-sources'),
    });
    const report = await seedDemoCatalog(db, media, (message) => console.log(`  ${message}`));
    console.log(
      report.films
        ? `seeded ${report.films} films, ${report.people} people, ${report.genres} genres, ${report.videos} playable videos`
        : 'demo catalog already present',
    );
  } else console.log('demo catalog not added (SEED_DEMO_CATALOG is off)');
  await seedAdmin(services, config.seedAdmin, (message) => console.log(message));
} finally {
  await services.close();
}
