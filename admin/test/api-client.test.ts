import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, CLIENT_IP_HEADER, apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { env } from '~/lib/env.server';
import { freePort } from '@lanxang/testing';
import { startFakeApi, type FakeApi } from './support/fake-api';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());

const browserRequest = (headers: Record<string, string> = {}) =>
  new Request('http://admin.test/admin', { headers });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('apiFor', () => {
  it('calls the contract route with its query and returns the typed body', async () => {
    const client = apiFor(browserRequest(), { baseUrl: api.url });
    const list = await client.listMovies({ pageSize: 1, q: 'chanthaly' });
    expect(list.total).toBe(1);
    expect(list.items[0]?.title.lo).toBe('ຈັນທະລີ');
    expect(api.requests.at(-1)?.url).toBe('/api/movies?pageSize=1&q=chanthaly');
  });

  it('fills path parameters, encoded', async () => {
    const film = await apiFor(browserRequest(), { baseUrl: api.url }).getMovie('dearest-sister');
    expect(film.title.en).toBe('Dearest Sister');
    await apiFor(browserRequest(), { baseUrl: api.url })
      .getMovie('a/b')
      .catch(() => undefined);
    expect(api.requests.at(-1)?.url).toBe('/api/movies/a%2Fb');
  });

  it("forwards the browser's cookie and authorization, and nothing else of the caller's", async () => {
    const request = browserRequest({
      cookie: 'lanxang_session=abc',
      authorization: 'Bearer xyz',
      'x-forwarded-for': '203.0.113.9',
    });
    await apiFor(request, { baseUrl: api.url }).listGenres();
    const sent = api.requests.at(-1)?.headers;
    expect(sent?.cookie).toBe('lanxang_session=abc');
    expect(sent?.authorization).toBe('Bearer xyz');
    expect(sent?.['x-forwarded-for']).toBeUndefined();
    expect(sent?.accept).toBe('application/json');
  });

  it("sends the viewer's address, as server.js found it, with the admin's service credential", async () => {
    const request = browserRequest({ [CLIENT_IP_HEADER]: '203.0.113.9' });
    await apiFor(request, { baseUrl: api.url })
      .login({
        email: 'viewer@example.com',
        password: 'a-long-enough-password',
      })
      .catch(() => undefined);
    const sent = api.requests.at(-1)?.headers;
    expect(sent?.['x-lanxang-client-ip']).toBe('203.0.113.9');
    expect(sent?.['x-lanxang-service-token']).toBe(env.ADMIN_SERVICE_TOKEN);
    const { headers } = apiFor(request, { baseUrl: api.url }).target('adminUploadVideo', { id: 1 });
    expect(headers.get('x-lanxang-client-ip')).toBe('203.0.113.9');
    expect(headers.get('x-lanxang-service-token')).toBe(env.ADMIN_SERVICE_TOKEN);
  });

  it('turns a problem+json answer into an ApiError with its code and field errors', async () => {
    const error = await rejection(
      apiFor(browserRequest(), { baseUrl: api.url }).listMovies({ pageSize: 500 }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('The query is not valid');
    expect(error.fieldError('query.pageSize')).toBe('must be between 1 and 100');
  });

  it('reports a missing film as not_found', async () => {
    const error = await rejection(apiFor(browserRequest(), { baseUrl: api.url }).getMovie(99_999));
    expect([error.status, error.code]).toEqual([404, 'not_found']);
  });

  it('still makes an ApiError of an error that is not problem+json', async () => {
    const badGateway = async () =>
      new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const error = await rejection(
      apiFor(browserRequest(), { baseUrl: api.url, fetch: badGateway }).listGenres(),
    );
    expect(error.status).toBe(502);
    expect(error.code).toBe('internal_error');
    expect(error.message).toBe('The API answered 502 Bad Gateway');
  });

  it('reports an API that does not answer as service_unavailable', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const error = await rejection(apiFor(browserRequest(), { baseUrl: down }).listGenres());
    expect([error.status, error.code]).toEqual([503, 'service_unavailable']);
  });
});

describe('rethrowAsRouteError', () => {
  it('throws an ApiError as a problem response the ErrorBoundary can read', () => {
    const apiError = new ApiError(503, 'service_unavailable', 'The Lanxang API is not reachable');
    let thrown: unknown;
    try {
      rethrowAsRouteError(apiError);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      init: { status: 503 },
      data: {
        status: 503,
        code: 'service_unavailable',
        detail: 'The Lanxang API is not reachable',
      },
    });
  });

  it('leaves other errors alone', () => {
    const bug = new TypeError('a bug');
    expect(() => rethrowAsRouteError(bug)).toThrow(bug);
  });
});
