import type { routes } from '@lanxang/contracts';
import type { Delivery } from '../lib/outbox';
import { getConfig } from '../lib/config';
import { pathFor, type BodyOf, type ParamsOf } from './contract';
import {
  credentialHeaders,
  ensureAnonymousId,
  forgetAnonymousId,
  refreshAfterUnauthorized,
} from './session';

/** The writes the TV queues, each with its contract method (checked against the contract's). */
const WRITE_METHODS = {
  putWatchProgress: 'PUT',
  deleteWatchProgress: 'DELETE',
  postAnalyticsEvents: 'POST',
} as const satisfies {
  [Name in 'putWatchProgress' | 'deleteWatchProgress' | 'postAnalyticsEvents']: Uppercase<
    (typeof routes)[Name]['method']
  >;
};
export type WriteRoute = keyof typeof WRITE_METHODS;

const TIMEOUT_MS = 10_000;
/** Answers that a later attempt may change: a timeout, a rate limit. Other 4xx never will. */
const RETRYABLE_STATUS = new Set([401, 408, 425, 429]);

export interface Write<Name extends WriteRoute> {
  name: Name;
  params: ParamsOf<Name>;
  body?: BodyOf<Name>;
}

/**
 * Sends one queued write and says what the outbox should do with it. Credentials are read at send
 * time, not queue time: a save made before pairing reaches the account it was moved to.
 */
export async function deliverWrite<Name extends WriteRoute>(
  write: Write<Name>,
  { keepalive }: { keepalive: boolean },
): Promise<Delivery> {
  let credentials = credentialHeaders();
  // A TV that could not reach the API at start has no viewer id yet: get one before writing.
  if (Object.keys(credentials).length === 0 && !keepalive) {
    await ensureAnonymousId();
    credentials = credentialHeaders();
  }
  let response = await send(write, credentials, keepalive);
  if (response.status === 401 && credentials.authorization) {
    if (await refreshAfterUnauthorized(credentials.authorization.slice('Bearer '.length))) {
      response = await send(write, credentialHeaders(), keepalive);
    }
  } else if (response.status === 401) {
    // A lapsed anonymous id: a fresh one is made before the next attempt.
    forgetAnonymousId();
  }
  if (response.ok) return { outcome: 'delivered' };
  if (response.status >= 500 || RETRYABLE_STATUS.has(response.status)) {
    return { outcome: 'retry', reason: `HTTP ${response.status}` };
  }
  const problem = (await response.json().catch(() => null)) as { code?: unknown } | null;
  return {
    outcome: 'rejected',
    status: response.status,
    code: typeof problem?.code === 'string' ? problem.code : `http_${response.status}`,
  };
}

async function send<Name extends WriteRoute>(
  write: Write<Name>,
  credentials: Record<string, string>,
  keepalive: boolean,
): Promise<Response> {
  const path = pathFor<WriteRoute>(write.name, write.params as ParamsOf<WriteRoute>);
  const hasBody = write.body !== undefined;
  return fetch(`${getConfig().apiUrl}${path}`, {
    method: WRITE_METHODS[write.name],
    // A request that outlives the page has no timeout to enforce; the others give up in 10 s.
    ...(keepalive ? { keepalive: true } : { signal: AbortSignal.timeout(TIMEOUT_MS) }),
    headers: {
      accept: 'application/json',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...credentials,
    },
    ...(hasBody ? { body: JSON.stringify(write.body) } : {}),
  });
}
