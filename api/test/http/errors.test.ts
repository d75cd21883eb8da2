import { ProblemSchema, routes } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { env: { BODY_LIMIT: '2kb' } });
});
afterAll(() => app?.close());

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = ProblemSchema.parse(await response.json());
  expect(problem.status).toBe(response.status);
  expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  expect(JSON.stringify(problem)).not.toMatch(/\bat .+\.ts:\d+/);
  return problem;
}

describe('one error shape for every failure', () => {
  it('answers an unknown route with 404 route_not_found', async () => {
    const response = await app.request('/api/no-such-thing');
    expect(response.status).toBe(404);
    const problem = await problemOf(response);
    expect(problem.code).toBe('route_not_found');
    expect(problem.detail).toContain('/api/no-such-thing');
  });

  it('answers a malformed query with 400 naming the field', async () => {
    const response = await app.request('/api/movies?page=0&pageSize=500');
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.map((issue) => issue.field).sort()).toEqual([
      'query.page',
      'query.pageSize',
    ]);
  });

  it('answers a bad id with 400, not 500', async () => {
    const response = await app.request('/api/people/abc');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.field).toBe('params.id');
  });

  it('answers broken JSON with 400 invalid_json', async () => {
    const response = await app.request('/api/movies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": ',
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('invalid_json');
  });

  it('answers a body over the limit with 413', async () => {
    const response = await app.request('/api/movies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(10_000) }),
    });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('payload_too_large');
  });

  it('answers a wrong method with 405 and the allowed ones', async () => {
    const response = await app.request('/api/movies', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('GET');
    expect((await problemOf(response)).code).toBe('method_not_allowed');
  });

  it('answers an unexpected failure with 500, the request id and no internals', async () => {
    await app.db.sql('alter table genres rename to genres_gone');
    try {
      const response = await app.request('/api/genres', {
        headers: { 'x-request-id': 'trace-me-123' },
      });
      expect(response.status).toBe(500);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({ code: 'internal_error', requestId: 'trace-me-123' });
      expect(problem.detail).not.toMatch(/genres|relation|sql/i);
    } finally {
      await app.db.sql('alter table genres_gone rename to genres');
    }
  });
});

describe('health and readiness', () => {
  it('is alive and ready when the database answers', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/api/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });
});

describe('OpenAPI', () => {
  it('documents every route with its schemas', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    for (const [operationId, spec] of Object.entries(routes)) {
      const operation = document.paths[spec.path]?.[spec.method] as
        { operationId?: string } | undefined;
      expect(operation?.operationId, `${spec.method} ${spec.path}`).toBe(operationId);
    }
    expect(document.components.schemas).toHaveProperty('MovieDetails');
    expect(document.components.schemas).toHaveProperty('Problem');
    expect(JSON.stringify(document)).not.toContain('#/$defs/');
  });
});
