// Serves the admin app: in development through Vite's middleware (with hot reload), in production
// from the build. The port and host come from app/lib/env.server.ts via the built app, so the
// environment is parsed in one place.
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';

// The one variable read here: it decides how to load the app that parses the rest.
const development = process.env.NODE_ENV === 'development';

const vite = development
  ? await import('vite').then(({ createServer }) =>
      createServer({ server: { middlewareMode: true } }),
    )
  : undefined;

/** @returns {Promise<import('@remix-run/node').ServerBuild>} */
const loadBuild = () =>
  vite
    ? vite.ssrLoadModule('virtual:remix/server-build')
    : import(new URL('./build/server/index.js', import.meta.url).href);

// A bad environment (EnvError from env.server.ts) is the operator's to fix: say what, not where.
const build = await loadBuild().catch((error) => {
  if (error?.name !== 'EnvError') throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
const { env, CLIENT_IP_HEADER, bodyTimeouts } = build.entry.module;
const timeouts = bodyTimeouts(env);

const app = express();
app.disable('x-powered-by');
app.use(timeouts.middleware);
// The viewer's address is read exactly as many hops deep as there are proxies in front of us.
app.set('trust proxy', env.TRUSTED_PROXY_COUNT);
app.use((req, _res, next) => {
  // The API client passes this on to the API, so it must be ours: replace whatever the browser sent.
  req.headers[CLIENT_IP_HEADER] = req.ip ?? '';
  next();
});
app.use(compression());
if (vite) {
  app.use(vite.middlewares);
} else {
  // Vite fingerprints everything under /assets, so those files can be cached for good.
  app.use(
    '/assets',
    express.static(new URL('./build/client/assets', import.meta.url).pathname, {
      immutable: true,
      maxAge: '1y',
    }),
  );
  app.use(express.static(new URL('./build/client', import.meta.url).pathname, { maxAge: '1h' }));
}
app.all(
  '*',
  createRequestHandler({
    build: vite ? loadBuild : build,
    mode: development ? 'development' : 'production',
  }),
);

// A request the timeouts already answered (408) may fail later inside Remix: nothing is left to send.
app.use((error, _req, res, next) => (res.writableEnded ? undefined : next(error)));

const server = timeouts.configure(
  app.listen(env.ADMIN_PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.ADMIN_PORT;
    process.stdout.write(
      `Lanxang admin listening on http://${env.HOST}:${port} (API ${env.API_URL})\n`,
    );
  }),
);

function shutdown() {
  // Finish in-flight requests, then exit; idle keep-alive sockets are closed at once.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  void vite?.close();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
