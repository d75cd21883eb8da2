import type { TestApp } from '@lanxang/api/testing';
import { startStandInBank, type StandInBank } from '@lanxang/api/stand-ins/bank';
import { screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENT_QR } from '../src/pages/Rent';
import { openApp, press, shot, state, waitForState, type TvHarness } from './support/app';
import { hasValidCrc, parseEmv } from './support/lao-qr';
import { movieId } from './support/media';
import { scanQrCode } from './support/qr';
import { startTvWithWeb, type TvWithWeb } from './support/web';

/**
 * Renting a film from the TV, end to end: the built TV app in Chromium (keyboard only), the real
 * API over PostgreSQL with the stand-in LAO QR bank it registers bills with and that calls its
 * webhook, signed, and the real web app's /rent page as the phone.
 */
const RENTAL_FILM = 'monsoon-letters';
const WEBHOOK_SECRET = 'rent-e2e-webhook-secret-of-32-characters-at-least';

let api: TestApp;
let bank: StandInBank;
let stack: TvWithWeb;
let webUrl: string;
let browser: LaunchedBrowser;
let harness: TvHarness;

type DetailsInfo = { slug: string; button: string; meta: string };
type RentInfo = {
  phase: 'starting' | 'pending' | 'paid' | 'expired' | 'failed' | 'error';
  paymentId: string | null;
  amount: number | null;
  phoneUrl: string | null;
  shortCode: string | null;
  qr: string | null;
  price: string;
  status: string;
};
const rent = (s: { page: unknown }) => s.page as RentInfo;
const details = (s: { page: unknown }) => s.page as DetailsInfo;

beforeAll(async () => {
  bank = await startStandInBank({ webhookSecret: WEBHOOK_SECRET });
  stack = await startTvWithWeb({
    env: { LAOQR_BASE_URL: bank.baseUrl, LAOQR_WEBHOOK_SECRET: WEBHOOK_SECRET },
  });
  ({ api, webUrl, harness } = stack);
  browser = harness.browser;
  bank.webhookUrl = `${api.url}/api/webhooks/laoqr`;
});

afterAll(async () => {
  await stack?.close();
  await bank?.close();
});

// Predicates given to `waitForState` run in the browser: they name the film literally.

/** The film's Details once its rental price has loaded, which must read `label`. */
async function rentalDetails(tv: Page, label: RegExp): Promise<DetailsInfo> {
  const shown = details(
    await waitForState(
      tv,
      (s) => s.route === 'movie/monsoon-letters' && (s.page as DetailsInfo).meta.includes('₭'),
    ),
  );
  expect(shown.meta).toMatch(label);
  return shown;
}

/** The Rent screen once its QR code is drawn. */
async function rentScreen(tv: Page): Promise<RentInfo> {
  return rent(
    await waitForState(
      tv,
      (s) =>
        s.route === 'rent/monsoon-letters' &&
        (s.page as RentInfo).phase === 'pending' &&
        (s.page as RentInfo).qr !== null,
    ),
  );
}

/** Enter on Rent, then the Rent screen. */
async function openRentScreen(tv: Page): Promise<RentInfo> {
  await press(tv, 'Enter');
  return rentScreen(tv);
}

describe('renting a film on the TV', () => {
  it('shows the price, a LAO QR for that amount that the bank pays, and plays within seconds', async () => {
    const tv = await openApp(harness, `movie/${RENTAL_FILM}`);
    const shown = await rentalDetails(tv, /₭15,000 · 24 hours/);
    expect(shown.button).toBe('Rent');
    await shot(tv, 'details-rental');

    const screen = await openRentScreen(tv);
    expect(screen.price).toBe('₭15,000 · 24 hours');
    expect(screen.phoneUrl).toBe(`${webUrl}/rent/${screen.shortCode}`);
    expect((await state(tv)).focusPath.at(-1)).toBe('Cancel');
    await shot(tv, 'rent');

    // The code on screen, scanned from pixels: a dynamic LAO QR for 15,000 kip with a good CRC.
    const payload = await scanQrCode(tv, browser, {
      x: RENT_QR.x - 20,
      y: RENT_QR.y - 20,
      width: RENT_QR.size + 40,
      height: RENT_QR.size + 40,
    });
    expect(payload).toBe(screen.qr);
    expect(hasValidCrc(payload)).toBe(true);
    const fields = parseEmv(payload);
    expect(fields.get('00')).toBe('01');
    expect(fields.get('01')).toBe('12');
    expect(fields.get('53')).toBe('418');
    expect(Number(fields.get('54'))).toBe(15000);
    expect(fields.get('58')).toBe('LA');
    expect(fields.get('59')).toBeTruthy();
    expect(fields.get('60')).toBeTruthy();
    const merchantAccount = [...fields].find(([id]) => Number(id) >= 26 && Number(id) <= 51);
    expect(merchantAccount).toBeDefined();
    const billNumber = parseEmv(fields.get('62') ?? '').get('01');
    expect(billNumber).toBe(screen.paymentId);

    // The bank's own page pays the pending QR; the TV learns of it by itself.
    const bankPage = await browser.newPage();
    await bankPage.goto(bank.baseUrl);
    const paidAt = Date.now();
    await bankPage.click(`form[action="/pay/${billNumber}"] button`);
    await bankPage.waitForURL(`${bank.baseUrl}/`);
    const paid = await waitForState(tv, (s) => (s.page as RentInfo).phase === 'paid', 5000);
    expect(Date.now() - paidAt).toBeLessThan(5000);
    expect(paid.focusPath.at(-1)).toBe('Play');
    await shot(tv, 'rent-paid');
    await bankPage.close();

    await press(tv, 'Enter');
    const playing = await waitForState(
      tv,
      (s) => s.route === 'play/monsoon-letters' && (s.player?.currentTime ?? 0) > 0.5,
      20_000,
    );
    expect(playing.error).toBeNull();
    await shot(tv, 'rent-playing');

    // Back leaves the film for its Details (Rent is not in history): rented now, with time left.
    await press(tv, 'Escape');
    await waitForState(tv, (s) => s.route === 'movie/monsoon-letters');
    const rented = details(
      await waitForState(tv, (s) => /Rented/.test((s.page as DetailsInfo).meta ?? '')),
    );
    expect(rented.button).toBe('Play');
    expect(rented.meta).toMatch(/Rented · 2[34] h \d+ min left/);
    await shot(tv, 'details-rented');

    // Home has a "My rentals" row while the rental runs, below Continue watching when the film
    // stopped part-way (how far it got depends on the machine); focus lands on the film there.
    await press(tv, 'Escape');
    let home = await waitForState(
      tv,
      (s) =>
        s.route === 'home' &&
        s.focusPath.some((name) => name === 'Row-my-rentals' || name === 'Row-continue-watching'),
    );
    if (!home.focusPath.includes('Row-my-rentals')) {
      // Down once the row is there: it is fetched as Home appears, and a press before it arrives
      // moves on to the catalog's first row (as it would for a viewer).
      await waitForState(tv, (s) =>
        (s.page as { rowIds?: string[] }).rowIds!.includes('my-rentals'),
      );
      await press(tv, 'ArrowDown');
      home = await waitForState(
        tv,
        (s) => s.route === 'home' && s.focusPath.includes('Row-my-rentals'),
      );
    }
    expect((home.page as { focusedSlug?: string }).focusedSlug).toBe(RENTAL_FILM);
    // The row is built anew when the rentals arrive: its poster loads, not a blank card.
    await waitForState(
      tv,
      (s) =>
        s.focusPath.includes('Row-my-rentals') &&
        (s.page as { focusedPosterSettled?: boolean }).focusedPosterSettled === true,
    );
    await shot(tv, 'home-my-rentals');
    await tv.close();
    // Rent, scan, pay, play, and back through Details to Home: long on a busy two-core machine.
  }, 120_000);

  it('a free promo code entered on the phone rents the film, in Lao, and the TV offers Play', async () => {
    const created = await fetch(`${api.url}/api/admin/promo-codes`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${harness.admin.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        code: 'SABAIDEE',
        kind: 'free',
        movieId: await movieId(harness.admin, RENTAL_FILM),
      }),
    });
    expect(created.status).toBe(201);

    // Another TV (a new anonymous viewer, who has rented nothing), set to Lao.
    const tv = await browser.newPage();
    await tv.addInitScript(() => {
      window.localStorage.clear();
      window.localStorage.setItem('lanxang.locale', 'lo');
    });
    await tv.goto(`${harness.appUrl}/#movie/${RENTAL_FILM}`);
    await waitForState(tv, (s) => s.ready && s.locale === 'lo');
    const shown = await rentalDetails(tv, /₭15\.000 · 24 ຊົ່ວໂມງ/);
    expect(shown.button).toBe('ເຊົ່າ');
    const screen = await openRentScreen(tv);
    expect(screen.price).toBe('₭15.000 · 24 ຊົ່ວໂມງ');
    await shot(tv, 'rent-lo');

    const phone = await browser.newPage();
    await phone.setViewportSize({ width: 420, height: 900 });
    await phone.goto(screen.phoneUrl!);
    await phone.waitForSelector('[data-testid="rent-amount"]');
    expect(await phone.textContent('[data-testid="rent-amount"]')).toBe('₭15,000 · 24 hours');
    expect(await phone.textContent('h2.rent-film')).toBe('Monsoon Letters');
    await phone.fill('#promo-code', 'sabaidee');
    await phone.click('button[value="promo"]');
    await phone.waitForSelector('.outcome-ok');
    expect(await phone.textContent('.outcome-ok h2')).toBe('The film is rented');
    await screenshot(phone, 'phone-rent-free-promo');

    const paid = await waitForState(tv, (s) => (s.page as RentInfo).phase === 'paid', 5000);
    expect(paid.focusPath.at(-1)).toBe('Play');
    await shot(tv, 'rent-paid-lo');

    // The phone page refuses a wrong code with a reason, on a fresh payment of the other TV.
    await phone.goto(`${webUrl}/rent/ZZZZZZ`);
    await phone.waitForSelector('[role="alert"]');
    expect(await phone.textContent('[role="alert"]')).toContain('No TV is showing that code');
    await phone.close();
    await tv.close();
  });

  it('opens the Rent screen, not an error, for a link that plays a film not rented', async () => {
    const tv = await openApp(harness, `play/${RENTAL_FILM}`);
    const screen = await rentScreen(tv);
    expect(screen.price).toContain('₭15,000');
    expect((await state(tv)).error).toBeNull();
    await tv.close();
  });

  it('Back on the Rent screen cancels the payment and returns to the film', async () => {
    const tv = await openApp(harness, `movie/${RENTAL_FILM}`);
    await rentalDetails(tv, /₭15,000/);
    const screen = await openRentScreen(tv);
    await press(tv, 'Escape');
    await waitForState(tv, (s) => s.route === 'movie/monsoon-letters');
    await expect
      .poll(async () => bank.bills.get(screen.paymentId!)?.status ?? 'gone')
      .not.toBe('paid');
    const anonymousId = await tv.evaluate(() =>
      JSON.parse(window.localStorage.getItem('lanxang.anonymousId') ?? '{}'),
    );
    const payment = await fetch(`${api.url}/api/payments/${screen.paymentId}`, {
      headers: { 'x-anonymous-id': (anonymousId as { anonymousId: string }).anonymousId },
    });
    expect(((await payment.json()) as { status: string }).status).toBe('failed');
    await tv.close();
  });
});
