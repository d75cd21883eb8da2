import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type {
  MovieDetails,
  TmdbImportBatch,
  TmdbMoviePreview,
  TmdbSearch,
} from '@lanxang/contracts';
import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import axe from 'axe-core';
import type { MediaJob } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmin, type AdminServer } from '@lanxang/testing/admin-server';
import { asAdmin, signInAdmin, startIngestStack, type IngestStack } from './support/ingest-stack';

declare global {
  interface Window {
    axe: typeof axe;
  }
}

let stack: IngestStack;
let admin: AdminServer;
let adminWithoutTmdb: AdminServer;
let chromium: LaunchedBrowser;
let page: Page;
let work: string;
let clip: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lanxang-admin-ingest-'));
  clip = path.join(work, 'mekong-clip.mp4');
  // A short clip with picture and sound, made by the system ffmpeg: 4 s at 320x240.
  await promisify(execFile)('ffmpeg', [
    ...'-hide_banner -nostdin -loglevel error -y'.split(' '),
    ...'-f lavfi -i testsrc2=s=320x240:r=25:d=4 -f lavfi -i sine=frequency=440:duration=4'.split(
      ' ',
    ),
    ...'-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest'.split(' '),
    clip,
  ]);
  stack = await startIngestStack();
  [admin, adminWithoutTmdb, chromium] = await Promise.all([
    startAdmin(stack.api.url),
    startAdmin(stack.apiWithoutTmdb.url),
    launchChromium(),
  ]);
  page = await chromium.newPage();
  await signInAdmin(page, admin.url, stack.api);
});

afterAll(async () => {
  await chromium?.close();
  await Promise.all([admin?.stop(), adminWithoutTmdb?.stop()]);
  await stack?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

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

/** Resolves once React has hydrated `selector`, so its event handlers are attached. */
async function hydrated(selector: string) {
  await page.waitForFunction((css) => {
    const element = document.querySelector(css);
    return Boolean(element && Object.keys(element).some((key) => key.startsWith('__reactProps')));
  }, selector);
}

const text = (selector: string) => page.locator(selector).first().innerText();
const api = () => stack.api;

describe('TMDB import', () => {
  let importedId: number;

  it('searches TMDB, previews a film and imports it as a draft', async () => {
    const search = await asAdmin<TmdbSearch>(api(), 'GET', '/api/admin/tmdb/search?q=fight%20club');
    const wanted = search.items[0];
    expect(wanted).toBeDefined();
    if (!wanted) return;

    await page.goto(`${admin.url}/admin/import`);
    expect(await text('main h1')).toBe('Import from TMDB');
    expect(await text('main')).toContain('Type part of a title to search TMDB.');
    await page.fill('#tmdb-q', 'fight club');
    await page.press('#tmdb-q', 'Enter');
    await page.waitForSelector('.tmdb-result');
    expect(await page.locator('.tmdb-result').count()).toBe(search.items.length);
    const first = page.locator('.tmdb-result').first();
    expect(await first.locator('h3').innerText()).toContain(wanted.title);
    expect(await first.locator('h3').innerText()).toContain(String(wanted.year));
    expect(await first.locator('img').getAttribute('src')).toBe(wanted.posterUrl);
    expect(await first.locator('.badge-imported').count()).toBe(0);
    await screenshot(page, 'admin-import-search');
    await expectNoSeriousAxeViolations();

    const preview = await asAdmin<TmdbMoviePreview>(
      api(),
      'GET',
      `/api/admin/tmdb/movies/${wanted.tmdbId}`,
    );
    await first.locator(`a.button[href="/admin/import/${wanted.tmdbId}"]`).click();
    await page.waitForURL(`${admin.url}/admin/import/${wanted.tmdbId}`);
    await page.waitForFunction(
      (title) => document.querySelector('main h1')?.textContent === title,
      preview.title.en,
    );
    expect(await page.locator('.people li').count()).toBe(Math.min(preview.cast.length, 15));
    expect(await text('.people li')).toContain(preview.cast[0]?.name);
    expect(await text('[data-testid="lao-translation"]')).toBe(
      preview.hasLao ? 'Lao translation on TMDB' : 'No Lao translation on TMDB',
    );
    const director = preview.crew.find((member) => member.job === 'Director');
    if (director) expect(await text('.facts')).toContain(director.name);
    expect(await page.locator('.image-strip img').count()).toBeGreaterThan(0);
    await screenshot(page, 'admin-import-preview');
    await expectNoSeriousAxeViolations();

    await hydrated('form[method="post"] button[type="submit"]');
    await page.click('text=Import as draft');
    await page.waitForURL(/\/admin\/films\/\d+$/, { timeout: 60_000 });
    importedId = Number(new URL(page.url()).pathname.split('/').pop());
    const film = await asAdmin<MovieDetails>(api(), 'GET', `/api/admin/movies/${importedId}`);
    expect(film).toMatchObject({ tmdbId: wanted.tmdbId, status: 'draft' });
  });

  it('marks a film already imported, links to it, and re-syncs it keeping the Lao an admin typed', async () => {
    // An admin translates the imported film into Lao in the editor…
    const laoTitle = 'ສະໂມສອນຕໍ່ສູ້';
    await page.goto(`${admin.url}/admin/films/${importedId}`);
    await hydrated('button[name="intent"][value="save"]');
    await page.fill('[name="title.lo"]', laoTitle);
    await page.click('button[name="intent"][value="save"]');
    await page.waitForSelector('.saved-marker');
    const before = await asAdmin<MovieDetails>(api(), 'GET', `/api/admin/movies/${importedId}`);
    expect(before.title.lo).toBe(laoTitle);

    await page.goto(`${admin.url}/admin/import?q=fight+club`);
    const first = page.locator('.tmdb-result').first();
    expect(await first.locator('.badge-imported').innerText()).toBe('Already imported');
    expect(await first.locator(`a[href="/admin/films/${importedId}"]`).count()).toBe(1);

    await first.locator('a.button').click();
    await page.waitForSelector('.resync button');
    await hydrated('.resync button');
    await page.click('.resync button');
    await page.waitForFunction(
      () => document.querySelector('.resync [role="status"]')?.textContent?.includes('Re-synced'),
      undefined,
      { timeout: 60_000 },
    );
    // …and TMDB's re-sync refreshed the English but left the Lao edit alone.
    const after = await asAdmin<MovieDetails>(api(), 'GET', `/api/admin/movies/${importedId}`);
    expect(after.title).toEqual({ en: before.title.en, lo: laoTitle });
  });

  it('imports a pasted list in bulk: the bad id fails with its reason, the rest are imported', async () => {
    const badId = 999_999_999;
    await page.goto(`${admin.url}/admin/import`);
    await page.fill(
      '#tmdb-ids',
      `1090550\n${badId}\nhttps://www.themoviedb.org/movie/550-fight-club`,
    );
    await page.click('text=Start the import');
    await page.waitForURL(/\/admin\/import\/batches\/\d+$/);
    const batchId = Number(new URL(page.url()).pathname.split('/').pop());

    // The page polls the batch until it finishes; the bar ends full.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="batch-summary"]')?.textContent?.startsWith('100 %'),
      undefined,
      { timeout: 60_000 },
    );
    const batch = await asAdmin<TmdbImportBatch>(
      api(),
      'GET',
      `/api/admin/tmdb/imports/${batchId}`,
    );
    expect(batch.status).toBe('finished');
    expect(batch.counts).toMatchObject({ total: 3, done: 2, failed: 1 });
    expect(await page.getAttribute('#batch-progress', 'value')).toBe('100');
    expect(await text('main h1')).toBe(`Bulk import ${batchId}`);
    expect(await text('[data-testid="batch-summary"]')).toContain('2 imported, 1 failed');
    expect(await page.locator('[data-testid="batch-failures"] li').count()).toBe(1);
    const failure = batch.items.find((item) => item.tmdbId === badId);
    expect(await text('[data-testid="batch-failures"]')).toContain(failure?.error?.message);
    expect(await page.locator('tr[data-status="done"]').count()).toBe(2);
    await screenshot(page, 'admin-import-batch');
    await expectNoSeriousAxeViolations();
  });

  it('refuses a pasted list with something that is not an id, keeping the text', async () => {
    await page.goto(`${admin.url}/admin/import`);
    await page.fill('#tmdb-ids', '550\nfight club');
    await page.click('text=Start the import');
    await page.waitForSelector('#tmdb-ids-error');
    expect(await text('#tmdb-ids-error')).toContain('fight, club');
    expect(await page.inputValue('#tmdb-ids')).toBe('550\nfight club');
    expect(await page.getAttribute('#tmdb-ids', 'aria-invalid')).toBe('true');
  });

  it('says plainly that TMDB is not configured when the API has no key', async () => {
    await signInAdmin(page, adminWithoutTmdb.url, stack.apiWithoutTmdb);
    const response = await page.goto(`${adminWithoutTmdb.url}/admin/import?q=fight+club`);
    expect(response?.status()).toBe(200);
    expect(await text('.problem-title')).toBe('TMDB is not configured: set TMDB_API_KEY.');
    expect(await page.inputValue('#tmdb-q')).toBe('fight club');
    await screenshot(page, 'admin-import-no-key');
    await expectNoSeriousAxeViolations();

    await page.goto(`${adminWithoutTmdb.url}/admin/import/550`);
    expect(await text('.problem-title')).toBe('TMDB is not configured: set TMDB_API_KEY.');

    await page.goto(`${adminWithoutTmdb.url}/admin/import`);
    await page.fill('#tmdb-ids', '550');
    await page.click('text=Start the import');
    await page.waitForSelector('.bulk-form .problem');
    expect(await text('.bulk-form .problem-title')).toBe(
      'TMDB is not configured: set TMDB_API_KEY.',
    );
    await signInAdmin(page, admin.url, stack.api);
  });
});

describe('media', () => {
  let movieId: number;

  beforeAll(async () => {
    const film = await asAdmin<MovieDetails>(api(), 'POST', '/api/admin/movies', {
      title: { en: 'Mekong Clip', lo: 'ຄລິບແມ່ນ້ຳຂອງ' },
    });
    movieId = film.id;
    await asAdmin(api(), 'POST', `/api/admin/movies/${movieId}/publish`);
  });

  it('refuses a file that is not a video with a clear error', async () => {
    const fake = path.join(work, 'holiday.mp4');
    await writeFile(fake, 'These are my holiday notes, not a film.\n'.repeat(200));
    await page.goto(`${admin.url}/admin/media/${movieId}`);
    expect(await text('main h1')).toBe('Media: Mekong Clip');
    expect(await text('main')).toContain('No jobs for this film yet.');
    await hydrated('.upload-form');
    await page.setInputFiles('#video-file', fake);
    await page.click('.upload-form button[type="submit"]');
    await page.waitForSelector('#upload-error');
    expect(await page.getAttribute('#upload-error', 'data-code')).toBe('not_a_video');
    expect(await text('#upload-error .problem-title')).toBe('That file is not a video.');
    await screenshot(page, 'admin-media-not-a-video');
    const jobs = await asAdmin<{ items: MediaJob[] }>(
      api(),
      'GET',
      `/api/admin/jobs?movieId=${movieId}`,
    );
    expect(jobs.items).toEqual([]);
  });

  it('uploads a video with a progress bar, shows the job to completion, then previews it', async () => {
    await page.goto(`${admin.url}/admin/media/${movieId}`);
    await hydrated('.upload-form');
    await page.setInputFiles('#video-file', clip);
    await page.click('.upload-form button[type="submit"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="upload-percent"]')?.textContent === '100 %',
    );
    expect(await page.getAttribute('#upload-progress', 'value')).toBe('100');
    await page.waitForSelector('tr[data-job-id]');

    // Watch the row as the page polls: the state and percent move until the job completes.
    const seen = new Set<string>();
    for (;;) {
      const row = page.locator('tr[data-job-id]').first();
      const state = (await row.getAttribute('data-state')) ?? '';
      seen.add(`${state} ${await row.locator('[data-testid="job-percent"]').innerText()}`);
      if (state === 'completed' || state === 'failed' || state === 'cancelled') break;
      await page.waitForTimeout(200);
    }
    const jobs = await asAdmin<{ items: MediaJob[] }>(
      api(),
      'GET',
      `/api/admin/jobs?movieId=${movieId}`,
    );
    expect(jobs.items[0], JSON.stringify(jobs.items[0]?.error)).toMatchObject({
      state: 'completed',
      percent: 100,
      sourceName: 'mekong-clip.mp4',
    });
    expect([...seen]).toContain('completed 100 %');
    expect(await text('tr[data-job-id] .job-progress')).toContain('Done');
    expect(await page.getAttribute('tr[data-job-id] progress', 'value')).toBe('100');

    // The page stops polling once nothing is active and shows the ladder in Shaka.
    await page.waitForSelector('[data-testid="preview-video"]');
    await page.waitForFunction(
      () => document.querySelectorAll('#rung-picker option').length > 1,
      undefined,
      { timeout: 30_000 },
    );
    await page.evaluate(() =>
      document.querySelector<HTMLVideoElement>('[data-testid="preview-video"]')?.play(),
    );
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLVideoElement>('[data-testid="preview-video"]')?.currentTime ??
          0) > 0.5,
      undefined,
      { timeout: 30_000 },
    );
    // Pin the lowest rung: the player says which height it now plays.
    const lowest = await page.locator('#rung-picker option').last().getAttribute('value');
    await page.selectOption('#rung-picker', lowest ?? 'auto');
    await page.waitForFunction(
      (height) =>
        document.querySelector('[data-testid="active-rung"]')?.textContent === `Playing ${height}p`,
      lowest,
    );
    await screenshot(page, 'admin-media-preview');
    await expectNoSeriousAxeViolations();
  });

  it('adds and removes English subtitles', async () => {
    const vtt = path.join(work, 'mekong.en.vtt');
    await writeFile(vtt, 'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nThe river at dawn\n');
    await page.goto(`${admin.url}/admin/media/${movieId}`);
    await hydrated('[data-locale="en"] .subtitle-form');
    await page.setInputFiles('#vtt-en', vtt);
    await page.click('[data-locale="en"] .subtitle-form button');
    await page.waitForFunction(() =>
      document.querySelector('[data-locale="en"] [role="status"]')?.textContent?.includes('saved'),
    );
    // The action's answer arrives a moment before the page's revalidated data.
    await page.waitForFunction(() =>
      document.querySelector('[data-locale="en"]')?.textContent?.includes('Current track: English'),
    );
    await screenshot(page, 'admin-media-subtitles');

    expect(await text('[data-locale="lo"]')).toContain('No track yet.');

    await page.click('[data-locale="en"] button.button-secondary');
    await page.waitForFunction(() =>
      document
        .querySelector('[data-locale="en"] [role="status"]')
        ?.textContent?.includes('removed'),
    );
    await page.waitForFunction(() =>
      document.querySelector('[data-locale="en"]')?.textContent?.includes('No track yet.'),
    );
  });

  it('lists recent jobs across films on the media index, and links each to its film', async () => {
    await page.goto(`${admin.url}/admin/media`);
    expect(await text('main h1')).toBe('Media');
    const row = page.locator('tr[data-job-id]').first();
    expect(await row.getAttribute('data-state')).toBe('completed');
    expect(await row.locator(`a[href="/admin/media/${movieId}"]`).innerText()).toBe('Mekong Clip');
    expect(await page.locator(`.media-films a[href="/admin/media/${movieId}"]`).count()).toBe(1);
    await screenshot(page, 'admin-media-index');
    await expectNoSeriousAxeViolations();
  });
});
