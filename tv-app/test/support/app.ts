import { connect, createServer, type Server, type Socket } from 'node:net';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import { inject } from 'vitest';
import type { DebugState } from '../../src/lib/debug';
// @ts-expect-error: a plain ESM script shared with `pnpm start`; it has no type declarations.
import { serveTvApp } from '../../scripts/serve.mjs';
import { addSubtitles, privateDemoMedia, SUBTITLED_FILM, type AdminApi } from './media';

/** Fixed, because Shaka's offline storage (a later issue) is keyed to the app's exact origin. */
export const TV_TEST_PORT = Number(process.env.TV_TEST_PORT ?? 8181);

export interface TvHarness {
  appUrl: string;
  apiUrl: string;
  /** The test's own API, for admin requests (subtitles, video sources). */
  admin: AdminApi;
  /** That admin's sign-in, for the admin portal in a browser. */
  adminAccount: { email: string; password: string };
  /** The API's private MEDIA_DIR (served under `/media/`), for media a test makes itself. */
  mediaDir: string;
  browser: LaunchedBrowser;
  close(): Promise<void>;
}

/**
 * The built app served by the same server `pnpm start` uses, a real Chromium, and the real API
 * over its own PostgreSQL database cloned from the demo catalog and its own copy of the demo
 * media, where an admin has given one film English and Lao subtitles.
 */
/**
 * `api`: the API's services, for what no route sets up yet (a rental, until rentals land).
 * `clock`: the API's time, for tests that move it (a license's 30 days).
 */
export async function startTvHarness(
  env: Record<string, string> = {},
  options: { clock?: () => Date } = {},
): Promise<TvHarness & { api: TestApp }> {
  const media = await privateDemoMedia();
  const api = await createTestApp(inject('postgresAdminUrl'), {
    template: 'demo',
    ...(options.clock && { clock: options.clock }),
    env: { MEDIA_DIR: media.dir, CORS_ORIGINS: `http://127.0.0.1:${TV_TEST_PORT}`, ...env },
  });
  // A real admin account and session, as an admin signing in to the portal would have.
  const adminSession = await signIn(api, { role: 'admin' });
  const admin = { url: api.url, adminToken: adminSession.token };
  await addSubtitles(admin, SUBTITLED_FILM);
  const server = (await serveTvApp({ port: TV_TEST_PORT, host: '127.0.0.1', apiUrl: api.url })) as {
    url: string;
    close(): Promise<void>;
  };
  const browser = await launchChromium({ viewport: { width: 1920, height: 1080 } });
  return {
    appUrl: server.url,
    apiUrl: api.url,
    admin,
    api,
    adminAccount: { email: adminSession.user.email, password: adminSession.password },
    mediaDir: media.dir,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await api.close();
      await media.remove();
    },
  };
}

/** The API coming back on `port`: a TCP relay to the running one. */
export async function relayApi(port: number, apiUrl: string): Promise<{ close(): Promise<void> }> {
  const target = new URL(apiUrl);
  const sockets = new Set<Socket>();
  const relay: Server = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('close', () => sockets.delete(end));
    }
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}

/** Opens the app in a new tab; preferences (language, recent searches) start empty unless kept. */
export async function openApp(
  harness: TvHarness,
  hash = '',
  query = '',
  options: { keepPreferences?: boolean } = {},
): Promise<Page> {
  const page = await harness.browser.newPage();
  if (!options.keepPreferences) await page.addInitScript(() => window.localStorage.clear());
  page.on('pageerror', (error) => console.error('[tv-app]', error.message));
  await page.goto(`${harness.appUrl}/${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`);
  await waitForState(page, (state) => state.ready);
  return page;
}

export async function state(page: Page): Promise<DebugState> {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__lanxang)) as DebugState);
}

/** Waits until `predicate` holds for the app's state; the predicate runs in the browser. */
export async function waitForState(
  page: Page,
  predicate: (state: DebugState) => unknown,
  timeout = 15_000,
): Promise<DebugState> {
  try {
    await page.waitForFunction(
      (source) => {
        const current = window.__lanxang;
        return Boolean(current && new Function('state', `return (${source})(state)`)(current));
      },
      predicate.toString(),
      { timeout, polling: 50 },
    );
  } catch (error) {
    // Say what the app was showing instead, which is what one needs to fix it.
    const seen = await state(page).catch(() => null);
    throw new Error(
      `Timed out waiting for ${predicate.toString()}\nApp state: ${JSON.stringify(seen)}`,
      { cause: error },
    );
  }
  return state(page);
}

export async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Screenshot, settled: lets running animations (focus growth, fades) finish first. */
export async function shot(page: Page, name: string): Promise<string> {
  await page.waitForTimeout(600);
  return screenshot(page, `tv-${name}`);
}
