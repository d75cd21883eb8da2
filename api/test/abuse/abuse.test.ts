import { request as httpRequest, Agent } from 'node:http';
import {
  PROBLEM_CONTENT_TYPE,
  PlaybackSchema,
  ProblemSchema,
  routes,
  type Access,
  type RouteSpec,
} from '@lanxang/contracts';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';
import { startFakeTmdb, type FakeTmdb } from '@lanxang/api/stand-ins/tmdb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import {
  FORM_ON_JSON,
  mediaRequests,
  requestsFor,
  wrongMethodRequests,
  type AbuseRequest,
} from './requests.js';

/**
 * The abuse suite: for every operation of the API, requests a careless or hostile client sends
 * (see `requests.ts` for what is generated and why), each sent twice: as the caller the route is
 * for, so it reaches the handler, and as the wrong caller. Whatever arrives, the API answers no
 * 5xx, and every 4xx is a problem+json with a known `code` (the OAuth endpoints: their RFC 6749
 * error body). A fixed seed makes a failure reproducible: `ABUSE_SEED=<seed>` reruns it,
 * `ABUSE_RUNS` runs more.
 */
const SEED = Number(process.env.ABUSE_SEED ?? 20_261_202);
const RUNS_PER_OPERATION = Number(process.env.ABUSE_RUNS ?? 25);

interface Answer {
  status: number;
  contentType: string;
  contentLength: string | undefined;
  body: string;
  bytes: number;
}

type Headers = Record<string, string>;

let app: TestApp;
let tmdb: FakeTmdb;
/** Paths of real files under `/media/`, read before the fuzzing deletes any film. */
let mediaFiles: string[] = [];
let callers: Record<'nobody' | 'forged' | 'anonymousViewer' | 'viewer' | 'admin', Headers>;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let sent = 0;

beforeAll(async () => {
  tmdb = await startFakeTmdb();
  app = await createTestApp(inject('postgresAdminUrl'), {
    template: 'demo',
    env: { TMDB_API_KEY: tmdb.apiKey, TMDB_BASE_URL: tmdb.baseUrl, TMDB_MAX_RETRIES: '0' },
  });
  const anonymous = await app.request('/api/anonymous', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { anonymousId } = (await anonymous.json()) as { anonymousId: string };
  callers = {
    nobody: {},
    forged: { authorization: 'Bearer forged-token', 'x-anonymous-id': 'forged.id' },
    anonymousViewer: { 'x-anonymous-id': anonymousId },
    viewer: (await signIn(app)).headers,
    admin: (await signIn(app, { role: 'admin' })).headers,
  };
  mediaFiles = await demoMediaFiles();
});

/** The demo films' playlists, posters, trickplay and subtitles, as `/media/…` paths. */
async function demoMediaFiles(): Promise<string[]> {
  const list = (await (await app.request('/api/movies?pageSize=100')).json()) as {
    items: { id: number }[];
  };
  const urls: string[] = [];
  for (const { id } of list.items) {
    const playback = await app.request(`/api/movies/${id}/playback`);
    if (!playback.ok) continue;
    const found = PlaybackSchema.parse(await playback.json());
    urls.push(found.masterUrl, ...found.subtitles.map((track) => track.url));
    if (found.posterUrl) urls.push(found.posterUrl);
    if (found.trickplay) urls.push(found.trickplay.vttUrl);
  }
  const paths = urls
    .map((url) => new URL(url).pathname)
    .filter((path) => path.startsWith('/media/'));
  expect(paths.length).toBeGreaterThan(0);
  return paths;
}

afterAll(async () => {
  agent.destroy();
  await app?.close();
  await tmdb?.close();
  console.info(
    `abuse suite: ${Object.keys(routes).length} operations × ${RUNS_PER_OPERATION} runs, ` +
      `${sent} requests, seed ${SEED}`,
  );
});

/** The caller a route is for, so a request gets past the guard into validation and the handler. */
const RIGHT_CALLER: Record<Access, keyof typeof callers> = {
  public: 'nobody',
  optional: 'viewer',
  viewerOrAnonymous: 'anonymousViewer',
  viewer: 'viewer',
  admin: 'admin',
};
/** A caller the route must turn away (or, on open routes, credentials that are dead). */
const WRONG_CALLER: Record<Access, keyof typeof callers> = {
  public: 'forged',
  optional: 'forged',
  viewerOrAnonymous: 'nobody',
  viewer: 'forged',
  admin: 'viewer',
};
/** Operations that end the caller's own session get a fresh one each time. */
const ENDS_OWN_SESSION = new Set(['logout']);

/** Sent with `node:http`, byte for byte: `fetch` would normalise `..` and re-encode the path. */
function send(request: AbuseRequest, caller: Headers): Promise<Answer> {
  sent += 1;
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        // An explicit length: Node sends a GET or DELETE body unframed otherwise.
        headers: {
          ...request.headers,
          ...caller,
          ...(request.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(request.body)) }),
        },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            contentLength: response.headers['content-length'],
            body: body.toString('utf8'),
            bytes: body.length,
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** What is wrong with an answer, or `undefined` when it is one the contract allows. */
function faultIn(spec: RouteSpec, request: AbuseRequest, answer: Answer, wrongCaller: boolean) {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (wrongCaller && spec.access !== 'public' && spec.access !== 'optional' && answer.status < 400)
    return `served the wrong caller (${answer.status})`;
  // A cross-site form is the login CSRF of issue 14 #4: a JSON route never reads one. What comes
  // before the body may answer first: no such route (404, 405), or a refused caller or foreign
  // Origin (401, 403).
  const answeredBeforeBody = [401, 403, 404, 405].includes(answer.status);
  const readsJson = spec.body !== undefined && !spec.errorBody;
  if (
    request.what.includes(FORM_ON_JSON) &&
    readsJson &&
    answer.status !== 415 &&
    !answeredBeforeBody
  )
    return `answered ${answer.status} to a form-encoded body, not 415`;
  if (answer.status < 400) return undefined;
  return spec.errorBody ? oauthErrorFault(spec.errorBody, answer) : problemFault(answer);
}

function oauthErrorFault(errorBody: z.ZodType, answer: Answer): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `answered ${answer.status} with a body that is not JSON`;
  }
  return errorBody.safeParse(body).success
    ? undefined
    : `answered ${answer.status} without an RFC 6749 error body`;
}

/** A 4xx or 5xx must be problem+json in the contract's shape, its `code` one of ours. */
function problemFault(answer: Answer): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `answered ${answer.status} with a body that is not JSON`;
  }
  if (!answer.contentType.startsWith(PROBLEM_CONTENT_TYPE))
    return `answered ${answer.status} as ${answer.contentType}, not problem+json`;
  const problem = ProblemSchema.safeParse(body);
  if (!problem.success) return `answered ${answer.status} with a problem outside the contract`;
  if (problem.data.status !== answer.status)
    return `problem says ${problem.data.status} but the status is ${answer.status}`;
  return undefined;
}

/**
 * The methods any route answers on a path: its own, and those of routes whose parameters match
 * its fixed segments (`DELETE /api/devices/{id}` also answers `/api/devices/deny`).
 */
function methodsTakenOn(path: string): string[] {
  const segments = path.split('/');
  const matches = (pattern: string) => {
    const other = pattern.split('/');
    return (
      other.length === segments.length &&
      other.every(
        (part, index) =>
          part.startsWith('{') || (part === segments[index] && !part.startsWith('{')),
      )
    );
  };
  return operations
    .filter(([, spec]) => spec.path === path || matches(spec.path))
    .map(([, spec]) => spec.method.toUpperCase());
}

/** HEAD must answer what GET does, headers and all, without the body (RFC 9110 §9.3.2). */
function headFault(get: Answer, head: Answer): string | undefined {
  if (head.status !== get.status) return `HEAD answered ${head.status}, GET ${get.status}`;
  if (head.bytes > 0) return `HEAD answered a body of ${head.bytes} bytes`;
  if (get.status < 300 && head.contentLength !== String(get.bytes))
    return `HEAD says Content-Length ${head.contentLength}, GET sent ${get.bytes} bytes`;
  return undefined;
}

const shown = (text: string, limit = 300) =>
  text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;

function describeFailure(request: AbuseRequest, who: string, answer: Answer, fault: string) {
  return [
    `${fault} (seed ${SEED}; rerun with ABUSE_SEED=${SEED})`,
    `  as ${who}: ${request.method} ${shown(request.target, 200)}`,
    `  breaking: ${request.what.join(', ') || 'nothing (a valid request)'}`,
    `  headers: ${JSON.stringify(request.headers)}`,
    `  body: ${shown(JSON.stringify(String(request.body ?? '')))}`,
    `  answer: ${shown(answer.body)}`,
  ].join('\n');
}

async function check(name: string, spec: RouteSpec, request: AbuseRequest): Promise<void> {
  const right = ENDS_OWN_SESSION.has(name)
    ? (await signIn(app)).headers
    : callers[RIGHT_CALLER[spec.access]];
  const asCallers: [string, Headers, boolean][] = [
    [RIGHT_CALLER[spec.access], right, false],
    [WRONG_CALLER[spec.access], callers[WRONG_CALLER[spec.access]], true],
  ];
  for (const [who, headers, wrongCaller] of asCallers) {
    const answer = await send(request, headers);
    judge(request, who, answer, faultIn(spec, request, answer, wrongCaller));
  }
}

/** Fails the property on a fault, naming the request that caused it. */
function judge(request: AbuseRequest, who: string, answer: Answer, fault: string | undefined) {
  if (fault) throw new Error(describeFailure(request, who, answer, fault));
}

const operations = Object.entries(routes) as [string, RouteSpec][];

describe('abuse: every operation survives malformed requests', () => {
  it('fuzzes exactly the operations the OpenAPI document lists', async () => {
    const response = await app.request('/api/openapi.json');
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(
      operations.map(([, spec]) => `${spec.method} ${spec.path}`).sort(),
    );
  });

  it('media files survive path tricks and odd ranges, and HEAD answers as GET would', async () => {
    await fc.assert(
      fc.asyncProperty(mediaRequests(mediaFiles), async (request) => {
        const get = await send(request, {});
        judge(request, 'nobody', get, get.status >= 400 ? problemFault(get) : undefined);
        const head = { ...request, method: 'HEAD' };
        const answer = await send(head, {});
        judge(head, 'nobody', answer, headFault(get, answer));
      }),
      { seed: SEED, numRuns: RUNS_PER_OPERATION * 4 },
    );
  });

  it('every path answers a method it does not take with 405', async () => {
    const wrong = operations.map(([, spec]) =>
      wrongMethodRequests(
        spec,
        ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'PROPFIND'].filter(
          (method) => !methodsTakenOn(spec.path).includes(method),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(...wrong), async (request) => {
        const answer = await send(request, callers.admin);
        judge(
          request,
          'admin',
          answer,
          answer.status === 405 ? problemFault(answer) : `answered ${answer.status}, not 405`,
        );
      }),
      { seed: SEED, numRuns: RUNS_PER_OPERATION * 4 },
    );
  });

  it.each(operations)('%s', async (name, spec) => {
    await fc.assert(
      fc.asyncProperty(requestsFor(name, spec), (request) => check(name, spec, request)),
      { seed: SEED, numRuns: RUNS_PER_OPERATION },
    );
  });
});
