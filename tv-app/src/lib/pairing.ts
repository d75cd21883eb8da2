import type { DeviceAuthorizationResponse } from '@lanxang/contracts';
import { getRoute } from '../services/client';
import { asAppError, type AppError } from '../services/errors';
import { pollDeviceToken, requestDeviceCode, type DeviceCodeResult } from '../services/oauth';
import {
  ensureAnonymousId,
  isSignedIn,
  signOut,
  storeTokens,
  storeUser,
  type AccountUser,
} from '../services/session';

export type PairingView =
  | { phase: 'starting' }
  | {
      phase: 'code';
      code: DeviceAuthorizationResponse;
      /** Local time the code stops working, from the API's `expires_in`. */
      expiresAt: number;
      /** The last poll could not reach the API; polling goes on. */
      unreachable: boolean;
    }
  | { phase: 'denied' }
  /** The API gives out no more codes to this network for now; a new one is asked for at `retryAt`. */
  | { phase: 'busy'; retryAt: number }
  | { phase: 'failed'; error: AppError }
  | { phase: 'welcome'; user: AccountUser | null };

/** RFC 8628 §3.5: what `slow_down` adds to the polling interval. */
const SLOW_DOWN_SECONDS = 5;

/**
 * The TV's half of the device authorization grant: ask for a code, poll at the server's interval
 * (longer after each `slow_down`), replace the code when it expires, and keep the tokens when a
 * person approves it. `stop()` cancels everything, including answers still in flight.
 */
export class Pairing {
  private generation = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private intervalSeconds = 5;
  /** Codes shown since `start()`; a test reads it to see a code replaced. */
  codesShown = 0;
  view: PairingView = { phase: 'starting' };

  constructor(private readonly onChange: (view: PairingView) => void) {}

  get pollingIntervalSeconds(): number {
    return this.intervalSeconds;
  }

  start(): void {
    this.codesShown = 0;
    void this.newCode();
  }

  stop(): void {
    this.generation += 1;
    clearTimeout(this.pollTimer);
    clearTimeout(this.expiryTimer);
  }

  private show(view: PairingView): void {
    this.view = view;
    this.onChange(view);
  }

  private async newCode(): Promise<void> {
    this.stop();
    const generation = this.generation;
    const current = () => generation === this.generation;
    this.show({ phase: 'starting' });
    let answer: DeviceCodeResult;
    try {
      answer = await requestDeviceCode(await ensureAnonymousId());
    } catch (error) {
      if (current()) this.show({ phase: 'failed', error: asAppError(error) });
      return;
    }
    if (!current()) return;
    if (!answer.ok) {
      this.show({ phase: 'busy', retryAt: Date.now() + answer.retryAfterSeconds * 1000 });
      this.expiryTimer = setTimeout(() => void this.newCode(), answer.retryAfterSeconds * 1000);
      return;
    }
    const { code } = answer;
    this.codesShown += 1;
    this.intervalSeconds = code.interval;
    this.show({
      phase: 'code',
      code,
      expiresAt: Date.now() + code.expires_in * 1000,
      unreachable: false,
    });
    // A fresh code the moment this one lapses, even if no poll has been told so yet.
    this.expiryTimer = setTimeout(() => void this.newCode(), code.expires_in * 1000);
    this.schedulePoll(generation, code);
  }

  private schedulePoll(generation: number, code: DeviceAuthorizationResponse): void {
    this.pollTimer = setTimeout(
      () => void this.poll(generation, code),
      this.intervalSeconds * 1000,
    );
  }

  private async poll(generation: number, code: DeviceAuthorizationResponse): Promise<void> {
    const current = () => generation === this.generation;
    let result: Awaited<ReturnType<typeof pollDeviceToken>>;
    try {
      result = await pollDeviceToken(code.device_code);
    } catch {
      if (!current() || this.view.phase !== 'code') return;
      this.show({ ...this.view, unreachable: true });
      this.schedulePoll(generation, code);
      return;
    }
    if (!current()) return;
    if (result.ok) {
      this.stop();
      // Pairing again while signed in switches accounts: end the old session first.
      if (isSignedIn()) await signOut();
      storeTokens(result.tokens);
      this.show({ phase: 'welcome', user: await this.fetchUser() });
      return;
    }
    switch (result.error) {
      case 'authorization_pending':
        break;
      case 'slow_down':
        this.intervalSeconds += SLOW_DOWN_SECONDS;
        break;
      case 'expired_token':
      case 'invalid_grant':
        // The code lapsed (or was spent): a new one, without the viewer asking.
        void this.newCode();
        return;
      case 'access_denied':
        this.stop();
        this.show({ phase: 'denied' });
        return;
      default:
        this.stop();
        this.show({
          phase: 'failed',
          error: asAppError(new Error(result.description ?? result.error)),
        });
        return;
    }
    if (this.view.phase === 'code' && this.view.unreachable) {
      this.show({ ...this.view, unreachable: false });
    }
    this.schedulePoll(generation, code);
  }

  /** The first authenticated call: the name for the welcome, kept for Settings. */
  private async fetchUser(): Promise<AccountUser | null> {
    try {
      const user = await getRoute('me');
      storeUser(user);
      return { displayName: user.displayName, email: user.email };
    } catch {
      return null;
    }
  }
}
