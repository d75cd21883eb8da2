import type { Problem } from '@lanxang/contracts';
import { getConfig } from '../lib/config';
import { noteServerTime } from '../lib/server-time';
import {
  methodOf,
  pathFor,
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
  type TvRoute,
} from './contract';
import { AppError } from './errors';
import { credentialHeaders, forgetAnonymousId, refreshAfterUnauthorized } from './session';

const TIMEOUT_MS = 10_000;

/** A route's path values (left out when its path has none), then its query. */
type GetArgs<Name extends TvRoute> = [keyof ParamsOf<Name>] extends [never]
  ? [params?: ParamsOf<Name>, query?: QueryOf<Name>]
  : [params: ParamsOf<Name>, query?: QueryOf<Name>];

/**
 * GET one of the contract's routes, answering its response type, and turn every failure into an
 * `AppError` the error screens understand. The browser's own `navigator.onLine` is consulted first because TV browsers often
 * hang on a dead network instead of failing fast. Signed in, the call carries the bearer token
 * (refreshed once on a 401); otherwise the anonymous viewer id, when the TV has one.
 */
export function getRoute<Name extends TvRoute>(
  name: Name,
  ...[params, query]: GetArgs<Name>
): Promise<ResponseOf<Name>> {
  return callRoute(name, { params: params as ParamsOf<Name>, query });
}

export interface CallOptions<Name extends TvRoute> {
  params?: ParamsOf<Name>;
  query?: QueryOf<Name>;
  /** Sent as JSON with the route's method (a POST, a DELETE). */
  body?: BodyOf<Name>;
  /** Longer than the default for a long poll, which the API holds open on purpose. */
  timeoutMs?: number;
  /**
   * Sent without the viewer's credentials: a public read everyone gets the same answer to, which
   * the API's cache serves and the browser sends with no CORS preflight.
   */
  anonymous?: boolean;
}

/** Any route of the contract, with the credentials, refresh and failures of `getRoute`. */
export async function callRoute<Name extends TvRoute>(
  name: Name,
  options: CallOptions<Name> = {},
): Promise<ResponseOf<Name>> {
  const path = pathFor<TvRoute>(name, options.params as ParamsOf<TvRoute>);
  const url = new URL(`${getConfig().apiUrl}${path}`);
  for (const [key, value] of Object.entries((options.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    throw new AppError('network', 'offline', 'The TV is offline');
  }
  const init: SendInit = {
    method: methodOf(name),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
  };
  let credentials: Record<string, string> = options.anonymous ? {} : credentialHeaders();
  const early = options.anonymous ? takeEarlyResponse(url, init.timeoutMs) : undefined;
  let response = await (early?.catch(() => send(url, credentials, init)) ??
    send(url, credentials, init));
  // An anonymous call sent nothing of the viewer's, so its 401 says nothing about their credentials.
  if (response.status === 401 && credentials.authorization) {
    const rejected = credentials.authorization.slice('Bearer '.length);
    if (await refreshAfterUnauthorized(rejected)) {
      credentials = credentialHeaders();
      response = await send(url, credentials, init);
    }
  } else if (response.status === 401 && !options.anonymous) {
    // A forged or lapsed anonymous id: drop it, so the next pairing asks for a fresh one.
    forgetAnonymousId();
  }
  // Every answer tells the time on the server: the rental rules never trust a clock earlier.
  noteServerTime(response.headers.get('date'));
  if (!response.ok) throw await problemError(response);
  if (response.status === 204) return undefined as ResponseOf<Name>;
  try {
    // Trusted, not parsed: the API validates its answers against these schemas, and zod stays out
    // of the TV bundle.
    return (await response.json()) as ResponseOf<Name>;
  } catch {
    throw new AppError(
      'unavailable',
      'bad_response',
      `The API answered ${path} with something that is not JSON`,
    );
  }
}

interface SendInit {
  method: string;
  body: string | undefined;
  timeoutMs: number;
}

/**
 * A response the page asked for before the app's code had loaded (`index.html`: Home's catalog),
 * taken up once by the first call for the same address. Rejects (so the call asks again) if it
 * fails or takes longer than `timeoutMs`.
 */
function takeEarlyResponse(url: URL, timeoutMs: number): Promise<Response> | undefined {
  const early = (window as { __lanxangEarly?: Record<string, Promise<Response>> }).__lanxangEarly;
  const response = early?.[url.href];
  if (!early || !response) return undefined;
  delete early[url.href];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    response.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

async function send(
  url: URL,
  credentials: Record<string, string>,
  init: SendInit,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), init.timeoutMs);
  try {
    return await fetch(url.toString(), {
      method: init.method,
      signal: controller.signal,
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...credentials,
      },
      body: init.body,
    });
  } catch (error) {
    // fetch rejects without a status both when the network is down and when the API host refuses
    // the connection; from a TV we cannot tell them apart, so ask the browser.
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const timedOut = controller.signal.aborted;
    throw new AppError(
      offline ? 'network' : 'unavailable',
      timedOut ? 'timeout' : offline ? 'offline' : 'service_unavailable',
      error instanceof Error ? error.message : 'Network request failed',
    );
  } finally {
    clearTimeout(timer);
  }
}

async function problemError(response: Response): Promise<AppError> {
  let problem: Partial<Problem> = {};
  try {
    problem = (await response.json()) as Partial<Problem>;
  } catch {
    // A proxy's HTML error page: the status alone decides.
  }
  const code = problem.code ?? `http_${response.status}`;
  const message = problem.detail ?? problem.title ?? response.statusText;
  if (response.status === 404) return new AppError('not_found', code, message, response.status);
  return new AppError('unavailable', code, message, response.status);
}
