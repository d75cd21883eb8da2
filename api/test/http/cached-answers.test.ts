import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, untilResponseCacheLive, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  await untilResponseCacheLive(app);
});
afterAll(() => app?.close());

const TV_ORIGIN = 'http://tv.example';

/** Every header but the ones that differ per request by design. */
function sameEveryTime(response: Response): Record<string, string> {
  const headers = Object.fromEntries(response.headers);
  delete headers['date'];
  delete headers['x-request-id'];
  delete headers['keep-alive'];
  return headers;
}

/** Twice in a row: the first answer is made by the route, the repeat comes from the cache. */
async function twice(path: string, headers: Record<string, string> = {}) {
  app.services.catalog.responses.clear();
  const first = await app.requestFrom('127.0.0.1', path, { method: 'GET', headers });
  const firstBody = await first.text();
  expect(app.services.catalog.responses.size).toBe(1);
  const repeat = await app.requestFrom('127.0.0.1', path, { method: 'GET', headers });
  return { first, firstBody, repeat, repeatBody: await repeat.text() };
}

describe('a public read answered again from the cache', () => {
  it.each([
    ['the home (optional sign-in)', '/api/home'],
    ['a film (public)', '/api/movies/mekong-runner'],
    ['a search (public)', '/api/movies?q=river'],
  ])('%s: same status, headers and bytes as the first answer', async (_name, path) => {
    const headers = { origin: TV_ORIGIN, 'accept-encoding': 'br' };
    const { first, firstBody, repeat, repeatBody } = await twice(path, headers);
    expect(first.status).toBe(200);
    expect(repeat.status).toBe(200);
    expect(sameEveryTime(repeat)).toEqual(sameEveryTime(first));
    expect(repeatBody).toBe(firstBody);
    expect(repeat.headers.get('x-request-id')).toMatch(/^[\w.-]+$/);
    expect(repeat.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('keeps the Vary on credentials of a home, and answers 304 to its ETag', async () => {
    const { first, repeat } = await twice('/api/home');
    expect(repeat.headers.get('vary')).toContain('X-Anonymous-Id');
    const again = await app.request('/api/home', {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('vary')).toBe(repeat.headers.get('vary'));
  });

  it('never answers a signed-in viewer from the anonymous home', async () => {
    const { repeat } = await twice('/api/home');
    expect(repeat.headers.get('cache-control')).toContain('public');
    const viewer = await signIn(app, { role: 'viewer' });
    const theirs = await app.request('/api/home', { headers: viewer.headers });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('cache-control')).toContain('private');
  });

  it('still refuses a forged anonymous id on the home', async () => {
    await twice('/api/home');
    const forged = await app.request('/api/home', { headers: { 'x-anonymous-id': 'anon1.x.1.y' } });
    expect(forged.status).toBe(401);
  });
});
