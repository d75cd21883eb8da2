import type { TestApp } from '@lanxang/api/testing';
import type { LaunchedBrowser, Page } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, press, shot, state, waitForState, type TvHarness } from './support/app';
import { scanQrCode } from './support/qr';
import { startTvWithWeb, type TvWithWeb } from './support/web';

/**
 * Pairing the TV with an account, end to end: the built TV app in Chromium (keyboard only), the
 * real API over PostgreSQL, and the real web app's /activate page in a second tab, the "phone".
 * The API's clock is real time plus whatever a test skips ahead, so expiry needs no waiting.
 */
let skippedMs = 0;
let api: TestApp;
let stack: TvWithWeb;
let webUrl: string;
let browser: LaunchedBrowser;
let harness: TvHarness;
let tv: Page;
let phone: Page;

/** What the TV asked the API, as the API answered it. */
interface Call {
  method: string;
  path: string;
  status: number;
  authorization: string | undefined;
  anonymousId: string | undefined;
  form: URLSearchParams;
}
const calls: Call[] = [];

type SignInInfo = {
  phase: 'starting' | 'code' | 'denied' | 'busy' | 'failed' | 'welcome';
  userCode: string | null;
  verificationUri: string | null;
  qr: string | null;
  secondsLeft: number | null;
  intervalSeconds: number;
  codesShown: number;
  welcome: string | null;
};
type SettingsInfo = { section: string; account: string | null };
const signIn = (s: { page: unknown }) => s.page as SignInInfo;

beforeAll(async () => {
  stack = await startTvWithWeb({ clock: () => new Date(Date.now() + skippedMs) });
  ({ api, webUrl, harness } = stack);
  browser = harness.browser;
  phone = await browser.newPage();
  await phone.setViewportSize({ width: 800, height: 900 });
});

afterAll(async () => {
  await stack?.close();
});

function recordCalls(page: Page): void {
  page.on('response', async (response) => {
    const request = response.request();
    const url = new URL(request.url());
    if (!url.href.startsWith(api.url)) return;
    const headers = await request.allHeaders();
    calls.push({
      method: request.method(),
      path: url.pathname,
      status: response.status(),
      authorization: headers.authorization,
      anonymousId: headers['x-anonymous-id'],
      form: new URLSearchParams(request.postData() ?? ''),
    });
  });
}

/** The sign-in screen's QR code, scanned. */
const scanSignInQr = (page: Page) =>
  scanQrCode(page, browser, { x: 1260, y: 160, width: 580, height: 580 });

async function phoneEntersCode(code: string): Promise<void> {
  await phone.goto(`${webUrl}/activate`);
  await phone.fill('#user-code', code);
  await phone.click('button[value="lookup"]');
  await phone.waitForSelector('button[value="approve"]');
}

/** Out of Settings to Home and back in, with the remote. */
async function leaveAndReturnToSettings(page: Page): Promise<void> {
  await press(page, 'ArrowLeft');
  await press(page, 'Escape');
  await waitForState(page, (s) => s.route === 'home' && s.ready);
  await press(page, 'ArrowUp', 2);
  await press(page, 'ArrowRight');
  await press(page, 'Enter');
  await waitForState(page, (s) => s.route === 'settings' && s.ready);
}

describe('signing the TV in with a code', () => {
  it('shows a code and a QR code; a person signs up at /activate, approves, and the TV is signed in', async () => {
    tv = await openApp(harness, 'settings');
    recordCalls(tv);
    await press(tv, 'ArrowDown', 2);
    let current = await state(tv);
    expect(current.page as SettingsInfo).toEqual({ section: 'account', account: null });
    await shot(tv, 'settings-signed-out');
    await press(tv, 'ArrowRight');
    await press(tv, 'Enter');
    current = await waitForState(
      tv,
      // Runs in the page. On a return to the screen the previous code stays, greyed out, while a
      // new one is fetched: wait for the new code with its own QR code drawn.
      (s) => {
        const page = s.page as { userCode: string | null; qr: string | null };
        return (
          s.route === 'signin' &&
          page.userCode !== null &&
          page.qr !== null &&
          page.qr.endsWith(`code=${page.userCode}`)
        );
      },
    );
    const shown = signIn(current);
    expect(shown.phase).toBe('code');
    expect(shown.userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(shown.verificationUri).toBe(`${webUrl}/activate`);
    expect(shown.secondsLeft).toBeGreaterThan(0);
    expect(current.focusPath.at(-1)).toBe('NewCode');
    await shot(tv, 'signin');

    // The QR code on screen, scanned: the activation link with this very code.
    const link = await scanSignInQr(tv);
    expect(link).toBe(`${webUrl}/activate?code=${shown.userCode}`);
    // The TV asked as its anonymous viewer, so what it owns moves to the account.
    const asked = calls.find((call) => call.path === '/oauth/device_authorization');
    expect(asked?.anonymousId).toBeTruthy();
    expect(asked?.form.get('client_id')).toBe('lanxang-tv');

    await phone.goto(link);
    await phone.click('details.card summary');
    await phone.fill('#register-name', 'Noy');
    await phone.fill('#register-email', 'noy@example.com');
    await phone.fill('#register-password', 'mekong-evenings');
    await phone.click('button[value="register"]');
    await phone.waitForSelector('#user-code');
    expect(await phone.inputValue('#user-code')).toBe(shown.userCode);
    await phone.click('button[value="lookup"]');
    await phone.click('button[value="approve"]');
    await phone.waitForSelector('.outcome-ok');

    current = await waitForState(
      tv,
      (s) => (s.page as { phase: string }).phase === 'welcome',
      30_000,
    );
    expect(signIn(current).welcome).toBe('Welcome, Noy');
    expect(current.focusPath.at(-1)).toBe('Continue');
    await shot(tv, 'signin-welcome');
    const polls = calls.filter((call) => call.path === '/oauth/token');
    expect(polls.at(-1)?.status).toBe(200);
    expect(
      polls.every((call) => call.form.get('device_code') === polls[0]!.form.get('device_code')),
    ).toBe(true);

    // Continue goes back to Settings, whose next call is made as the account.
    const before = calls.length;
    await press(tv, 'Enter');
    current = await waitForState(
      tv,
      (s) => s.route === 'settings' && (s.page as SettingsInfo).account === 'Noy',
    );
    await expect
      .poll(() => calls.slice(before).find((call) => call.path === '/api/auth/me'))
      .toMatchObject({ status: 200, authorization: expect.stringMatching(/^Bearer \S+$/) });
    expect(current.focusPath).toContain('Options');
    await shot(tv, 'settings-signed-in');
  });

  it('refreshes a spent access token once, then signs out on the server too', async () => {
    // Two hours on: the one-hour access token is spent, the refresh token is not.
    skippedMs += 2 * 3600 * 1000;
    const before = calls.length;
    await leaveAndReturnToSettings(tv);
    // Home asks for the viewer's Continue watching and rentals on the way (issues 11 and 12): the
    // first of those calls is refused, and Settings' may be refused too while the one refresh is
    // under way; all then succeed.
    const seen = () =>
      calls
        .slice(before)
        .filter((call) =>
          ['/api/watch-progress', '/api/rentals', '/api/auth/me', '/oauth/token'].includes(
            call.path,
          ),
        )
        .map((call) => `${call.path} ${call.status}`);
    await expect.poll(seen).toContain('/api/auth/me 200');
    expect(seen()[0]).toMatch(/^\/api\/(watch-progress|rentals) 401$/);
    expect(seen().filter((call) => call.startsWith('/oauth/token'))).toEqual(['/oauth/token 200']);
    expect(
      seen()
        .filter((call) => call.startsWith('/api/auth/me'))
        .at(-1),
    ).toBe('/api/auth/me 200');
    const refresh = calls.slice(before).find((call) => call.path === '/oauth/token')!;
    expect(refresh.form.get('grant_type')).toBe('refresh_token');
    expect(((await state(tv)).page as SettingsInfo).account).toBe('Noy');

    const tokens = await tv.evaluate(() => window.localStorage.getItem('lanxang.account'));
    const { accessToken } = JSON.parse(tokens ?? '{}') as { accessToken: string };
    // Focus is still on Account; its one option is Sign out.
    await press(tv, 'ArrowRight');
    await press(tv, 'Enter');
    await waitForState(tv, (s) => (s.page as SettingsInfo).account === null);
    expect(await tv.evaluate(() => window.localStorage.getItem('lanxang.account'))).toBeNull();
    const me = await fetch(`${api.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(401);
    await shot(tv, 'settings-signed-out-again');
  });

  it('replaces an expired code by itself, and Back stops polling', async () => {
    await press(tv, 'Enter');
    let current = await waitForState(
      tv,
      (s) => s.route === 'signin' && (s.page as { phase: string }).phase === 'code',
    );
    const first = signIn(current).userCode;
    expect(signIn(current).codesShown).toBe(1);
    // Eleven minutes on for the API: the next poll hears expired_token.
    skippedMs += 11 * 60 * 1000;
    current = await waitForState(
      tv,
      (s) =>
        (s.page as { codesShown: number }).codesShown === 2 &&
        (s.page as { phase: string }).phase === 'code',
      30_000,
    );
    expect(signIn(current).userCode).not.toBe(first);
    expect(current.focusPath.at(-1)).toBe('NewCode');

    await press(tv, 'Escape');
    current = await waitForState(tv, (s) => s.route === 'settings' && s.ready);
    expect(current.focusPath).toContain('Options');
    const polled = calls.filter((call) => call.path === '/oauth/token').length;
    // Two polling intervals with the screen gone: not one more poll.
    await tv.waitForTimeout(2 * 5000 + 1000);
    expect(calls.filter((call) => call.path === '/oauth/token').length).toBe(polled);
  });

  it('says so when the person refuses, and offers a new code', async () => {
    await press(tv, 'Enter');
    let current = await waitForState(
      tv,
      (s) => s.route === 'signin' && (s.page as { phase: string }).phase === 'code',
    );
    const refused = signIn(current).userCode!;
    await phoneEntersCode(refused);
    await phone.click('button[value="deny"]');
    await phone.waitForSelector('.outcome');
    current = await waitForState(
      tv,
      (s) => (s.page as { phase: string }).phase === 'denied',
      30_000,
    );
    expect(current.focusPath.at(-1)).toBe('NewCode');
    await shot(tv, 'signin-denied');

    await press(tv, 'Enter');
    current = await waitForState(
      tv,
      (s) => (s.page as { phase: string; userCode: string | null }).phase === 'code',
    );
    expect(signIn(current).userCode).not.toBe(refused);
    await press(tv, 'Escape');
    await waitForState(tv, (s) => s.route === 'settings' && s.ready);
  });

  it('says when this network has asked for too many codes, and gets one once it may', async () => {
    // Other devices on the same network (the same IP to the API) fill its pending codes.
    let refusal: Response | undefined;
    for (let tries = 0; tries < 30 && !refusal; tries++) {
      const answer = await fetch(`${api.url}/oauth/device_authorization`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'client_id=lanxang-tv',
      });
      if (answer.status === 429) refusal = answer;
    }
    expect(refusal?.headers.get('retry-after')).toMatch(/^\d+$/);

    await press(tv, 'Enter');
    let current = await waitForState(
      tv,
      (s) => s.route === 'signin' && (s.page as { phase: string }).phase === 'busy',
    );
    const busy = current.page as { status: string; secondsLeft: number; userCode: string | null };
    expect(busy.status).toContain('Too many sign-in codes');
    // The wait the API asked for (the first waiting code's expiry), not a guess.
    expect(busy.secondsLeft).toBeGreaterThan(Number(refusal!.headers.get('retry-after')) - 30);
    expect(busy.userCode).toBeNull();
    expect(current.focusPath.at(-1)).toBe('NewCode');
    await shot(tv, 'signin-too-many-codes');

    // The waiting codes expire; asking again now gets one.
    skippedMs += 11 * 60 * 1000;
    await press(tv, 'Enter');
    current = await waitForState(tv, (s) => (s.page as { phase: string }).phase === 'code');
    expect(signIn(current).userCode).toMatch(/\w/);
    await press(tv, 'Escape');
    await waitForState(tv, (s) => s.route === 'settings' && s.ready);
  });
});

describe('in Lao', () => {
  it('shows the sign-in screen in Lao, the code and link unchanged', async () => {
    // From Account's options: back to the sections, up to Language, pick ລາວ.
    await press(tv, 'ArrowLeft');
    await press(tv, 'ArrowUp', 2);
    await press(tv, 'ArrowRight');
    await press(tv, 'ArrowDown');
    await press(tv, 'Enter');
    await waitForState(tv, (s) => s.locale === 'lo');
    await press(tv, 'ArrowLeft');
    await press(tv, 'ArrowDown', 2);
    await shot(tv, 'settings-account-lao');
    await press(tv, 'ArrowRight');
    await press(tv, 'Enter');
    const current = await waitForState(
      tv,
      // Runs in the page. On a return to the screen the previous code stays, greyed out, while a
      // new one is fetched: wait for the new code with its own QR code drawn.
      (s) => {
        const page = s.page as { userCode: string | null; qr: string | null };
        return (
          s.route === 'signin' &&
          page.userCode !== null &&
          page.qr !== null &&
          page.qr.endsWith(`code=${page.userCode}`)
        );
      },
    );
    expect(signIn(current).userCode).toMatch(
      /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/,
    );
    expect(await scanSignInQr(tv)).toBe(`${webUrl}/activate?code=${signIn(current).userCode}`);
    await shot(tv, 'signin-lao');
    await press(tv, 'Escape');
    await waitForState(tv, (s) => s.route === 'settings' && s.ready);
  });
});
