import { loadConfig } from '../config.js';
import { initDatabase, migrate } from '../db.js';

// `pnpm migrate` applies pending migrations; `pnpm migrate create` writes a new one from the
// difference between the entities and the database.
const db = await initDatabase(loadConfig().databaseUrl);
try {
  if (process.argv[2] === 'create') {
    const result = await db.orm
      .getMigrator()
      .createMigration(undefined, false, process.argv[3] === '--initial');
    console.log(
      result.fileName ? `wrote ${result.fileName}` : 'entities and database already agree',
    );
  } else {
    const applied = await migrate(db);
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
  }
} finally {
  await db.close();
}
