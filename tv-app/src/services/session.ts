import type { TokenResponse, User } from '@lanxang/contracts';
import { getConfig } from '../lib/config';
import { pathFor, type ResponseOf } from './contract';
import { refreshTokens } from './oauth';

/**
 * Who this TV is to the API: a paired account (bearer access token + rotating refresh token) or,
 * until then, an anonymous viewer (`X-Anonymous-Id`, signed by the API, 90 days). Both live in
 * localStorage so a restart keeps them; every read tolerates storage that is gone or corrupt.
 */
export interface AccountUser {
  displayName: string;
  email: string;
}

interface StoredAccount {
  accessToken: string;
  refreshToken: string;
  /** Filled from `GET /api/auth/me` right after pairing; null until then. */
  user: AccountUser | null;
}

interface StoredAnonymousId {
  anonymousId: string;
  expiresAt: string;
}

const KEYS = { account: 'lanxang.account', anonymousId: 'lanxang.anonymousId' } as const;
export const ANONYMOUS_ID_HEADER = 'X-Anonymous-Id';
/** Renew the anonymous id when less than this is left of its 90 days. */
const RENEW_ANONYMOUS_ID_MS = 30 * 24 * 3600 * 1000;

function readJson<T>(key: string, valid: (value: Partial<T>) => boolean): T | null {
  try {
    const value = JSON.parse(window.localStorage.getItem(key) ?? 'null') as Partial<T> | null;
    return value && typeof value === 'object' && valid(value) ? (value as T) : null;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session still works until the app closes.
  }
}

const readAccount = () =>
  readJson<StoredAccount>(
    KEYS.account,
    (value) => typeof value.accessToken === 'string' && typeof value.refreshToken === 'string',
  );

const readAnonymousId = () =>
  readJson<StoredAnonymousId>(
    KEYS.anonymousId,
    (value) => typeof value.anonymousId === 'string' && typeof value.expiresAt === 'string',
  );

export function signedInUser(): AccountUser | null {
  return readAccount()?.user ?? null;
}

export function isSignedIn(): boolean {
  return readAccount() !== null;
}

/** Whether the TV has anything of its own on the API: an account or a valid anonymous id. */
export function hasViewerIdentity(): boolean {
  return Object.keys(credentialHeaders()).length > 0;
}

/** What to send with an API call: the bearer token when signed in, else the anonymous id. */
export function credentialHeaders(): Record<string, string> {
  const account = readAccount();
  if (account) return { authorization: `Bearer ${account.accessToken}` };
  const anonymous = readAnonymousId();
  if (anonymous && Date.parse(anonymous.expiresAt) > Date.now()) {
    return { [ANONYMOUS_ID_HEADER]: anonymous.anonymousId };
  }
  return {};
}

/** Pairing succeeded: keep the tokens. The anonymous viewer's data now belongs to the account. */
export function storeTokens(tokens: TokenResponse): void {
  writeJson(KEYS.account, {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    user: null,
  } satisfies StoredAccount);
}

export function storeUser(user: Pick<User, 'displayName' | 'email'>): void {
  const account = readAccount();
  if (!account) return;
  writeJson(KEYS.account, {
    ...account,
    user: { displayName: user.displayName, email: user.email },
  } satisfies StoredAccount);
}

export function forgetAccount(): void {
  writeJson(KEYS.account, null);
}

export function forgetAnonymousId(): void {
  writeJson(KEYS.anonymousId, null);
}

let refreshing: Promise<boolean> | null = null;

/**
 * After a 401: trade the refresh token for new tokens, once, however many requests failed together
 * (refresh tokens rotate, and presenting a spent one signs the device out). Answers whether the
 * caller should retry. The server refusing the refresh token signs this TV out here too; a network
 * failure keeps the tokens and throws, since the session may well be fine.
 *
 * No refresh ahead of expiry: TV clocks are often wrong by hours, so the API's 401 is the only
 * trustworthy sign that the access token is spent.
 */
export function refreshAfterUnauthorized(rejectedAccessToken: string): Promise<boolean> {
  const account = readAccount();
  if (!account) return Promise.resolve(false);
  // Another request already refreshed while this one was in flight.
  if (account.accessToken !== rejectedAccessToken) return Promise.resolve(true);
  refreshing ??= (async () => {
    try {
      const result = await refreshTokens(account.refreshToken);
      if (!result.ok) {
        forgetAccount();
        return false;
      }
      writeJson(KEYS.account, {
        ...account,
        accessToken: result.tokens.access_token,
        refreshToken: result.tokens.refresh_token,
      } satisfies StoredAccount);
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Ends the session on the server (best effort: an unreachable API must not keep the TV signed in). */
export async function signOut(): Promise<void> {
  const account = readAccount();
  forgetAccount();
  if (!account) return;
  try {
    await fetch(`${getConfig().apiUrl}${pathFor('logout')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
  } catch {
    // Signed out here; the server session lapses on its own or is revoked from /account.
  }
}

/**
 * The anonymous viewer id, made on first need and renewed when it has less than 30 days left.
 * Undefined when the API cannot be reached: pairing still works, only nothing moves on approval.
 */
export function ensureAnonymousId(): Promise<string | undefined> {
  // One request at a time: boot and the first rental call may both ask before either is stored.
  issuing ??= issueAnonymousId().finally(() => (issuing = null));
  return issuing;
}

let issuing: Promise<string | undefined> | null = null;

async function issueAnonymousId(): Promise<string | undefined> {
  const stored = readAnonymousId();
  const expiresAt = stored ? Date.parse(stored.expiresAt) : 0;
  if (stored && expiresAt - Date.now() > RENEW_ANONYMOUS_ID_MS) return stored.anonymousId;
  const valid = stored && expiresAt > Date.now() ? stored : null;
  try {
    const response = await fetch(`${getConfig().apiUrl}${pathFor('createAnonymousId')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(valid ? { anonymousId: valid.anonymousId } : {}),
    });
    if (!response.ok) {
      // A forged or expired id is refused: start over with a new one next time.
      if (valid && response.status < 500) forgetAnonymousId();
      return valid?.anonymousId;
    }
    const issued = (await response.json()) as ResponseOf<'createAnonymousId'>;
    writeJson(KEYS.anonymousId, { anonymousId: issued.anonymousId, expiresAt: issued.expiresAt });
    return issued.anonymousId;
  } catch {
    return valid?.anonymousId;
  }
}
