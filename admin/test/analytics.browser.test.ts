import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import { startAdmin, type AdminServer } from '@lanxang/testing/admin-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogApi, type CatalogApi } from './support/catalog-api';

/**
 * The Analytics page before any TV has played anything, and with a range the API refuses. The
 * figures of a real playback are checked end to end in `tv-app/test/progress.e2e.test.ts`.
 */
let api: CatalogApi;
let admin: AdminServer;
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  api = await startCatalogApi();
  [admin, chromium] = await Promise.all([startAdmin(api.url), launchChromium()]);
  page = await chromium.newPage();
  const { email, password } = await api.createAccount('admin');
  await page.goto(`${admin.url}/admin/analytics`);
  await page.waitForURL((url) => url.pathname === '/signin');
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('button[value="login"]');
  await page.waitForURL(`${admin.url}/admin/analytics`);
});

afterAll(async () => {
  await chromium?.close();
  await admin?.stop();
  await api?.close();
});

describe('analytics page', () => {
  it('says there is nothing yet over the last 30 days, in English and in Lao', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 29 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    expect(await page.inputValue('input[name="to"]')).toBe(today);
    expect(await page.inputValue('input[name="from"]')).toBe(monthAgo);
    expect(await page.textContent('main h1')).toBe('Playback analytics');
    expect(await page.textContent('[data-testid="analytics-empty"]')).toContain(
      'No playback in this range yet.',
    );
    expect(await page.locator('[data-testid="stat-plays"]').count()).toBe(0);
    expect(
      await page.getAttribute('nav[aria-label="Admin sections"] a[aria-current="page"]', 'href'),
    ).toBe('/admin/analytics');

    await page.click('button[lang="lo"]');
    await page.waitForFunction(() => document.documentElement.lang === 'lo');
    expect(await page.textContent('main h1')).toBe('ສະຖິຕິການຫຼິ້ນ');
    expect(await page.textContent('[data-testid="analytics-empty"]')).toContain('ຍັງບໍ່ມີການຫຼິ້ນໃນຊ່ວງນີ້.');
    await screenshot(page, 'admin-analytics-empty-lo');
    await page.click('button[lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  });

  it('keeps the page and says why when the range is backwards', async () => {
    await page.goto(`${admin.url}/admin/analytics?from=2026-12-01&to=2026-11-01`);
    expect(await page.textContent('[role="alert"]')).toContain('That range cannot be shown');
    expect(await page.inputValue('input[name="from"]')).toBe('2026-12-01');
  });
});
