import { ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'));
});
afterAll(() => app?.close());

/** An address of exactly `length` characters, valid in every other way (labels of 63 at most). */
function emailOfLength(length: number): string {
  const local = 'a'.repeat(64);
  let domain = 'test';
  while (local.length + 1 + domain.length < length) {
    const room = length - (local.length + 1 + domain.length) - 1;
    domain = `${'b'.repeat(Math.min(63, Math.max(1, room)))}.${domain}`;
  }
  const email = `${local}@${domain}`;
  if (email.length !== length) throw new Error(`made ${email.length} characters, not ${length}`);
  return email;
}

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the longest email address RFC 5321 allows', () => {
  const password = 'correct horse battery staple';

  it('registers and signs in at 254 characters', async () => {
    const email = emailOfLength(254);
    expect(
      (await post('/api/auth/register', { email, password, displayName: 'Long' })).status,
    ).toBe(201);
    expect((await post('/api/auth/login', { email, password })).status).toBe(200);
    expect((await post('/api/auth/login', { email, password: 'wrong password' })).status).toBe(401);
  });

  it('is refused with a 400 at 255 characters, on both forms', async () => {
    const email = emailOfLength(255);
    for (const response of [
      await post('/api/auth/register', { email, password, displayName: 'Too long' }),
      await post('/api/auth/login', { email, password }),
    ]) {
      expect(response.status).toBe(400);
      const problem = ProblemSchema.parse(await response.json());
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors?.map((issue) => issue.field)).toEqual(['body.email']);
    }
  });
});
