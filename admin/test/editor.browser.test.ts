import type {
  AdminMovieList,
  FeaturedListSchema,
  Home,
  MovieDetails,
  PersonDetails,
} from '@lanxang/contracts';
import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startAdmin, type AdminServer } from '@lanxang/testing/admin-server';
import { startCatalogApi, type CatalogApi } from './support/catalog-api';
import { expectNoSeriousAxeViolations, hydrated } from './support/checks';

/**
 * The admin's writes, end to end: Chromium drives the production admin build, which writes
 * through the real API into a real PostgreSQL (a fresh copy of the demo catalog, its own for this
 * file); every expectation is read back from the API.
 */

let api: CatalogApi;
let admin: AdminServer;
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  api = await startCatalogApi();
  [admin, chromium] = await Promise.all([startAdmin(api.url), launchChromium()]);
  page = await chromium.newPage();
  // Every admin page needs an admin session: sign in through the page, as an admin does.
  ({ email: adminEmail } = await signInAsAdmin());
});

let adminEmail = '';
async function signInAsAdmin() {
  const account = await api.createAccount('admin');
  await page.goto(`${admin.url}/signin?redirectTo=/admin`);
  await page.fill('#login-email', account.email);
  await page.fill('#login-password', account.password);
  await page.click('button[value="login"]');
  await page.waitForURL(`${admin.url}/admin`);
  return account;
}

afterAll(async () => {
  await chromium?.close();
  await admin?.stop();
  await api?.close();
});

async function fromApi<T>(path: string, init: { admin?: boolean } = {}): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    headers: init.admin ? { authorization: await api.adminAuthorization() } : {},
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
const adminFilms = (query = '') =>
  fromApi<AdminMovieList>(`/api/admin/movies?pageSize=100${query}`, { admin: true });
const adminFilm = (id: number) => fromApi<MovieDetails>(`/api/admin/movies/${id}`, { admin: true });

async function openEditor(id: number) {
  await page.goto(`${admin.url}/admin/films/${id}`);
  await hydrated(page);
}

async function save() {
  await page.click('button[name="intent"][value="save"]');
  await page.waitForSelector('.saved-marker, [aria-invalid="true"], .form-error');
}

describe('editing the catalog in Chromium', () => {
  it("saves a film's Lao title and overview, NFC-normalised, for the TV to read", async () => {
    const film = (await adminFilms('&status=published')).items[0];
    expect(film).toBeDefined();
    if (!film) return;
    await openEditor(film.id);

    // A tone mark typed before the vowel below (a common Lao keyboard order) is the same text
    // as the canonical order once normalised; the API must store the canonical one.
    const typedTitle = 'ກ\u0ec8\u0eb8ມ ແມ່ນ້ຳ';
    const storedTitle = typedTitle.normalize('NFC');
    expect(storedTitle).not.toBe(typedTitle);
    const overview = 'ເລື່ອງໃໝ່ ກ່ຽວກັບແມ່ນ້ຳຂອງ ແລະ ຄອບຄົວ.';
    await page.fill('[name="title.lo"]', typedTitle);
    await page.fill('[name="overview.lo"]', overview);
    expect(await page.innerText('.dirty-marker')).toBe('Unsaved changes');
    await save();
    expect(await page.innerText('.saved-marker')).toBe('Saved.');
    expect(await page.innerText('.dirty-marker')).toBe('');

    const onTv = await fromApi<MovieDetails>(`/api/movies/${film.slug}?locale=lo`);
    expect(onTv.title.lo).toBe(storedTitle);
    expect(onTv.overview.lo).toBe(overview);
    expect(onTv.resolved?.title).toBe(storedTitle);
    // English untouched.
    expect(onTv.title.en).toBe(film.title.en);
    // The form re-renders from the revalidated film; wait for it rather than race it.
    await expect.poll(() => page.inputValue('[name="title.lo"]')).toBe(storedTitle);
    await screenshot(page, 'admin-film-editor-saved');
  });

  it('re-renders an invalid form with the field marked and the typed text kept', async () => {
    const film = (await adminFilms('&status=published')).items[1];
    if (!film) throw new Error('the demo catalog has films');
    await openEditor(film.id);
    await page.fill('[name="title.lo"]', 'ຊື່ໃໝ່ທີ່ຍັງບໍ່ບັນທຶກ');
    await page.fill('[name="imdbId"]', '12345');
    await page.fill('[name="title.en"]', '');
    await save();

    for (const [name, message] of [
      ['imdbId', 'An IMDb id looks like tt0137523.'],
      ['title.en', 'An English text is required.'],
    ] as const) {
      const field = page.locator(`[name="${name}"]`);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const messages = await Promise.all(
        describedBy.split(' ').map((id) => page.locator(`#${id}`).innerText()),
      );
      expect(messages).toContain(message);
    }
    // The first invalid field has focus; the Lao the admin typed is still there.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
      'title.en',
    );
    expect(await page.inputValue('[name="title.lo"]')).toBe('ຊື່ໃໝ່ທີ່ຍັງບໍ່ບັນທຶກ');
    expect((await adminFilm(film.id)).title.en).toBe(film.title.en);
    await screenshot(page, 'admin-film-editor-invalid');
    await expectNoSeriousAxeViolations(page);
  });

  it('warns before leaving with unsaved changes, in the app and on reload', async () => {
    const film = (await adminFilms()).items[2];
    if (!film) throw new Error('the demo catalog has films');
    await openEditor(film.id);
    await page.click('[name="tagline.lo"]');
    await page.keyboard.press('End');
    await page.keyboard.type(' ໃໝ່');

    // A link inside the app: the in-page dialog asks; staying keeps the text.
    await page.click('nav[aria-label="Admin sections"] a[href="/admin/films"]');
    const dialog = page.locator('dialog[aria-labelledby="unsaved-title"][open]');
    await dialog.waitFor();
    expect(await dialog.locator('h2').innerText()).toBe('Leave without saving?');
    await screenshot(page, 'admin-unsaved-dialog');
    await dialog.locator('button', { hasText: 'Stay and keep editing' }).click();
    expect(new URL(page.url()).pathname).toBe(`/admin/films/${film.id}`);
    expect(await page.inputValue('[name="tagline.lo"]')).toContain(' ໃໝ່');

    // A reload: the browser's own beforeunload prompt.
    const prompt = new Promise<string>((resolve) => {
      page.once('dialog', (browserDialog) => {
        resolve(browserDialog.type());
        void browserDialog.dismiss();
      });
    });
    void page.reload().catch(() => undefined);
    expect(await prompt).toBe('beforeunload');
    expect(await page.inputValue('[name="tagline.lo"]')).toContain(' ໃໝ່');

    // Leaving on purpose works.
    await page.click('nav[aria-label="Admin sections"] a[href="/admin/films"]');
    await dialog.waitFor();
    await dialog.locator('button', { hasText: 'Leave and discard' }).click();
    await page.waitForURL(`${admin.url}/admin/films`);
  });

  it('reorders the cast from the keyboard', async () => {
    const withCast = (
      await Promise.all((await adminFilms()).items.map((item) => adminFilm(item.id)))
    ).find((details) => details.cast.length >= 2);
    if (!withCast) throw new Error('the demo catalog has a film with two actors');
    const before = [...withCast.cast].sort((a, b) => a.order - b.order).map((c) => c.person.id);
    await openEditor(withCast.id);
    await page.focus('.credit-list [data-reorder-focus="down"]');
    await page.keyboard.press('Alt+ArrowDown');
    await save();
    const after = [...(await adminFilm(withCast.id)).cast]
      .sort((a, b) => a.order - b.order)
      .map((c) => c.person.id);
    expect(after).toEqual([before[1], before[0], ...before.slice(2)]);
  });

  it('works through the translation queue with save and next', async () => {
    await page.goto(`${admin.url}/admin/translations?kind=film`);
    await hydrated(page);
    const first = await page.locator('.queue-list a').first().innerText();
    const itemCount = await page.locator('.queue-list a').count();
    expect(itemCount).toBeGreaterThan(0);
    const key = await page.inputValue('input[name="item"]');
    expect(key).toMatch(/^film-\d+$/);
    await screenshot(page, 'admin-translation-queue');
    await expectNoSeriousAxeViolations(page);

    // The first empty Lao field has focus: type, Tab, type… then Ctrl+Enter.
    const empty = page.locator('.queue-field textarea[lang="lo"], .queue-field input[lang="lo"]');
    const focusedName = await page.evaluate(() => document.activeElement?.getAttribute('name'));
    expect(focusedName).toMatch(/^lo:/);
    const typed = new Map<string, string>();
    for (const [index, field] of (await empty.all()).entries()) {
      if ((await field.inputValue()) !== '') continue;
      const name = (await field.getAttribute('name')) ?? '';
      const value = `ຂໍ້ຄວາມລາວ ${index + 1}`;
      await field.fill(value);
      typed.set(name.slice(3), value);
    }
    await page.keyboard.press('Control+Enter');
    await page.waitForURL((url) => url.searchParams.get('saved') === key);
    await page.waitForFunction(
      (previous) =>
        document.querySelector<HTMLInputElement>('input[name="item"]')?.value !== previous,
      key,
    );

    const id = Number(key.replace('film-', ''));
    const saved = await adminFilm(id);
    if (typed.has('title')) expect(saved.title.lo).toBe(typed.get('title'));
    if (typed.has('overview')) expect(saved.overview.lo).toBe(typed.get('overview'));
    const cast = [...saved.cast].sort((a, b) => a.order - b.order);
    for (const [name, value] of typed) {
      const credit = /^cast\.(\d+)$/.exec(name);
      if (credit) expect(cast[Number(credit[1])]?.character.lo).toBe(value);
    }
    // The finished film left the queue; the next item is open with its first empty field focused.
    expect(await page.locator('.queue-list a').count()).toBe(itemCount - 1);
    expect(await page.locator('.queue-list').innerText()).not.toContain(first.split('\n')[1]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toMatch(/^lo:/);
    expect(await page.innerText('.notice')).toBe('Saved. On to the next one.');
  });

  it('filters the queue by kind and saves a person in Lao', async () => {
    await page.goto(`${admin.url}/admin/translations?kind=person`);
    await hydrated(page);
    const items = page.locator('.queue-list a');
    if ((await items.count()) === 0) {
      expect(await page.innerText('.empty')).toContain('Nothing left to translate');
      return;
    }
    expect(await page.locator('.queue-list .badge').allInnerTexts()).toEqual(
      expect.arrayContaining(['Person']),
    );
    const key = await page.inputValue('input[name="item"]');
    const id = Number(key.replace('person-', ''));
    const bio = page.locator('[name="lo:biography"]');
    if ((await bio.count()) > 0) await bio.fill('ຊີວະປະຫວັດພາສາລາວ.');
    const name = page.locator('[name="lo:name"]');
    if ((await name.inputValue()) === '') await name.fill('ຊື່ລາວ');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL((url) => url.searchParams.get('saved') === key);
    const person = await fromApi<PersonDetails>(`/api/people/${id}`);
    expect(person.name.lo).toBeTruthy();
  });

  it('edits a person and a genre name in both languages', async () => {
    const film = await adminFilm((await adminFilms('&status=published')).items[0]?.id ?? 0);
    const personId = film.cast[0]?.person.id ?? film.crew[0]?.person.id;
    expect(personId).toBeDefined();
    await page.goto(`${admin.url}/admin/people/${personId}`);
    await hydrated(page);
    await page.fill('[name="biography.lo"]', 'ນັກສະແດງຈາກວຽງຈັນ.');
    await save();
    expect((await fromApi<PersonDetails>(`/api/people/${personId}`)).biography.lo).toBe(
      'ນັກສະແດງຈາກວຽງຈັນ.',
    );
    await screenshot(page, 'admin-person-editor');
    await expectNoSeriousAxeViolations(page);

    await page.goto(`${admin.url}/admin/genres`);
    await hydrated(page);
    await page.fill('[name="genres.0.name.lo"]', 'ປະເພດໃໝ່');
    await page.click('.save-bar button[type="submit"]');
    await page.waitForSelector('.saved-marker');
    const genres = await fromApi<{ items: { id: number; name: { lo?: string } }[] }>('/api/genres');
    expect(genres.items.some((genre) => genre.name.lo === 'ປະເພດໃໝ່')).toBe(true);
    await screenshot(page, 'admin-genres');
    await expectNoSeriousAxeViolations(page);
  });

  it('reorders the featured list by keyboard and the TV home follows', async () => {
    type Featured = z.infer<typeof FeaturedListSchema>;
    await page.goto(`${admin.url}/admin/home`);
    await hydrated(page);
    // Make sure there are at least two heroes to reorder.
    while ((await page.locator('.featured-list > li').count()) < 2) {
      await page.click('.add-featured button');
    }
    const handles = page.locator('.featured-list [data-reorder-focus="handle"]');
    const titlesBefore = await page.locator('.featured-title').allInnerTexts();
    await handles.first().focus();
    await page.keyboard.press('Alt+ArrowDown');
    // Focus stays on the moved film's handle, now second.
    expect(
      await page.evaluate(
        () =>
          document.activeElement?.closest('li')?.querySelector('.featured-position')?.textContent,
      ),
    ).toBe('2.');
    const titlesAfter = await page.locator('.featured-title').allInnerTexts();
    expect(titlesAfter[1]?.slice(3)).toBe(titlesBefore[0]?.slice(3));
    // The marker is drawn on the render after the move: wait for it as a person would see it.
    await expect.poll(() => page.innerText('.dirty-marker')).toBe('Unsaved changes');
    await screenshot(page, 'admin-home-curation');
    await expectNoSeriousAxeViolations(page);

    await page.click('.save-bar button[type="submit"]');
    await page.waitForSelector('.saved-marker');
    const featured = await fromApi<Featured>('/api/admin/featured', { admin: true });
    const order = featured.items
      .sort((a, b) => a.position - b.position)
      .map((item) => item.movieId);
    const home = await fromApi<Home>('/api/home');
    // The TV shows published, currently visible heroes in the saved order.
    const heroIds = home.hero.map((hero) => hero.movie.id);
    expect(heroIds).toEqual(order.filter((id) => heroIds.includes(id)));
    expect(heroIds.slice(0, 2)).toEqual(order.slice(0, 2));

    // An impossible window is refused with the field marked.
    await page.fill(
      '.featured-list > li:first-child input[name$="visibleFrom"]',
      '2026-12-10T10:00',
    );
    await page.fill(
      '.featured-list > li:first-child input[name$="visibleUntil"]',
      '2026-12-01T10:00',
    );
    await page.click('.save-bar button[type="submit"]');
    const until = page.locator('.featured-list > li:first-child input[name$="visibleUntil"]');
    await page.waitForSelector('[aria-invalid="true"]');
    expect(await until.getAttribute('aria-invalid')).toBe('true');
    expect(await page.innerText('.featured-list .field-error')).toBe('Must end after it starts.');
  });

  it('publishes and unpublishes a draft', async () => {
    const draft = (await adminFilms('&status=draft')).items[0];
    if (!draft) throw new Error('the demo catalog has a draft');
    const publicStatus = async () => (await fetch(`${api.url}/api/movies/${draft.slug}`)).status;
    expect(await publicStatus()).toBe(404);
    await openEditor(draft.id);
    expect(await page.innerText('.film-header .badge-status-draft')).toBe('Draft');
    await page.click('button:has-text("Publish")');
    await page.waitForSelector('.film-header .badge-status-published');
    expect(await publicStatus()).toBe(200);
    await page.click('button:has-text("Unpublish")');
    await page.waitForSelector('.film-header .badge-status-draft');
    expect(await publicStatus()).toBe(404);
  });

  it('previews a film on the TV in Lao with the TV font', async () => {
    const film = (await adminFilms('&status=published')).items[0];
    if (!film) throw new Error('the demo catalog has films');
    const details = await adminFilm(film.id);
    await page.goto(`${admin.url}/admin/films/${film.id}/preview`);
    await hydrated(page);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.innerText('.tv-title')).toBe(details.title.lo || details.title.en);
    const font = await page.evaluate(
      () => getComputedStyle(document.querySelector('.tv-title')!).fontFamily,
    );
    expect(font).toContain('Noto Sans Lao');
    expect(await page.evaluate(() => document.fonts.check('72px "Noto Sans Lao"', 'ລາວ'))).toBe(
      true,
    );
    await screenshot(page, 'admin-tv-preview');
    await expectNoSeriousAxeViolations(page);
  });

  it('creates a film and deletes it after confirming', async () => {
    await page.goto(`${admin.url}/admin/films`);
    await hydrated(page);
    await page.click('button:has-text("New film")');
    // An empty English title is refused inside the dialog.
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForSelector('dialog[open] [aria-invalid="true"]');
    await page.fill('dialog[open] [name="title.en"]', 'Test Film From The Browser');
    await page.fill('dialog[open] [name="title.lo"]', 'ຮູບເງົາທົດລອງ');
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForURL(/\/admin\/films\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').at(-1));
    const created = await adminFilm(id);
    expect(created.status).toBe('draft');
    expect(created.title).toMatchObject({ en: 'Test Film From The Browser', lo: 'ຮູບເງົາທົດລອງ' });

    await hydrated(page);
    await page.click('button:has-text("Delete…")');
    await page.click('dialog[open] button:has-text("Keep it")');
    expect((await adminFilm(id)).id).toBe(id);
    await page.click('button:has-text("Delete…")');
    await screenshot(page, 'admin-delete-confirm');
    await page.click('dialog[open] button:has-text("Delete the film")');
    await page.waitForURL(`${admin.url}/admin/films?deleted=1`);
    const gone = await fetch(`${api.url}/api/admin/movies/${id}`, {
      headers: { authorization: await api.adminAuthorization() },
    });
    expect(gone.status).toBe(404);
  });

  it('refuses a write posted from another site, or with no origin at all', async () => {
    const film = (await adminFilms('&status=published')).items[0];
    if (!film) throw new Error('the demo catalog has films');
    // The worst case: the forged request carries the admin's cookies, as if SameSite did not hold.
    const cookie = (await page.context().cookies(admin.url))
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
    expect(cookie).toContain('lanxang_session=');
    const post = (headers: Record<string, string>) =>
      fetch(`${admin.url}/admin/films/${film.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
        body: new URLSearchParams({ intent: 'unpublish' }),
        redirect: 'manual',
      });
    // Another site's origin: Remix aborts the action itself.
    expect((await post({ origin: 'https://evil.example' })).ok).toBe(false);
    // No origin: the admin's own check refuses it.
    expect((await post({})).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await adminFilm(film.id)).status).toBe('published');
  });

  it('shows counts, Lao completeness and recent activity on the dashboard', async () => {
    const films = await adminFilms();
    await page.goto(`${admin.url}/admin`);
    expect(await page.innerText('[data-testid="film-count"]')).toBe(
      String(films.items.filter((film) => film.status === 'published').length),
    );
    expect(await page.innerText('[data-testid="draft-count"]')).toBe(
      String(films.items.filter((film) => film.status === 'draft').length),
    );
    expect(await page.innerText('[data-testid="lao-percent"]')).toMatch(/^\d+%$/);
    expect(await page.locator('.completeness-table tbody tr').count()).toBe(films.items.length);
    // The writes above are in the audit log, newest first.
    expect(await page.locator('.activity li').count()).toBeGreaterThan(0);
    expect(await page.innerText('.activity')).toContain(adminEmail);
    await screenshot(page, 'admin-dashboard-activity');
    await expectNoSeriousAxeViolations(page);

    // And in Lao.
    await page.click('button[lang="lo"]');
    await page.waitForFunction(() => document.documentElement.lang === 'lo');
    expect(await page.innerText('#completeness-title')).toBe('ຄວາມຄົບຖ້ວນພາສາລາວຂອງແຕ່ລະເລື່ອງ');
    await screenshot(page, 'admin-dashboard-activity-lao');
    await page.click('button[lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  });
});
