import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withStagingDir } from '../../src/modules/media/staging.js';
import { makeTempDir } from './helpers.js';

let work: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  work = await makeTempDir('staging-race');
});
afterAll(() => work?.remove());

// Two imports of films that share an actor store the same TMDB picture at the same key at once
// (in one process or two): each publish must succeed, and the key end up holding one whole copy.
it('publishes the same directory from several writers at once, every one succeeding', async () => {
  const target = path.join(work.dir, 'tmdb', 'profile', 'shared');
  const writers = Array.from({ length: 8 }, (_, i) =>
    withStagingDir(target, async (staging) => {
      await writeFile(path.join(staging, 'w185.jpg'), `copy ${i}`);
      await writeFile(path.join(staging, 'w421.jpg'), `copy ${i}`);
      // Let the others reach their swap too.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }),
  );
  const results = await Promise.allSettled(writers);
  expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
  expect((await readdir(target)).sort()).toEqual(['w185.jpg', 'w421.jpg']);
  // One writer's copy, not a mix of two.
  expect(await readFile(path.join(target, 'w185.jpg'), 'utf8')).toBe(
    await readFile(path.join(target, 'w421.jpg'), 'utf8'),
  );
  // No staging or previous copies left beside it.
  expect(await readdir(path.dirname(target))).toEqual(['shared']);
});
