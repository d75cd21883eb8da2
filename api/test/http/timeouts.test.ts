import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';
import { adminHeaders, createMovie, useAdmin } from '../media/pipeline-helpers.js';

const REQUEST_TIMEOUT_MS = 1_500;
const IDLE_TIMEOUT_MS = 700;
let app: TestApp;
let movieId: number;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), {
    env: {
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      UPLOAD_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    },
  });
  await useAdmin(app);
  movieId = await createMovie(app.request, 'A Slow Upload', false);
});
afterAll(() => app?.close());

interface Answer {
  status: number;
  body: string;
}

/**
 * Sends `chunks` one by one with `pauseMs` between them, as a slow client does, and resolves with
 * the answer, or `'reset'` when the connection was cut with no answer at all.
 */
function sendSlowly(
  path: string,
  headers: Record<string, string>,
  chunks: Buffer[],
  pauseMs: (index: number) => number,
): Promise<Answer | 'reset'> {
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return new Promise((resolve) => {
    const outgoing = httpRequest(`${app.url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(length) },
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve('reset'));
    });
    outgoing.on('error', () => resolve('reset'));
    void (async () => {
      for (const [index, chunk] of chunks.entries()) {
        if (outgoing.destroyed) return;
        outgoing.write(chunk);
        await sleep(pauseMs(index));
      }
      if (!outgoing.destroyed) outgoing.end();
    })();
  });
}

const BOUNDARY = 'lanxang-slow-upload';
/** A multipart video upload cut into `count` pieces. */
function uploadPieces(count: number): Buffer[] {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="slow.mp4"\r\n` +
      'Content-Type: video/mp4\r\n\r\n',
  );
  const pieces = Array.from({ length: count }, (_, index) => Buffer.alloc(64 * 1024, index));
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return [head, ...pieces, tail];
}
const uploadHeaders = () => ({
  ...adminHeaders(),
  'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
});

describe('request timeouts: uploads may be slow, not stalled', () => {
  it('receives a slow but steady upload that takes longer than the request timeout', async () => {
    const started = Date.now();
    const answer = await sendSlowly(
      `/api/admin/movies/${movieId}/video`,
      uploadHeaders(),
      uploadPieces(12),
      () => 250,
    );
    expect(Date.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS);
    expect(answer).not.toBe('reset');
    // Received whole: the API probed the bytes (not a real video, so a 422) rather than timing out.
    const { status, body } = answer as Answer;
    expect([202, 422], body).toContain(status);
  });

  it('cuts a stalled upload after the idle timeout, with a clear error', async () => {
    const started = Date.now();
    const answer = await sendSlowly(
      `/api/admin/movies/${movieId}/video`,
      uploadHeaders(),
      uploadPieces(4),
      (index) => (index === 2 ? 5_000 : 50),
    );
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    expect(answer).not.toBe('reset');
    expect((answer as Answer).status).toBe(408);
    expect(JSON.parse((answer as Answer).body)).toMatchObject({
      code: 'request_timeout',
      detail: expect.stringContaining('0.7 s'),
    });
    // What had arrived is removed, not left in the uploads folder.
    const uploads = path.join(app.config.media.workDir, 'uploads');
    await expect.poll(async () => readdir(uploads).catch(() => [])).toEqual([]);
  });

  it('still cuts any other request whose body arrives slower than the request timeout', async () => {
    const json = Buffer.from(JSON.stringify({ title: { en: 'Trickled in byte by byte' } }));
    const started = Date.now();
    const answer = await sendSlowly(
      '/api/admin/movies',
      { ...adminHeaders(), 'content-type': 'application/json' },
      [...json].map((byte) => Buffer.from([byte])),
      () => 100,
    );
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    expect(answer).not.toBe('reset');
    expect((answer as Answer).status).toBe(408);
    expect(JSON.parse((answer as Answer).body)).toMatchObject({ code: 'request_timeout' });
  });
});
