// Serves the built TV app (dist/) the way a TV's browser would load it. `API_URL`, when set, is
// written into the served settings.json, so one build runs against any API without rebuilding.
//   TV_PORT (default 8080)  TV_HOST (default 0.0.0.0)  API_URL
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The code-split chunks beside appBundle.js (esbuild `chunkNames`: `[name]-[hash]`). */
const HASHED_CHUNK = /^[\w-]+-[A-Z0-9]{8}\.js$/;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Starts the server; resolves once it listens. Used by `pnpm start` and by the browser tests. */
export async function serveTvApp({
  root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist'),
  port = Number(process.env.TV_PORT ?? 8080),
  host = process.env.TV_HOST ?? '0.0.0.0',
  apiUrl = process.env.API_URL,
} = {}) {
  const server = createServer(async (request, response) => {
    try {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (pathname === '/settings.json') {
        const settings = JSON.parse(await readFile(path.join(root, 'settings.json'), 'utf8'));
        if (apiUrl) settings.appSettings.apiUrl = apiUrl;
        response.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
        response.end(JSON.stringify(settings));
        return;
      }
      const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
      if (!file.startsWith(root + path.sep)) throw new Error('outside root');
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      response.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': info.size,
        // Hashed assets and chunks never change; index.html must always be fresh.
        'cache-control':
          file.includes(`${path.sep}assets${path.sep}`) || HASHED_CHUNK.test(path.basename(file))
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
      });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { url, close } = await serveTvApp();
  console.warn(`TV app on ${url} (API ${process.env.API_URL ?? 'from settings.json'})`);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => close().then(() => process.exit(0)));
}
