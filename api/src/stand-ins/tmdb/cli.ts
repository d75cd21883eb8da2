import { startFakeTmdb } from './server.js';

/**
 * `tsx api/src/stand-ins/tmdb/cli.ts [port]`: runs the stand-in TMDB for the demo or by hand, and
 * prints the two settings that point the API at it.
 */
const port = Number(process.argv[2] ?? 3003);
const fake = await startFakeTmdb({ port });
process.stdout.write(
  `Fake TMDB listening\n  TMDB_BASE_URL=${fake.baseUrl}\n  TMDB_API_KEY=${fake.apiKey}\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void fake.close().then(() => process.exit(0)));
}
