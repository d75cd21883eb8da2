import { createServer, request as httpRequest, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyTimeouts } from '~/lib/body-timeouts.server';

const REQUEST_TIMEOUT_MS = 1_000;
const IDLE_TIMEOUT_MS = 500;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** This server's timeouts in front of a handler that reads the whole body, as the upload proxy does. */
async function start(): Promise<string> {
  const timeouts = bodyTimeouts({
    HTTP_REQUEST_TIMEOUT_MS: REQUEST_TIMEOUT_MS,
    UPLOAD_IDLE_TIMEOUT_MS: IDLE_TIMEOUT_MS,
  });
  server = timeouts.configure(
    createServer((req, res) =>
      timeouts.middleware(req, res, () => {
        let bytes = 0;
        req.on('data', (chunk: Buffer) => (bytes += chunk.length));
        req.on('end', () => res.end(JSON.stringify({ bytes })));
        req.on('error', () => {});
      }),
    ),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Writes `pieces` pieces of 1 KiB with `pauseMs(index)` between them; the answer or `'reset'`. */
function sendSlowly(
  url: string,
  pieces: number,
  pauseMs: (index: number) => number,
): Promise<{ status: number; body: string } | 'reset'> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: { 'content-length': String(pieces * 1024) },
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', () => resolve('reset'));
    void (async () => {
      for (let index = 0; index < pieces; index += 1) {
        if (outgoing.destroyed) return;
        outgoing.write(Buffer.alloc(1024));
        await sleep(pauseMs(index));
      }
      if (!outgoing.destroyed) outgoing.end();
    })();
  });
}

describe("the admin server's body timeouts", () => {
  it('lets a slow but steady video upload take longer than the request timeout', async () => {
    const url = await start();
    const started = Date.now();
    const answer = await sendSlowly(`${url}/admin/media/7/upload`, 10, () => 200);
    expect(Date.now() - started).toBeGreaterThan(REQUEST_TIMEOUT_MS);
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ bytes: 10 * 1024 }) });
  });

  it('cuts a stalled upload after the idle timeout, with a clear error', async () => {
    const url = await start();
    const answer = await sendSlowly(`${url}/admin/media/7/upload`, 4, (index) =>
      index === 1 ? 5_000 : 50,
    );
    expect(answer).not.toBe('reset');
    const { status, body } = answer as { status: number; body: string };
    expect(status).toBe(408);
    expect(JSON.parse(body)).toMatchObject({ code: 'request_timeout' });
  });

  it('cuts any other request whose body arrives slower than the request timeout', async () => {
    const url = await start();
    const started = Date.now();
    const answer = await sendSlowly(`${url}/signin`, 20, () => 200);
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    expect(answer).not.toBe('reset');
    expect((answer as { status: number }).status).toBe(408);
  });
});
