import { routes, type ResponseOf, type RouteName, type Routes } from '@lanxang/contracts';
import { z } from 'zod';
import { ApiError, type ParamsOf, type QueryOf } from './api.server';
import { env } from './env.server';

/**
 * Any admin route of the contract, called on behalf of the browser request: the admin's session
 * cookie travels unchanged and the API checks it. Failures reject with an `ApiError`, as `apiFor`'s.
 */

type BodyOf<Name extends RouteName> = Routes[Name] extends { body: infer B extends z.ZodType }
  ? z.input<B>
  : never;

export interface AdminCallInput<Name extends RouteName> {
  params?: ParamsOf<Name>;
  query?: QueryOf<Name>;
  body?: BodyOf<Name>;
  /** TMDB imports download every image first, so they get longer than a read. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

const ProblemBodySchema = z.object({
  code: z.string(),
  title: z.string().optional(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
});

/** The headers every admin call carries: the admin's own credentials. */
export function adminHeaders(request: Request): Headers {
  const headers = new Headers({ accept: 'application/json' });
  for (const name of ['cookie', 'authorization'] as const) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

export function apiUrl(path: string, params: object = {}, query: object = {}): URL {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (params as Record<string, unknown>)[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
  const url = new URL(filled, env.API_URL);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '')
      url.searchParams.set(key, String(value));
  }
  return url;
}

/** Reads an API failure leniently: a newer API may add codes, and its message is still shown. */
export function problemToError(status: number, statusText: string, text: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const problem = ProblemBodySchema.safeParse(body);
  if (!problem.success) {
    return new ApiError(
      status,
      status === 503 ? 'service_unavailable' : 'internal_error',
      `The API answered ${status} ${statusText}`.trim(),
    );
  }
  const { code, detail, title, errors, requestId } = problem.data;
  return new ApiError(
    status,
    code,
    detail ?? title ?? statusText,
    (errors ?? []).map((issue) => ({ ...issue, code: issue.code ?? 'invalid' })),
    requestId,
  );
}

export async function adminCall<Name extends RouteName>(
  request: Request,
  name: Name,
  input: AdminCallInput<Name> = {},
): Promise<ResponseOf<Name>> {
  const route = routes[name];
  const url = apiUrl(route.path, input.params ?? {}, input.query ?? {});
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = adminHeaders(request);
  if (input.body !== undefined) headers.set('content-type', 'application/json');

  let response: Response;
  try {
    response = await fetch(url, {
      method: route.method.toUpperCase(),
      headers,
      body: input.body === undefined ? undefined : JSON.stringify(input.body),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (cause) {
    if (request.signal.aborted) throw cause;
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    throw new ApiError(
      503,
      'service_unavailable',
      timedOut
        ? `The Lanxang API did not answer within ${timeoutMs / 1000} s`
        : 'The Lanxang API is not reachable',
      [],
      undefined,
      { cause },
    );
  }
  if (!response.ok) {
    throw problemToError(response.status, response.statusText, await response.text());
  }
  if (response.status === 204) return undefined as ResponseOf<Name>;
  return (await response.json()) as ResponseOf<Name>;
}
