import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDatabase } from '@lanxang/api/testing';

const FILE_SIZE = 8 * 1024 * 1024;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresAdminUrl'));
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'lanxang-shutdown-'));
  await mkdir(path.join(mediaDir, 'big'), { recursive: true });
  await writeFile(path.join(mediaDir, 'big', 'segment.m4s'), Buffer.alloc(FILE_SIZE, 7));
  server = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      API_PORT: '0',
      HOST: '127.0.0.1',
      MEDIA_DIR: mediaDir,
      LOG_LEVEL: 'silent',
    }),
  );
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

it('finishes the requests in flight, refuses new ones, then closes', async () => {
  let received = 0;
  const finished = new Promise<number>((resolve, reject) => {
    const req = request(`${server.url}/media/big/segment.m4s`, (response) => {
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (closing) return;
        // The download has started: shut down while it is still in flight.
        closing = server.close();
        response.pause();
        setTimeout(() => response.resume(), 50);
      });
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  let closing: Promise<void> | undefined;

  expect(await finished).toBe(200);
  expect(received).toBe(FILE_SIZE);
  await closing;
  await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
});
