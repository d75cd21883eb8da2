import type { DeviceAuthorizationResponse, OAuthError, TokenResponse } from '@lanxang/contracts';
import { getConfig } from '../lib/config';
import { pathFor, type BodyOf, type ResponseOf } from './contract';
import { AppError } from './errors';

/** The OAuth client this app is registered as (RFC 8628 `client_id`). */
export const CLIENT_ID = 'lanxang-tv';
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
type OAuthRoute = 'deviceAuthorization' | 'token';
const TIMEOUT_MS = 10_000;

export type TokenResult =
  | { ok: true; tokens: TokenResponse }
  | { ok: false; error: OAuthError['error']; description?: string | undefined };

/**
 * POSTs a form to an RFC 6749 endpoint. OAuth errors (JSON `{ error }`, usually with 400) are
 * answers, not failures: they come back as `{ ok: false }`. Only a network or server failure throws.
 */
async function postForm<Name extends OAuthRoute>(
  name: Name,
  form: BodyOf<Name>,
  headers: Record<string, string> = {},
): Promise<
  | { ok: true; body: ResponseOf<Name> }
  | { ok: false; error: OAuthError; retryAfterSeconds: number | null }
> {
  const path = pathFor<OAuthRoute>(name);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`${getConfig().apiUrl}${path}`, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form as Record<string, string>).toString(),
    });
  } catch (error) {
    throw new AppError(
      navigator.onLine === false ? 'network' : 'unavailable',
      controller.signal.aborted ? 'timeout' : 'service_unavailable',
      error instanceof Error ? error.message : 'Network request failed',
    );
  } finally {
    clearTimeout(timer);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok && body) return { ok: true, body: body as ResponseOf<Name> };
  if (body && typeof (body as Partial<OAuthError>).error === 'string') {
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      ok: false,
      error: body as OAuthError,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    };
  }
  throw new AppError(
    'unavailable',
    `http_${response.status}`,
    `${path} answered ${response.status}`,
  );
}

export type DeviceCodeResult =
  | { ok: true; code: DeviceAuthorizationResponse }
  /** Too many codes asked for from this network (or waiting everywhere): ask again then. */
  | { ok: false; retryAfterSeconds: number };

/** Without a `Retry-After`, how long a refused TV waits before asking for a code again. */
const DEFAULT_RETRY_SECONDS = 60;

/** RFC 8628 §3.1. `anonymousId` lets the API move this TV's anonymous data on approval. */
export async function requestDeviceCode(
  anonymousId: string | undefined,
): Promise<DeviceCodeResult> {
  const answer = await postForm(
    'deviceAuthorization',
    { client_id: CLIENT_ID },
    anonymousId ? { 'X-Anonymous-Id': anonymousId } : {},
  );
  if (answer.ok) return { ok: true, code: answer.body };
  if (answer.error.error === 'slow_down') {
    return { ok: false, retryAfterSeconds: answer.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS };
  }
  throw new AppError('unavailable', answer.error.error, answer.error.error_description ?? '');
}

function asTokenResult(answer: Awaited<ReturnType<typeof postForm<'token'>>>): TokenResult {
  return answer.ok
    ? { ok: true, tokens: answer.body }
    : { ok: false, error: answer.error.error, description: answer.error.error_description };
}

/** RFC 8628 §3.4: one poll. */
export async function pollDeviceToken(deviceCode: string): Promise<TokenResult> {
  return asTokenResult(
    await postForm('token', {
      grant_type: DEVICE_CODE_GRANT,
      device_code: deviceCode,
      client_id: CLIENT_ID,
    }),
  );
}

/** RFC 6749 §6. The API rotates the refresh token: the one sent here is spent either way. */
export async function refreshTokens(refreshToken: string): Promise<TokenResult> {
  return asTokenResult(
    await postForm('token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: CLIENT_ID,
    }),
  );
}
