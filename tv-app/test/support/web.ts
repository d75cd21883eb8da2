import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import { freePort, launchChromium } from '@lanxang/testing';
import { startAdmin } from '@lanxang/testing/admin-server';
import { inject } from 'vitest';
// @ts-expect-error: a plain ESM script shared with `pnpm start`; it has no type declarations.
import { serveTvApp } from '../../scripts/serve.mjs';
import { relayApi, TV_TEST_PORT, type TvHarness } from './app';

export interface TvWithWeb {
  api: TestApp;
  /** Where the API sends people (`PUBLIC_WEB_URL`): the real web app, the "phone". */
  webUrl: string;
  harness: TvHarness;
  close(): Promise<void>;
}

/**
 * The built TV app, the real API over its own copy of the demo catalog, and the real web app for
 * the pages a phone opens (/activate, /rent). The web app is reached through a relay on a port
 * chosen first, because the API must know that address before the web app, which needs the API's
 * address, has started.
 */
export async function startTvWithWeb(
  options: { clock?: () => Date; env?: Record<string, string> } = {},
): Promise<TvWithWeb> {
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const api = await createTestApp(inject('postgresAdminUrl'), {
    template: 'demo',
    ...(options.clock && { clock: options.clock }),
    env: {
      CORS_ORIGINS: `http://127.0.0.1:${TV_TEST_PORT}`,
      PUBLIC_WEB_URL: webUrl,
      ...options.env,
    },
  });
  const [admin, tvServer, browser] = await Promise.all([
    startAdmin(api.url),
    serveTvApp({ port: TV_TEST_PORT, host: '127.0.0.1', apiUrl: api.url }) as Promise<{
      url: string;
      close(): Promise<void>;
    }>,
    launchChromium({ viewport: { width: 1920, height: 1080 } }),
  ]);
  const webRelay = await relayApi(webPort, admin.url);
  const adminSession = await signIn(api, { role: 'admin' });
  return {
    api,
    webUrl,
    harness: {
      appUrl: tvServer.url,
      apiUrl: api.url,
      admin: { url: api.url, adminToken: adminSession.token },
      adminAccount: { email: adminSession.user.email, password: adminSession.password },
      mediaDir: api.config.mediaDir,
      browser,
      close: async () => {},
    },
    async close() {
      await browser.close();
      await tvServer.close();
      await webRelay.close();
      await admin.stop();
      await api.close();
    },
  };
}
