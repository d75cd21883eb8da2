import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { createTestDatabase } from '@lanxang/api/testing';

const started: Services[] = [];
let database: Awaited<ReturnType<typeof createTestDatabase>>;
afterAll(async () => {
  await Promise.all(started.map((services) => services.close()));
  await database?.drop();
});

// API replicas and workers come up together after a deploy; the first start of each on a new
// database creates the transcode queue. All of them must come up, none die of the race.
it('starts several media queues at once on a database that has no queue yet', async () => {
  database = await createTestDatabase(inject('postgresAdminUrl'));
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'lanxang-queue-start-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    MEDIA_DIR: mediaDir,
    MEDIA_WORKER: 'false',
    LOG_LEVEL: 'silent',
  });
  for (let i = 0; i < 6; i++) started.push(await createServices(config, { poolMax: 2 }));
  const results = await Promise.allSettled(started.map((services) => services.media.queue.start()));
  expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
});
