import { Migration20261121235348 } from './Migration20261121235348.js';
import { Migration20261122003000 } from './Migration20261122003000.js';
import { Migration20261122010000_tmdb_imports } from './Migration20261122010000_tmdb_imports.js';
import { Migration20261122001324 } from './Migration20261122001324.js';
import { Migration20261202200000_rentals } from './Migration20261202200000_rentals.js';
import { Migration20261202100000_progress_analytics } from './Migration20261202100000_progress_analytics.js';
import { Migration20261202300000_catalog_speed } from './Migration20261202300000_catalog_speed.js';

/**
 * Every migration in the order it runs. Listed here rather than found on disk so they load the
 * same way under tsx, vitest and compiled output. `pnpm migration:create` writes a new file: add it.
 */
export const migrationsList = [
  { name: 'Migration20261121235348', class: Migration20261121235348 },
  { name: 'Migration20261122003000', class: Migration20261122003000 },
  { name: 'Migration20261122010000_tmdb_imports', class: Migration20261122010000_tmdb_imports },
  { name: 'Migration20261122001324', class: Migration20261122001324 },
  { name: 'Migration20261202200000_rentals', class: Migration20261202200000_rentals },
  {
    name: 'Migration20261202100000_progress_analytics',
    class: Migration20261202100000_progress_analytics,
  },
  { name: 'Migration20261202300000_catalog_speed', class: Migration20261202300000_catalog_speed },
];
