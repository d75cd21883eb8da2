// `npm run check:cycles`: no import cycles in the API or the contracts, type-only imports
// included. Exits 1 and names each cycle when there is one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The one allowed kind: a cycle made only of ORM entity files. Relations point both ways (a film
// has credits, a credit has a film), and MikroORM 6.6's `defineEntity` needs the target entity's
// value (`p.manyToOne(Movie)`, typed `EntitySchema | EntityClass`: no entity names as strings)
// and its type for `InferEntity`, so each side imports the other. MikroORM resolves them lazily,
// through `() => p.…` thunks, so these imports never run in a loop.
const ormGraphFile = /\.entity\.ts$/;

export async function findCycles() {
  const result = await madge(['api/src', 'contracts/src'], {
    baseDir: repoRoot,
    fileExtensions: ['ts'],
    tsConfig: path.join(repoRoot, 'api/tsconfig.json'),
    detectiveOptions: { ts: { skipTypeImports: false }, es6: { skipTypeImports: false } },
  });
  return result.circular().filter((cycle) => !cycle.every((file) => ormGraphFile.test(file)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cycles = await findCycles();
  if (cycles.length) {
    console.error(`Import cycles (type-only imports count too):`);
    for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(' -> ')}`);
    process.exit(1);
  }
  console.log('No import cycles in api/src or contracts/src.');
}
