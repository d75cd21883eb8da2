import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import { startFakeTmdb, type FakeTmdb } from '@lanxang/api/stand-ins/tmdb';
import type { Page } from '@lanxang/testing';
import { inject } from 'vitest';

export interface IngestStack {
  tmdb: FakeTmdb;
  /** The real API with the fake TMDB configured, over an empty catalog. */
  api: TestApp;
  /** The real API with no TMDB key, for the "not configured" state. */
  apiWithoutTmdb: TestApp;
  close(): Promise<void>;
}

/**
 * Signs `page` in to the admin at `adminUrl` as a new admin of `api`. Cookies are per host, not
 * per port, so signing in to another admin on 127.0.0.1 replaces the previous session.
 */
export async function signInAdmin(page: Page, adminUrl: string, api: TestApp): Promise<void> {
  const { user, password } = await signIn(api, { role: 'admin' });
  await page.goto(`${adminUrl}/signin?redirectTo=/admin`);
  await page.fill('#login-email', user.email);
  await page.fill('#login-password', password);
  await page.click('button[value="login"]');
  await page.waitForURL(`${adminUrl}/admin`);
}

/**
 * Two real APIs over fresh empty databases, each writing media to its own temporary directory
 * (never the shared demo media cache). The media queue polls quickly and does not retry, so a
 * transcode of a short clip finishes soon and a failure shows at once.
 */
export async function startIngestStack(): Promise<IngestStack> {
  const mediaDirs = await Promise.all([
    mkdtemp(path.join(tmpdir(), 'lanxang-admin-media-')),
    mkdtemp(path.join(tmpdir(), 'lanxang-admin-media-')),
  ]);
  const tmdb = await startFakeTmdb();
  const common = {
    // The preview player fetches playlists and segments from the API straight from the browser,
    // from the admin's origin, whose port is only known once it is listening.
    CORS_ORIGINS: '*',
    MEDIA_JOB_RETRY_LIMIT: '0',
    MEDIA_JOB_RETRY_DELAY_SECONDS: '0',
    MEDIA_JOB_POLL_SECONDS: '0.5',
  };
  const [api, apiWithoutTmdb] = await Promise.all([
    createTestApp(inject('postgresAdminUrl'), {
      template: 'empty',
      env: {
        ...common,
        MEDIA_DIR: mediaDirs[0] ?? '',
        TMDB_API_KEY: tmdb.apiKey,
        TMDB_BASE_URL: tmdb.baseUrl,
        TMDB_MAX_RETRIES: '0',
      },
    }),
    createTestApp(inject('postgresAdminUrl'), {
      template: 'empty',
      env: { ...common, MEDIA_DIR: mediaDirs[1] ?? '' },
    }),
  ]);
  return {
    tmdb,
    api,
    apiWithoutTmdb,
    async close() {
      await Promise.all([api.close(), apiWithoutTmdb.close()]);
      await tmdb.close();
      await Promise.all(mediaDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

const adminSessions = new WeakMap<TestApp, Promise<string>>();
/** An admin session in `api`'s own database, made once: the `Authorization` value. */
function adminAuthorization(api: TestApp): Promise<string> {
  if (!adminSessions.has(api)) {
    adminSessions.set(
      api,
      signIn(api, { role: 'admin' }).then((admin) => admin.headers.authorization),
    );
  }
  return adminSessions.get(api)!;
}

/** A JSON request to the API as an admin. */
export async function asAdmin<T>(
  api: TestApp,
  method: string,
  requestPath: string,
  body?: unknown,
): Promise<T> {
  const response = await api.request(requestPath, {
    method,
    headers: {
      authorization: await adminAuthorization(api),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${requestPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
