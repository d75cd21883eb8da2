import { createTestApp, type TestApp } from '@lanxang/api/testing';
import type { DeviceAuthorizationResponse, TokenResponse, User } from '@lanxang/contracts';
import { launchChromium, screenshot, type LaunchedBrowser, type Page } from '@lanxang/testing';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAdmin, type AdminServer } from '@lanxang/testing/admin-server';

declare global {
  interface Window {
    axe: typeof axe;
  }
}

/** The API's clock runs with real time, plus whatever the test skips ahead. */
let skippedMs = 0;
let api: TestApp;
let admin: AdminServer;
let chromium: LaunchedBrowser;
let tv: Page;
let phone: Page;

beforeAll(async () => {
  api = await createTestApp(inject('postgresAdminUrl'), {
    clock: () => new Date(Date.now() + skippedMs),
  });
  [admin, chromium] = await Promise.all([
    startAdmin(api.url),
    launchChromium({ viewport: { width: 800, height: 900 } }),
  ]);
  [tv, phone] = await Promise.all([chromium.newPage(), chromium.newPage()]);
  // The TV's part: a page on the API's own origin calling the OAuth endpoints, as the TV app will.
  await tv.goto(`${api.url}/api/health`);
});

afterAll(async () => {
  await chromium?.close();
  await admin?.stop();
  await api?.close();
});

/** RFC 8628 §3.1 from the TV page. */
const askToPair = () =>
  tv.evaluate(async () => {
    const response = await fetch('/oauth/device_authorization', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'lanxang-tv' }),
    });
    return (await response.json()) as DeviceAuthorizationResponse;
  });

/** RFC 8628 §3.4–3.5 from the TV page: polls at the server's interval, honouring slow_down. */
const pollForTokens = (pairing: DeviceAuthorizationResponse) =>
  tv.evaluate(async ({ device_code, interval }) => {
    let wait = interval;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      const response = await fetch('/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code,
          client_id: 'lanxang-tv',
        }),
      });
      const body = (await response.json()) as TokenResponse & { error?: string };
      if (response.ok) return body;
      if (body.error === 'slow_down') wait += 5;
      else if (body.error !== 'authorization_pending')
        throw new Error(`pairing failed: ${body.error}`);
    }
  }, pairing);

const meFromTv = (accessToken: string) =>
  tv.evaluate(async (token) => {
    const response = await fetch('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as User };
  }, accessToken);

async function expectNoSeriousAxeViolations(page: Page) {
  await page.addScriptTag({ content: axe.source });
  const { violations } = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id);
  expect(serious).toEqual([]);
}

const mainText = () => phone.locator('main').innerText();
const submitCode = async (code: string) => {
  await phone.fill('#user-code', code);
  await phone.click('button[value="lookup"]');
};

describe('pairing a TV in Chromium', () => {
  it('the TV shows a code; a person signs up at /activate, approves, and the TV is signed in', async () => {
    const pairing = await askToPair();
    expect(pairing.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    const tokens = pollForTokens(pairing);

    // The QR code's link, opened on a phone: the code arrives prefilled after signing up.
    const activateLink = new URL(pairing.verification_uri_complete);
    await phone.goto(`${admin.url}${activateLink.pathname}${activateLink.search}`);
    expect(await mainText()).toContain('Sign in or create an account first');
    await screenshot(phone, 'activate-signed-out');
    await expectNoSeriousAxeViolations(phone);

    await phone.click('details.card summary');
    await phone.fill('#register-name', 'Noy');
    await phone.fill('#register-email', 'noy@example.com');
    await phone.fill('#register-password', 'mekong-evenings');
    await phone.click('button[value="register"]');
    await phone.waitForSelector('#user-code');
    expect(await phone.inputValue('#user-code')).toBe(pairing.user_code);
    expect(await mainText()).toContain('Signed in as Noy');
    await screenshot(phone, 'activate-enter-code');

    await phone.click('button[value="lookup"]');
    await phone.waitForSelector('button[value="approve"]');
    expect(await mainText()).toMatch(
      /Lanxang TV on (Chrome|a Chromium TV browser), asked (now|\d+ seconds? ago)/,
    );
    expect(await phone.locator('.code-echo').innerText()).toBe(pairing.user_code);
    await screenshot(phone, 'activate-confirm');
    await expectNoSeriousAxeViolations(phone);

    await phone.click('button[value="approve"]');
    await phone.waitForSelector('.outcome-ok');
    expect(await phone.locator('main h1').innerText()).toBe('Your TV is signed in');
    await screenshot(phone, 'activate-approved');

    const granted = await tokens;
    expect(granted.token_type).toBe('Bearer');
    const me = await meFromTv(granted.access_token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'noy@example.com', displayName: 'Noy', role: 'viewer' });

    // The same code again: used.
    await phone.goto(`${admin.url}/activate`);
    await submitCode(pairing.user_code.toLowerCase());
    await phone.waitForSelector('.form-error');
    expect(await phone.locator('.form-error').innerText()).toBe(
      'That code has already been used. Ask the TV for a new one.',
    );

    // The account page lists the TV; signing it out there stops its very next request.
    await phone.goto(`${admin.url}/account`);
    expect(await phone.locator('.device-list li').count()).toBe(1);
    expect(await phone.locator('.device-list').innerText()).toContain('Lanxang TV');
    await screenshot(phone, 'account-devices');
    await expectNoSeriousAxeViolations(phone);
    await phone.click('.device-list button[value="revoke"]');
    await phone.waitForSelector('.form-ok');
    // The list is revalidated after the action: it goes, and the way to activate a TV takes its place.
    await phone.waitForSelector('.device-list', { state: 'detached' });
    expect(await mainText()).toContain('No TV is signed in to your account yet.');
    expect((await meFromTv(granted.access_token)).status).toBe(401);
  });

  it('says clearly when a code is wrong or expired', async () => {
    await phone.goto(`${admin.url}/activate`);
    await submitCode('BBBB-BBBB');
    await phone.waitForSelector('.form-error');
    expect(await phone.locator('.form-error').innerText()).toBe(
      'No TV is showing that code. Check the letters and try again.',
    );
    await screenshot(phone, 'activate-wrong-code');

    await submitCode('BCD');
    await phone.waitForFunction(() =>
      document.querySelector('.form-error')?.textContent?.startsWith('A code is 8 letters'),
    );

    const pairing = await askToPair();
    skippedMs += 11 * 60 * 1000;
    await submitCode(pairing.user_code);
    await phone.waitForFunction(() =>
      document.querySelector('.form-error')?.textContent?.includes('expired'),
    );
    expect(await phone.locator('.form-error').innerText()).toBe(
      'That code has expired. The TV shows a new one: enter that.',
    );
  });

  it('renews the session cookie when a page is loaded after more than an hour', async () => {
    skippedMs += 2 * 3600 * 1000;
    const response = await phone.goto(`${admin.url}/account`);
    const session = (await response!.headersArray()).find(
      (header) =>
        header.name.toLowerCase() === 'set-cookie' && header.value.startsWith('lanxang_session='),
    );
    expect(session?.value).toMatch(
      /^lanxang_session=lxs_[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/,
    );
    // 30 days from this load, give or take the moment between the API renewing it and answering.
    const maxAge = Number(/Max-Age=(\d+)/.exec(session?.value ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(30 * 24 * 3600 - 3600); // unrenewed, it would be 2 h 11 min shorter
    expect(maxAge).toBeLessThanOrEqual(30 * 24 * 3600);
  });

  it('speaks Lao, and the account keeps the language', async () => {
    await phone.goto(`${admin.url}/account`);
    await phone.selectOption('#preferred-locale', 'lo');
    await phone.click('button[value="language"]');
    await phone.waitForFunction(() => document.documentElement.lang === 'lo');
    expect(await phone.locator('main h1').innerText()).toBe('ບັນຊີຂອງທ່ານ');
    await screenshot(phone, 'account-lao');
    await phone.goto(`${admin.url}/activate`);
    expect(await phone.locator('main h1').innerText()).toBe('ເປີດໃຊ້ໂທລະທັດ');
    await screenshot(phone, 'activate-lao');
    const me = await phone.evaluate(() => document.documentElement.lang);
    expect(me).toBe('lo');
  });

  it('keeps viewers out of the admin (403) and sends signed-out people to sign in', async () => {
    const asViewer = await phone.goto(`${admin.url}/admin/films`);
    expect(asViewer?.status()).toBe(403);
    await phone.goto(`${admin.url}/account`);
    await phone.click('button[value="logout"]');
    await phone.waitForURL(`${admin.url}/`);
    await phone.goto(`${admin.url}/admin/films`);
    expect(new URL(phone.url()).pathname).toBe('/signin');
    expect(new URL(phone.url()).searchParams.get('redirectTo')).toBe('/admin/films');
    await screenshot(phone, 'signin');
  });
});
