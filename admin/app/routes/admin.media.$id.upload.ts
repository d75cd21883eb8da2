import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { data, type ActionFunctionArgs } from '@remix-run/node';
import { apiFor } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';

/**
 * The browser's video upload, piped to the API as it arrives.
 *
 * Why through this server rather than straight from the browser to the API: the admin's session
 * cookie belongs to this site (the API sees it only as this server forwards it), and one origin
 * needs no CORS preflight or credentialed CORS on the API. The cost is one extra hop on loopback or a LAN, not a copy: the multipart body
 * is streamed chunk by chunk (Node's backpressure holds the browser when the API is slow), never
 * buffered, so multi-GB files use a few buffers of memory here. The browser's `XMLHttpRequest`
 * upload events give the progress bar; this server adds nothing to measure.
 *
 * `node:http` rather than `fetch`: the API refuses an oversized body from its `Content-Length`
 * before reading it (413), and `fetch` would report that early answer as a failed request.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const id = requireId(params, 'id');
  if (request.method !== 'POST' || !request.body)
    throw data({ code: 'method_not_allowed' }, { status: 405 });

  const { url: target, headers: forwarded } = apiFor(request).target('adminUploadVideo', { id });
  const headers: Record<string, string> = Object.fromEntries(forwarded);
  for (const name of ['content-type', 'content-length'] as const) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }

  const body = Readable.fromWeb(request.body as NodeWebReadableStream<Uint8Array>);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;

  const answer = await new Promise<{ status: number; type: string; text: string } | null>(
    (resolve) => {
      const upstream = send(target, { method: 'POST', headers });
      // The admin closed the tab or cancelled: stop, so the API removes what it has written.
      const abort = () => upstream.destroy();
      request.signal.addEventListener('abort', abort, { once: true });

      upstream.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          request.signal.removeEventListener('abort', abort);
          resolve({
            status: response.statusCode ?? 502,
            type: response.headers['content-type'] ?? 'application/json',
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', () => resolve(null));
        // An early answer (413) ends the upload: stop feeding the API the rest of the file.
        body.unpipe(upstream);
      });
      upstream.on('error', () => resolve(null));
      body.on('error', () => upstream.destroy());
      body.pipe(upstream);
    },
  );

  if (!answer) {
    return data(
      {
        code: request.signal.aborted ? 'upload_interrupted' : 'service_unavailable',
        detail: 'The upload did not reach the Lanxang API.',
      },
      { status: 502 },
    );
  }
  // The API's answer as it is: the job (202) or its problem+json (413, 415, 422, …).
  return new Response(answer.text, {
    status: answer.status,
    headers: {
      'content-type': answer.type,
      'cache-control': 'no-store',
      // A refused upload may still be streaming in; do not keep this connection for another request.
      ...(answer.status >= 400 ? { connection: 'close' } : {}),
    },
  });
}
