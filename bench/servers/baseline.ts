/**
 * The baseline: a bare `node:http` server that runs the very SQL strings the API runs
 * (`catalog.sql.ts`), with the same parameters, as the same named prepared statements on a
 * `pg.Pool` of the same size, and answers `JSON.stringify` of the rows. No framework, no
 * validation, no shaping: what is left is PostgreSQL, the driver and Node's HTTP.
 *
 * Started by `catalog.bench.ts` as a child process; reports its URL over IPC.
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { searchKey } from '@lanxang/contracts';
import pg from 'pg';
import {
  genreNamesSql,
  heroSql,
  homeRowsSql,
  listMoviesSql,
  movieDetailsSql,
  similarMoviesSql,
} from '@lanxang/api/modules/catalog/sql';

// The API's own constants (catalog.read.ts): the baseline asks for the same amount of data.
const HOME_ROW_LENGTH = 20;
const SIMILAR_COUNT = 12;
const PAGE_SIZE = 24;

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: Number(process.env.POOL_MAX ?? 10),
});

// Same naming scheme as api/src/db.ts, so PostgreSQL plans each statement once per connection.
const names = new Map<string, string>();
async function query<Row>(text: string, values: unknown[]): Promise<Row[]> {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  const result = await pool.query({ name, text, values });
  return result.rows as Row[];
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://baseline');
  answer(url)
    .then((body) => send(response, body === undefined ? 404 : 200, body ?? { error: 'not found' }))
    .catch((error: unknown) => send(response, 500, { error: String(error) }));
});

async function answer(url: URL): Promise<unknown> {
  if (url.pathname === '/api/home') {
    const [hero, rows, genres] = await Promise.all([
      query(heroSql, [new Date()]),
      query(homeRowsSql, [HOME_ROW_LENGTH]),
      query(genreNamesSql, []),
    ]);
    return { hero, rows, genres };
  }
  if (url.pathname === '/api/movies') {
    const q = url.searchParams.get('q');
    const search = q ? searchKey(q) : '';
    const rows = await query<{ total: string }>(listMoviesSql('newest'), [
      null,
      search ? `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null,
      PAGE_SIZE,
      0,
    ]);
    return { items: rows, total: rows[0] ? Number(rows[0].total) : 0 };
  }
  const movie = /^\/api\/movies\/(\d+)$/.exec(url.pathname);
  if (movie) {
    const [row] = await query<{ id: number }>(movieDetailsSql, [Number(movie[1]), null, false]);
    if (!row) return undefined;
    const similar = await query(similarMoviesSql, [row.id, SIMILAR_COUNT]);
    return { ...row, similar };
  }
  return undefined;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  response.end(json);
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});

process.on('disconnect', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});

// The bench reads this process's CPU time around each load run.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
