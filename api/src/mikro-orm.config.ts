import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

/** ORM options shared by the app, the migration CLI and the tests. */
export function ormOptions(
  databaseUrl: string,
  options: { debug?: boolean; poolMax?: number } = {},
) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: {
      path: new URL('./migrations', import.meta.url).pathname,
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // The migrate CLI and the seed step report what they applied themselves.
      silent: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    // Entities are defined with defineEntity: no reflection or decorators to discover.
    discovery: { warnWhenNoEntities: true },
    forceUtcTimezone: true,
  });
}
