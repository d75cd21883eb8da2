import { TEST_ADMIN_SERVICE_TOKEN } from '@lanxang/testing/secrets';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { Db } from '../db.js';
import type { OwnershipRegistry } from '../modules/accounts/ownership.js';
import type { Clock } from '../modules/accounts/sessions.js';
import { createServices, type MediaServices, type Services } from '../services.js';
import { privateDemoMediaDir } from './demo-media.js';
import { createTestDatabase, type TestTemplate } from './postgres.js';

/** The webhook secret every test app shares with the stand-in bank the test starts. */
export const TEST_LAOQR_WEBHOOK_SECRET = 'test-only-laoqr-webhook-secret-of-32-characters';

export interface TestApp {
  db: Db;
  config: Config;
  media: MediaServices;
  /** Everything the app was built from (the composition root's object). */
  services: Services;
  url: string;
  /** `fetch` against the running app; `path` starts with `/`. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /**
   * A request from another client address (`127.0.0.x`: all of 127/8 is this machine), so the
   * API sees a different IP without trusting any header. `fetch` cannot choose its source address.
   */
  requestFrom(
    ip: string,
    path: string,
    init: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response>;
  /** The app's registry of owner migrations (tests register modules' migrations here). */
  ownership: OwnershipRegistry;
  close(): Promise<void>;
}

/**
 * The real app on a real HTTP port over its own fresh database. `env` overrides the test
 * defaults the way environment variables would in production.
 */
export async function createTestApp(
  adminUrl: string,
  options: { template?: TestTemplate; env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApp> {
  const { template = 'empty', env = {}, clock } = options;
  const database = await createTestDatabase(adminUrl, template);
  // Listen first: the app builds absolute media URLs from its own address.
  // The app times each request itself (http/timeouts.ts): an upload may take hours.
  const server = createServer({ requestTimeout: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const mediaDir =
    template === 'demo'
      ? await privateDemoMediaDir()
      : await mkdtemp(path.join(tmpdir(), 'lanxang-media-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    API_PORT: '0',
    HOST: '127.0.0.1',
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'silent',
    PUBLIC_API_URL: url,
    ADMIN_SERVICE_TOKEN: TEST_ADMIN_SERVICE_TOKEN,
    MEDIA_TOKEN_SECRET: 'test-only-media-token-secret-of-32-characters',
    // The stand-in bank signs its webhooks with it (`rentalTestApp`, the browser tests).
    LAOQR_WEBHOOK_SECRET: TEST_LAOQR_WEBHOOK_SECRET,
    ...env,
  });
  const services = await createServices(config, { poolMax: 4, clock });
  const { db, media, ownership } = services;
  await media.queue.start();
  server.on('request', createApp(services).callback());
  return {
    db,
    config,
    media,
    services,
    url,
    ownership,
    request: (requestPath, init) => fetch(`${url}${requestPath}`, init),
    requestFrom: (ip, requestPath, init) => requestFrom(ip, `${url}${requestPath}`, init),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await services.close();
      await database.drop();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once the app's response cache hears catalog changes and so keeps answers (its change
 * listener connects in the background after start-up; until then every read is fresh).
 */
export async function untilResponseCacheLive(app: TestApp): Promise<void> {
  for (let tries = 0; !app.services.catalog.responses.isLive; tries++) {
    if (tries > 250) throw new Error('the response cache never came live');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function requestFrom(
  localAddress: string,
  url: string,
  {
    method,
    headers = {},
    body,
  }: { method: string; headers?: Record<string, string>; body?: string },
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method, localAddress, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('error', reject);
      answer.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(answer.headers))
          for (const one of [value ?? []].flat()) answerHeaders.append(name, one);
        resolve(
          new Response(Buffer.concat(chunks), {
            status: answer.statusCode,
            headers: answerHeaders,
          }),
        );
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}
