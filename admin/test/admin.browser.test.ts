import type { AdminMovieList, Genre, MovieDetails, MovieList } from '@lanxang/contracts';
import {
  freePort,
  launchChromium,
  screenshot,
  type LaunchedBrowser,
  type Page,
} from '@lanxang/testing';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmin, type AdminServer } from '@lanxang/testing/admin-server';
import { startCatalogApi, type CatalogApi } from './support/catalog-api';

declare global {
  interface Window {
    axe: typeof axe;
  }
}

const FILMS_PAGE_SIZE = 20;

let api: CatalogApi;
let admin: AdminServer;
let adminWithApiDown: AdminServer;
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  api = await startCatalogApi();
  [admin, adminWithApiDown, chromium] = await Promise.all([
    startAdmin(api.url),
    freePort().then((port) => startAdmin(`http://127.0.0.1:${port}`)),
    launchChromium(),
  ]);
  page = await chromium.newPage();
  // The admin area needs an admin session: sign in through the page, as an admin does.
  const { email, password } = await api.createAccount('admin');
  await page.goto(`${admin.url}/admin`);
  await page.waitForURL(
    (url) => url.pathname === '/signin' && url.searchParams.get('redirectTo') === '/admin',
  );
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('button[value="login"]');
  await page.waitForURL(`${admin.url}/admin`);
});

afterAll(async () => {
  await chromium?.close();
  await Promise.all([admin?.stop(), adminWithApiDown?.stop()]);
  await api?.close();
});

/** What the API itself says, so the expectations follow the catalog rather than repeat it. */
async function fromApi<T>(path: string): Promise<T> {
  const response = await fetch(`${api.url}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** The admin API, with an admin session of the test API's own. */
async function fromAdminApi<T>(path: string): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    headers: { authorization: await api.adminAuthorization() },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

async function expectNoSeriousAxeViolations() {
  await page.addScriptTag({ content: axe.source });
  const { violations } = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious).toEqual([]);
}

/**
 * Waits until the page's "/" shortcut is live, i.e. React has hydrated and run its effects, by
 * sending synthetic key presses until one focuses the search field; then leaves the field.
 */
async function searchShortcutLive() {
  await page.waitForFunction(() => {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    return document.activeElement?.id === 'film-search';
  });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

const text = (selector: string) => page.locator(selector).first().innerText();

describe('admin portal in Chromium', () => {
  it('shows the public landing page with the way to activate a TV and to the admin', async () => {
    const response = await page.goto(`${admin.url}/`);
    expect(response?.status()).toBe(200);
    expect(await text('h1')).toBe('Lao cinema on your TV');
    expect(await page.getAttribute('a[href="/activate"]', 'class')).toContain('button');
    expect(await page.locator('a[href="/admin"]').count()).toBeGreaterThan(0);
    expect(await text('footer')).toContain(
      'This product uses the TMDB API but is not endorsed or certified by TMDB.',
    );
    expect(await page.locator('footer svg[aria-label="TMDB"]').count()).toBe(1);
    await screenshot(page, 'admin-landing');
    await expectNoSeriousAxeViolations();

    await page.click('a[href="/activate"]');
    await page.waitForFunction(
      () => document.querySelector('main h1')?.textContent === 'Activate a TV',
    );
    expect(await text('main')).toContain('Enter it here to sign the TV in to your account.');
    await expectNoSeriousAxeViolations();
  });

  it('lets the keyboard skip straight to the content', async () => {
    await page.goto(`${admin.url}/admin`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('counts the catalog on the dashboard', async () => {
    const [films, genres] = await Promise.all([
      fromApi<MovieList>('/api/movies?pageSize=1'),
      fromApi<{ items: Genre[] }>('/api/genres'),
    ]);
    await page.goto(`${admin.url}/admin`);
    expect(await text('h1')).toBe('Dashboard');
    expect(await text('[data-testid="film-count"]')).toBe(String(films.total));
    expect(await text('[data-testid="genre-count"]')).toBe(String(genres.items.length));
    expect(
      await page.getAttribute('nav[aria-label="Admin sections"] a[aria-current="page"]', 'href'),
    ).toBe('/admin');
    await screenshot(page, 'admin-dashboard');
    await expectNoSeriousAxeViolations();
  });

  it('lists every film, drafts too, and searches and filters them', async () => {
    const firstPage = await fromAdminApi<AdminMovieList>(
      `/api/admin/movies?pageSize=${FILMS_PAGE_SIZE}`,
    );
    await page.goto(`${admin.url}/admin/films`);
    expect(await page.locator('.film-table tbody tr').count()).toBe(firstPage.items.length);
    expect(await text('.page-heading p')).toBe(`${firstPage.total} films`);
    expect(await page.locator('.film-table tbody img').count()).toBe(
      firstPage.items.filter((movie) => movie.poster).length,
    );
    // Real status badges: drafts are listed and marked as such.
    const drafts = firstPage.items.filter((movie) => movie.status === 'draft').length;
    expect(drafts).toBeGreaterThan(0);
    expect(await page.locator('.film-table .badge-status-draft').count()).toBe(drafts);
    await screenshot(page, 'admin-films');
    await expectNoSeriousAxeViolations();

    // Pagination appears exactly when the catalog has more than one page.
    expect(await page.locator('nav.pagination').count()).toBe(
      firstPage.total > FILMS_PAGE_SIZE ? 1 : 0,
    );

    // "/" focuses the search field; typing and Enter search, as an admin does all day.
    const wanted = firstPage.items.at(-1);
    const query = wanted?.title.en?.split(' ').at(-1) ?? '';
    expect(query).not.toBe('');
    await searchShortcutLive();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('film-search');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === query);
    const searched = await fromAdminApi<AdminMovieList>(
      `/api/admin/movies?pageSize=${FILMS_PAGE_SIZE}&q=${encodeURIComponent(query)}`,
    );
    await page.waitForFunction(
      (count) => document.querySelectorAll('.film-table tbody tr').length === count,
      searched.items.length,
    );
    expect(await page.locator('.film-table').innerText()).toContain(wanted?.title.en);
    await screenshot(page, 'admin-films-search');

    // Drafts only, then films missing Lao, each as the API counts them.
    await page.goto(`${admin.url}/admin/films`);
    await page.selectOption('#film-status', 'draft');
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.get('status') === 'draft');
    const draftList = await fromAdminApi<AdminMovieList>('/api/admin/movies?status=draft');
    await page.waitForFunction(
      (count) => document.querySelectorAll('.film-table tbody tr').length === count,
      draftList.items.length,
    );
    expect(await page.locator('.film-table .badge-status-published').count()).toBe(0);

    await page.goto(`${admin.url}/admin/films?missing=lo`);
    const missingLao = await fromAdminApi<AdminMovieList>('/api/admin/movies?missingLocale=lo');
    expect(missingLao.total).toBeGreaterThan(0);
    expect(await text('.page-heading p')).toBe(
      `${missingLao.total} ${missingLao.total === 1 ? 'film' : 'films'}`,
    );
    expect(await page.isChecked('#film-missing')).toBe(true);
  });

  it("edits a film's English and Lao side by side", async () => {
    const list = await fromApi<MovieList>('/api/movies?pageSize=100&sort=title');
    const summary = list.items.find((movie) => movie.title.lo) ?? list.items[0];
    expect(summary).toBeDefined();
    const film = await fromApi<MovieDetails>(`/api/movies/${summary?.id}`);

    await page.goto(`${admin.url}/admin/films?q=${encodeURIComponent(film.title.en ?? '')}`);
    await page.click(`a[href="/admin/films/${film.id}"]`);
    await page.waitForURL(`${admin.url}/admin/films/${film.id}`);
    // The URL changes a moment before React commits the new page.
    await page.waitForFunction(
      (title) => document.querySelector('main h1')?.textContent === title,
      film.title.en,
    );
    expect(await page.inputValue('[name="title.en"]')).toBe(film.title.en);
    expect(await page.inputValue('[name="title.lo"]')).toBe(film.title.lo ?? '');
    expect(await page.getAttribute('[name="title.lo"]', 'lang')).toBe('lo');
    expect(await page.locator('.film-editor').innerText()).toContain(
      film.cast[0]?.person.name.en ?? 'No cast yet.',
    );
    await screenshot(page, 'admin-film-editor');
    await expectNoSeriousAxeViolations();
  });

  it('says plainly when a film does not exist', async () => {
    const response = await page.goto(`${admin.url}/admin/films/2147483000`);
    expect(response?.status()).toBe(404);
    expect(await text('main h1')).toBe('Not found');
  });

  it('answers an unknown admin address with the not-found page in the admin frame', async () => {
    const response = await page.goto(`${admin.url}/admin/rentals`);
    expect(response?.status()).toBe(404);
    expect(await text('main h1')).toBe('Not found');
    expect(
      await page.locator('nav[aria-label="Admin sections"] a[href="/admin/rentals"]').count(),
    ).toBe(0);
  });

  it('switches the admin to Lao and back, keeping the page', async () => {
    await page.goto(`${admin.url}/admin/films?page=1`);
    await page.click('button[lang="lo"]');
    await page.waitForFunction(() => document.documentElement.lang === 'lo');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/admin/films?page=1');
    expect(await text('main h1')).toBe('ຮູບເງົາ');
    expect(await text('nav[aria-label] a[aria-current="page"]')).toBe('ຮູບເງົາ');
    expect(await page.getAttribute('button[lang="lo"]', 'aria-pressed')).toBe('true');
    await screenshot(page, 'admin-films-lao');
    await expectNoSeriousAxeViolations();

    // The choice is remembered: a fresh load of another page stays in Lao.
    await page.goto(`${admin.url}/admin`);
    expect(await text('main h1')).toBe('ພາບລວມ');
    await screenshot(page, 'admin-dashboard-lao');

    // And back, from the keyboard this time.
    await page.focus('button[lang="en"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await text('main h1')).toBe('Dashboard');
  });

  it('shows a friendly error, inside the admin, when the API is down', async () => {
    for (const path of ['/admin', '/admin/films', '/admin/films/1']) {
      const response = await page.goto(`${adminWithApiDown.url}${path}`);
      expect(response?.status()).toBe(503);
      expect(await text('main h1')).toBe('The catalog service is not answering');
      expect(await page.locator('nav[aria-label="Admin sections"]').count()).toBe(1);
    }
    await screenshot(page, 'admin-api-down');
    await expectNoSeriousAxeViolations();
  });
});
