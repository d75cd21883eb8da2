import { ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'));
  const registered = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'attacker@example.com',
      password: 'attacker-password',
      displayName: 'Attacker',
    }),
  });
  expect(registered.status).toBe(201);
});
afterAll(() => app?.close());

const signInAsAttacker = (headers: Record<string, string>, body: string) =>
  app.request('/api/auth/login', { method: 'POST', headers, body });
const attackerForm = 'email=attacker%40example.com&password=attacker-password';
const attackerJson = JSON.stringify({
  email: 'attacker@example.com',
  password: 'attacker-password',
});
const problemCode = async (response: Response) => ProblemSchema.parse(await response.json()).code;

describe('login CSRF: a cross-site form cannot sign a victim in', () => {
  it('refuses a form posted from another site, with no session cookie', async () => {
    const response = await signInAsAttacker(
      {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      attackerForm,
    );
    expect(response.status).toBe(403);
    expect(await problemCode(response)).toBe('forbidden');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('refuses form-encoded and text/plain bodies on a JSON route with 415', async () => {
    const asForm = await signInAsAttacker(
      { 'content-type': 'application/x-www-form-urlencoded' },
      attackerForm,
    );
    expect(asForm.status).toBe(415);
    expect(await problemCode(asForm)).toBe('unsupported_media_type');
    expect(asForm.headers.getSetCookie()).toEqual([]);
    const asText = await signInAsAttacker({ 'content-type': 'text/plain' }, attackerJson);
    expect(asText.status).toBe(415);
    expect(await problemCode(asText)).toBe('unsupported_media_type');
    expect(asText.headers.getSetCookie()).toEqual([]);
  });

  it('refuses JSON from a foreign origin on a public route too', async () => {
    const response = await signInAsAttacker(
      { 'content-type': 'application/json', origin: 'null' },
      attackerJson,
    );
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('signs in with JSON from an allowed origin, and from a server that sends no Origin', async () => {
    const fromAllowedOrigin: Record<string, string> = { origin: 'http://localhost:3000' };
    for (const headers of [fromAllowedOrigin, {}]) {
      const response = await signInAsAttacker(
        { 'content-type': 'application/json', ...headers },
        attackerJson,
      );
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie()).toHaveLength(1);
    }
  });

  it('still takes forms on the OAuth endpoints, as RFC 6749 and 8628 require', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const started = await app.request('/oauth/device_authorization', {
      method: 'POST',
      headers: form,
      body: 'client_id=lanxang-tv',
    });
    expect(started.status).toBe(200);
    // A page on the API's own origin is not cross-site.
    const fromOwnOrigin = await app.request('/oauth/device_authorization', {
      method: 'POST',
      headers: { ...form, origin: app.url },
      body: 'client_id=lanxang-tv',
    });
    expect(fromOwnOrigin.status).toBe(200);
    const token = await app.request('/oauth/token', {
      method: 'POST',
      headers: form,
      body: 'grant_type=refresh_token&refresh_token=not-a-token&client_id=lanxang-tv',
    });
    expect(token.status).toBe(400);
    expect(await token.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
