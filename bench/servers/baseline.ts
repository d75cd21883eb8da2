/**
 * The baseline: a bare `node:http` server that runs the very SQL strings the API runs
 * (`catalog-answers.ts`), with the same parameters, as the same named prepared statements on a
 * `pg.Pool` of the same size, and answers `JSON.stringify` of the rows. No framework, no
 * validation, no shaping: what is left is PostgreSQL, the driver and Node's HTTP.
 *
 * Started by `catalog.bench.ts` as a child process; reports its URL over IPC.
 */
import { barePgPool, serveBaseline } from './bare-pg.js';
import { catalogAnswers } from './catalog-answers.js';

const db = barePgPool();
const catalog = catalogAnswers(db);

function answer(url: URL): Promise<unknown> {
  if (url.pathname === '/api/home') return catalog.home();
  if (url.pathname === '/api/movies') return catalog.search(url.searchParams.get('q'));
  const movie = /^\/api\/movies\/(\d+)$/.exec(url.pathname);
  if (movie) return catalog.details(Number(movie[1]));
  return Promise.resolve(undefined);
}

serveBaseline(db.pool, (_request, url) => answer(url));
