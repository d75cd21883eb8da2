import {
  ERROR_CODES,
  FieldIssueSchema,
  routes,
  type ErrorCode,
  type FieldIssue,
  type Problem,
  type ResponseOf,
  type RouteName,
  type Routes,
} from '@lanxang/contracts';
import { data } from '@remix-run/node';
import { z } from 'zod';
import { env } from './env.server';

/** Long enough for a cold API, short enough that an admin is not left staring at a spinner. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The viewer's address. `server.js` sets it on every request from the socket and this server's
 * own trusted proxies, replacing anything the browser sent under the name; the API believes it
 * only with the service token, and counts per-IP limits against the viewer rather than this server.
 */
export const CLIENT_IP_HEADER = 'x-lanxang-client-ip';
const SERVICE_TOKEN_HEADER = 'x-lanxang-service-token';

/** The caller's credentials travel to the API unchanged, so the API alone decides who may do what. */
const FORWARDED_HEADERS = ['cookie', 'authorization'] as const;

/**
 * Read leniently: an API newer than this app may add error codes, and the message and field
 * details are still worth showing.
 */
const ProblemBodySchema = z.object({
  title: z.string().optional(),
  status: z.number().int().optional(),
  code: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldIssueSchema).optional(),
});

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    /** The API's stable machine code; switch on this, never on `message`. */
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly fieldErrors: readonly FieldIssue[] = [],
    readonly requestId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The first message for a field such as `body.title.lo`, for marking a form input. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((issue) => issue.field === field)?.message;
  }

  toProblem(): Problem {
    return {
      type: 'about:blank',
      title: this.message,
      status: this.status,
      code: isKnownCode(this.code) ? this.code : 'internal_error',
      detail: this.message,
      ...(this.requestId ? { requestId: this.requestId } : {}),
      ...(this.fieldErrors.length > 0 ? { errors: [...this.fieldErrors] } : {}),
    };
  }
}

function isKnownCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'service_unavailable';
  return 'internal_error';
}

/** Reads an API failure as an `ApiError`, leniently (a newer API may add codes). */
async function errorFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const problem = ProblemBodySchema.safeParse(body);
  if (problem.success) {
    const { code, detail, title, errors, requestId } = problem.data;
    return new ApiError(
      response.status,
      code,
      detail ?? title ?? response.statusText,
      errors,
      requestId,
    );
  }
  return new ApiError(
    response.status,
    codeForStatus(response.status),
    `The API answered ${response.status} ${response.statusText}`.trim(),
  );
}

type Input<Schema> = Schema extends z.ZodType ? z.input<Schema> : never;
export type ParamsOf<Name extends RouteName> = Input<
  Routes[Name] extends { params: infer P } ? P : never
>;
export type QueryOf<Name extends RouteName> = Input<
  Routes[Name] extends { query: infer Q } ? Q : never
>;
export type BodyOf<Name extends RouteName> = Input<
  Routes[Name] extends { body: infer B } ? B : never
>;
export interface CallInput<Name extends RouteName> {
  params?: ParamsOf<Name>;
  query?: QueryOf<Name>;
  body?: BodyOf<Name>;
  /** A body the contract does not describe as JSON (a WebVTT file), sent as it is. */
  file?: { body: Blob; type: string };
  /** Longer than a read for work the API does while we wait (a TMDB import downloads images). */
  timeoutMs?: number;
}

/** The API URL of a contract path, its `{params}` filled in and empty query values left out. */
function apiUrl(path: string, params: object = {}, query: object = {}, baseUrl = env.API_URL): URL {
  const filledPath = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (params as Record<string, unknown>)[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
  const url = new URL(filledPath, baseUrl);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '')
      url.searchParams.set(key, String(value));
  }
  return url;
}

/** The caller's credentials, to travel to the API unchanged, and the viewer's address. */
function forwardedHeaders(request: Request): Headers {
  const headers = new Headers({ accept: 'application/json' });
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const viewerIp = request.headers.get(CLIENT_IP_HEADER);
  if (viewerIp) {
    headers.set(CLIENT_IP_HEADER, viewerIp);
    headers.set(SERVICE_TOKEN_HEADER, env.ADMIN_SERVICE_TOKEN);
  }
  return headers;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

/**
 * A client for the Lanxang API acting on behalf of the browser request that reached this app.
 * Every failure, including an API that does not answer, rejects with an `ApiError`.
 */
export function apiFor(request: Request, options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? env.API_URL;
  const fetchImpl = options.fetch ?? fetch;

  const headers = forwardedHeaders(request);

  /**
   * Cookies the API set (a new session, a renewal, a sign-out). The route passes them on to the
   * browser with `responseHeaders()`: the session cookie belongs to this site, the API only names it.
   */
  const setCookies: string[] = [];

  async function call<Name extends RouteName>(
    name: Name,
    input: CallInput<Name> = {},
  ): Promise<ResponseOf<Name>> {
    const route = routes[name];
    const url = apiUrl(route.path, input.params ?? {}, input.query ?? {}, baseUrl);
    const timeoutMs = input.timeoutMs ?? REQUEST_TIMEOUT_MS;
    // Give up when the admin navigates away (request.signal) or the API hangs.
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]);

    let response: Response;
    try {
      const contentType =
        input.file?.type ?? (input.body === undefined ? null : 'application/json');
      response = await fetchImpl(url, {
        method: route.method.toUpperCase(),
        headers: contentType ? new Headers([...headers, ['content-type', contentType]]) : headers,
        body:
          input.file?.body ?? (input.body === undefined ? undefined : JSON.stringify(input.body)),
        signal,
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

    setCookies.push(...response.headers.getSetCookie());
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as ResponseOf<Name>;
    return (await response.json()) as ResponseOf<Name>;
  }

  return {
    /** Any route of the contract, typed by its name; the named helpers below are shorthands. */
    call,
    listMovies: (query: QueryOf<'listMovies'> = {}) => call('listMovies', { query }),
    getMovie: (idOrSlug: number | string, query: QueryOf<'getMovie'> = {}) =>
      call('getMovie', { params: { idOrSlug }, query }),
    getPerson: (id: number, query: QueryOf<'getPerson'> = {}) =>
      call('getPerson', { params: { id }, query }),
    listGenres: (query: QueryOf<'listGenres'> = {}) => call('listGenres', { query }),
    home: (query: QueryOf<'home'> = {}) => call('home', { query }),

    login: (body: BodyOf<'login'>) => call('login', { body }),
    register: (body: BodyOf<'register'>) => call('register', { body }),
    logout: () => call('logout'),
    me: () => call('me'),
    updateMe: (body: BodyOf<'updateMe'>) => call('updateMe', { body }),
    lookupDevice: (userCode: string) => call('lookupDevice', { body: { userCode } }),
    approveDevice: (userCode: string) => call('approveDevice', { body: { userCode } }),
    denyDevice: (userCode: string) => call('denyDevice', { body: { userCode } }),
    listDevices: () => call('listDevices'),
    revokeDevice: (id: string) => call('revokeDevice', { params: { id } }),

    /**
     * Where a route's request goes and with which credentials, for a body this server streams
     * through as it arrives (a multi-GB video upload) rather than sending through `call`.
     */
    target: <Name extends RouteName>(name: Name, params: ParamsOf<Name>) => ({
      url: apiUrl(routes[name].path, params ?? {}, {}, baseUrl),
      headers: new Headers(headers),
    }),

    /** `Set-Cookie` headers from the API, for the response this route sends the browser. */
    responseHeaders(): Headers {
      const out = new Headers();
      for (const cookie of setCookies) out.append('Set-Cookie', cookie);
      return out;
    },
  };
}

export type ApiClient = ReturnType<typeof apiFor>;

/**
 * For loaders: turns an `ApiError` into a thrown problem+json response, so the route's
 * ErrorBoundary sees the status and code. A thrown Error would reach it as "Unexpected Server
 * Error" in production, because Remix hides server error messages from browsers.
 */
export function rethrowAsRouteError(error: unknown): never {
  if (error instanceof ApiError) throw data(error.toProblem(), { status: error.status });
  throw error;
}
