import { ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
let admin: { authorization: string };
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'));
  admin = (await signIn(app, { role: 'admin' })).headers;
});
afterAll(() => app?.close());

/** PostgreSQL refuses 0x00 in text: the API must say no before a NUL gets that far. */
async function expectRefusedNul(response: Response, field: string) {
  expect(response.status).toBe(400);
  const problem = ProblemSchema.parse(await response.json());
  expect(problem.code).toBe('validation_failed');
  expect(problem.errors).toContainEqual(expect.objectContaining({ field, code: 'invalid_text' }));
}

describe('a NUL character in any text input', () => {
  it('is refused in a query parameter', async () => {
    const response = await app.request('/api/admin/audit?entityId=%00', { headers: admin });
    await expectRefusedNul(response, 'query.entityId');
  });

  it('is refused in a path parameter', async () => {
    await expectRefusedNul(await app.request('/api/movies/a%00b'), 'params.idOrSlug');
  });

  it('is refused in a JSON string, however deep', async () => {
    const response = await app.request('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'nul@example.test',
        password: 'correct horse battery staple',
        displayName: 'Nul\u0000Byte',
      }),
    });
    await expectRefusedNul(response, 'body.displayName');

    const film = await app.request('/api/admin/movies', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ title: { en: 'Mekong\u0000' } }),
    });
    await expectRefusedNul(film, 'body.title.en');
  });
});
