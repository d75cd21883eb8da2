import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import type { DebugState } from '../../src/lib/debug';
// @ts-expect-error: a plain ESM script shared with `pnpm start`; it has no type declarations.
import { serveTvApp } from '../../scripts/serve.mjs';
import { startFixtureApi, type FixtureApi } from './fixture-api';
import { makeHlsClip } from './hls';

/** Fixed, because Shaka's offline storage (a later issue) is keyed to the app's exact origin. */
export const TV_TEST_PORT = Number(process.env.TV_TEST_PORT ?? 8181);

export interface TvHarness {
  appUrl: string;
  apiUrl: string;
  /** Present only when the tests run against the fixture API rather than a real one. */
  fixture: FixtureApi | undefined;
  browser: LaunchedBrowser;
  close(): Promise<void>;
}

/**
 * The built app served by the same server `pnpm start` uses, a real Chromium, and an API:
 * `LANXANG_API_URL` when set (for example the real stack), else the fixture API.
 */
export async function startTvHarness(): Promise<TvHarness> {
  const external = process.env.LANXANG_API_URL;
  const fixture = external ? undefined : await startFixtureApi({ hlsDir: await makeHlsClip() });
  const apiUrl = external ?? fixture!.url;
  const server = (await serveTvApp({ port: TV_TEST_PORT, host: '127.0.0.1', apiUrl })) as {
    url: string;
    close(): Promise<void>;
  };
  const browser = await launchChromium({ viewport: { width: 1920, height: 1080 } });
  return {
    appUrl: server.url,
    apiUrl,
    fixture,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await fixture?.close();
    },
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
