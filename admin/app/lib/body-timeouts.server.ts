import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The upload proxy (`admin.media.$id.upload.ts`): its body is a video of up to 20 GiB. */
const UPLOAD_PATH = /^\/admin\/media\/[^/]+\/upload\/?$/;

interface TimeoutSettings {
  HTTP_REQUEST_TIMEOUT_MS: number;
  UPLOAD_IDLE_TIMEOUT_MS: number;
}

/**
 * How long a request may take to arrive, per request, for `server.js`. Node's `requestTimeout`
 * is one value for the whole server and would cut a large upload at 5 minutes, so it is turned
 * off (`configure`) and `middleware` times each request instead: the upload proxy by its idle
 * time, anything else by a deadline for the whole body.
 */
export function bodyTimeouts(settings: TimeoutSettings) {
  return {
    configure<S extends Server>(server: S): S {
      server.requestTimeout = 0;
      return server;
    },

    middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
      if (UPLOAD_PATH.test(new URL(req.url ?? '/', 'http://admin').pathname)) {
        const seconds = settings.UPLOAD_IDLE_TIMEOUT_MS / 1000;
        // The socket's idle timer; Node emits `timeout` on the request only while it is incomplete.
        req.setTimeout(settings.UPLOAD_IDLE_TIMEOUT_MS, () =>
          cutOff(req, res, `The upload stalled: nothing arrived for ${seconds} s.`),
        );
        req.once('end', () => req.socket.setTimeout(0));
      } else {
        const seconds = settings.HTTP_REQUEST_TIMEOUT_MS / 1000;
        const timer = setTimeout(() => {
          if (!req.complete)
            cutOff(req, res, `The request did not arrive whole within ${seconds} s.`);
        }, settings.HTTP_REQUEST_TIMEOUT_MS);
        res.once('close', () => clearTimeout(timer));
      }
      next();
    },
  };
}

/** Answers 408 at once, then closes the connection; whatever the route answers later is dropped. */
function cutOff(req: IncomingMessage, res: ServerResponse, detail: string): void {
  if (!res.headersSent) {
    res.writeHead(408, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ code: 'request_timeout', detail }));
  }
  if (res.writableFinished) req.destroy();
  else res.once('finish', () => req.destroy());
}
