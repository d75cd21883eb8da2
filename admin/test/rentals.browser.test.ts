import type { AdminPayment, PricingTier, PromoCode, RentalList } from '@lanxang/contracts';
import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import { startAdmin, type AdminServer } from '@lanxang/testing/admin-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogApi, type CatalogApi } from './support/catalog-api';

/**
 * The admin's side of rentals in a real Chromium against the real API: price tiers and promo
 * codes made and changed through the forms, a viewer's manual payment confirmed, seen in the
 * revenue, and refunded after the confirmation, which ends the viewer's rental.
 */
let api: CatalogApi;
let admin: AdminServer;
let chromium: LaunchedBrowser;
let page: Page;

const RENTAL_FILM = 'monsoon-letters';

beforeAll(async () => {
  api = await startCatalogApi();
  [admin, chromium] = await Promise.all([startAdmin(api.url), launchChromium()]);
  page = await chromium.newPage();
  const { email, password } = await api.createAccount('admin');
  await page.goto(`${admin.url}/signin?redirectTo=/admin`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('button[value="login"]');
  await page.waitForURL(`${admin.url}/admin`);
});

afterAll(async () => {
  await chromium?.close();
  await admin?.stop();
  await api?.close();
});

async function adminApi<T>(path: string): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    headers: { authorization: await api.adminAuthorization() },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** A TV's anonymous viewer starting a payment the way the API offers it. */
async function viewerStartsManualPayment(): Promise<{ anonymousId: string; paymentId: string }> {
  const issued = await fetch(`${api.url}/api/anonymous`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { anonymousId } = (await issued.json()) as { anonymousId: string };
  const film = (await (await fetch(`${api.url}/api/movies/${RENTAL_FILM}`)).json()) as {
    id: number;
  };
  const started = await fetch(`${api.url}/api/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-anonymous-id': anonymousId },
    body: JSON.stringify({ movieId: film.id, provider: 'manual' }),
  });
  expect(started.status).toBe(201);
  return { anonymousId, paymentId: ((await started.json()) as { id: string }).id };
}

describe('rentals in the admin', () => {
  it('makes a price tier, changes its price, and deactivates it', async () => {
    await page.click('nav >> text=Pricing');
    await page.waitForURL(`${admin.url}/admin/pricing`);
    const form = page.locator('[data-testid="new-tier"]');
    await form.locator('[name="name.en"]').fill('Premiere');
    await form.locator('[name="name.lo"]').fill('ຮອບທຳອິດ');
    await form.locator('[name="priceLak"]').fill('30000');
    await form.locator('[name="rentalHours"]').fill('48');
    await form.locator('button[value="createTier"]').click();

    await expect
      .poll(async () =>
        (await adminApi<{ items: PricingTier[] }>('/api/admin/pricing-tiers')).items.find(
          (tier) => tier.name.en === 'Premiere',
        ),
      )
      .toMatchObject({ priceLak: 30000, rentalHours: 48, active: true, name: { lo: 'ຮອບທຳອິດ' } });
    const tier = (await adminApi<{ items: PricingTier[] }>('/api/admin/pricing-tiers')).items.find(
      (candidate) => candidate.name.en === 'Premiere',
    )!;
    const record = page.locator(`[data-testid="tier-${tier.id}"]`);
    await expect.poll(() => record.locator('h3').textContent()).toContain('₭30,000');
    // The new-tier form is empty again for the next one.
    expect(await form.locator('[name="name.en"]').inputValue()).toBe('');

    await record.locator('[name="priceLak"]').fill('25000');
    await record.locator('button[value="updateTier"]').click();
    await expect.poll(() => record.locator('h3').textContent()).toContain('₭25,000');

    // A refused value comes back on that tier's form, with what was typed.
    await record.locator('[name="rentalHours"]').fill('0');
    await record.locator('button[value="updateTier"]').click();
    await record.locator('.field-error').first().waitFor();
    expect(await record.locator('.field-error').first().textContent()).toBe(
      'Between 1 and 720 hours.',
    );
    expect(await record.locator('[name="rentalHours"]').inputValue()).toBe('0');

    await record.locator('button[value="deactivateTier"]').click();
    await expect.poll(() => record.locator('.badge').textContent()).toBe('Inactive');
    await screenshot(page, 'admin-pricing-tiers');
  });

  it('makes a promo code for one film and deactivates it', async () => {
    const form = page.locator('[data-testid="new-promo"]');
    await form.locator('[name="code"]').fill('pimai-2027');
    await form.locator('select[name="kind"]').selectOption('percent');
    await form.locator('[name="value"]').fill('20');
    await form.locator('[name="maxUses"]').fill('100');
    await form.locator('select[name="movieId"]').selectOption({ label: 'Monsoon Letters' });
    await form.locator('button[value="createPromo"]').click();

    await expect
      .poll(async () =>
        (await adminApi<{ items: PromoCode[] }>('/api/admin/promo-codes')).items.find(
          (promo) => promo.code === 'PIMAI-2027',
        ),
      )
      .toMatchObject({ kind: 'percent', value: 20, maxUses: 100, active: true });
    const promo = (await adminApi<{ items: PromoCode[] }>('/api/admin/promo-codes')).items.find(
      (candidate) => candidate.code === 'PIMAI-2027',
    )!;
    expect(promo.movieId).not.toBeNull();
    const record = page.locator(`[data-testid="promo-${promo.id}"]`);
    await record.waitFor();
    await record.locator('button[value="deactivatePromo"]').click();
    await expect.poll(() => record.locator('.badge').textContent()).toBe('Inactive');
    await screenshot(page, 'admin-pricing-promos');
  });

  it('confirms a manual payment, shows it in the revenue, and refunds it after asking', async () => {
    const viewer = await viewerStartsManualPayment();

    await page.click('nav >> text=Payments');
    await page.waitForURL(`${admin.url}/admin/payments`);
    await page.selectOption('#payment-status', 'pending');
    await page.selectOption('#payment-provider', 'manual');
    await page.click('button:has-text("Filter")');
    await page.waitForURL(/status=pending/);
    const row = page.locator(`tr[data-payment="${viewer.paymentId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Monsoon Letters');
    expect(await row.textContent()).toContain('₭15,000');
    await screenshot(page, 'admin-payments');

    await row.locator('a').click();
    await page.waitForURL(`${admin.url}/admin/payments/${viewer.paymentId}`);
    await page.click('button[value="markPaid"]');
    await expect.poll(() => page.textContent('[data-testid="payment-status"]')).toBe('Succeeded');

    await page.click('nav >> text=Revenue');
    await page.waitForURL(`${admin.url}/admin/revenue`);
    expect(await page.textContent('[data-testid="revenue-total"]')).toBe('₭15,000 from 1 rentals');
    await page.waitForSelector('.recharts-bar-rectangle');
    await screenshot(page, 'admin-revenue');

    await page.goto(`${admin.url}/admin/payments/${viewer.paymentId}`);
    await page.click('text=Refund…');
    await page.waitForSelector('#refund-title');
    expect(await page.textContent('#refund-title')).toBe('Refund ₭15,000?');
    await screenshot(page, 'admin-payment-refund-confirm');
    // Cancelling the question changes nothing.
    await page.click('a:has-text("Cancel")');
    await page.waitForURL(`${admin.url}/admin/payments/${viewer.paymentId}`);
    expect(await page.textContent('[data-testid="payment-status"]')).toBe('Succeeded');

    await page.click('text=Refund…');
    await page.fill('#refund-reason', 'Wrong film');
    await page.click('button[value="refund"]');
    await expect.poll(() => page.textContent('[data-testid="payment-status"]')).toBe('Refunded');
    await screenshot(page, 'admin-payment-refunded');

    const stored = await adminApi<AdminPayment>(`/api/admin/payments/${viewer.paymentId}`);
    expect(stored.status).toBe('refunded');
    const rentals = (await (
      await fetch(`${api.url}/api/rentals`, { headers: { 'x-anonymous-id': viewer.anonymousId } })
    ).json()) as RentalList;
    expect(rentals.active).toEqual([]);
    expect(rentals.past[0]?.endedBy).toBe('refund');
  });

  it('sets a film’s price tier in the film editor', async () => {
    const films = await adminApi<{ items: { id: number; slug: string }[] }>(
      '/api/admin/movies?pageSize=100',
    );
    const film = films.items.find((candidate) => candidate.slug === 'night-market')!;
    const tiers = await adminApi<{ items: PricingTier[] }>('/api/admin/pricing-tiers');
    const tier = tiers.items.find((candidate) => candidate.active)!;
    await page.goto(`${admin.url}/admin/films/${film.id}`);
    await page.selectOption('#field-pricingTierId', String(tier.id));
    await page.click('button[value="save"]');
    await page.waitForSelector('.saved-marker');
    const stored = await adminApi<{ pricingTierId: number | null; rentalRequired: boolean }>(
      `/api/admin/movies/${film.id}`,
    );
    expect(stored).toMatchObject({ pricingTierId: tier.id, rentalRequired: true });
  });

  it('refuses the rentals pages to a viewer', async () => {
    // Last: the admin's session goes, and a viewer signs in with the same browser.
    await chromium.browser.clearCookies();
    const viewer = await chromium.newPage();
    const { email, password } = await api.createAccount('viewer');
    await viewer.goto(`${admin.url}/signin`);
    await viewer.fill('#login-email', email);
    await viewer.fill('#login-password', password);
    await viewer.click('button[value="login"]');
    await viewer.waitForLoadState('networkidle');
    for (const path of ['/admin/pricing', '/admin/payments', '/admin/revenue']) {
      const response = await viewer.goto(`${admin.url}${path}`);
      expect(response?.status()).toBe(403);
    }
    await viewer.close();
  });
});
