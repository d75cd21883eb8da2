import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Request,
} from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave their screenshots, for people to look at (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../.screenshots');

// Flags verified on this platform (../shared/PLATFORM.md): WebGL runs on SwiftShader, and the
// closed network makes Chromium's background services fail noisily without the last four.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchedBrowser {
  browser: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The real Debian Chromium, headless, with a fresh profile that is removed on close. */
export async function launchChromium(
  options: { viewport?: { width: number; height: number }; extraArgs?: string[] } = {},
): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lanxang-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  return {
    browser: context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `.screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export type { Browser, BrowserContext, Page, Request };
