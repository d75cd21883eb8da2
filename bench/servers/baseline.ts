/**
 * The baseline: a bare `node:http` server that runs the very SQL strings the API runs
 * (`catalog.sql.ts`), with the same parameters, as the same named prepared statements on a
 * `pg.Pool` of the same size, and answers `JSON.stringify` of the rows. No framework, no
 * validation, no shaping: what is left is PostgreSQL, the driver and Node's HTTP.
 *
 * Started by `catalog.bench.ts` as a child process; reports its URL over IPC.
 */
import { searchKey } from '@lanxang/contracts';
import {
  genreNamesSql,
  heroSql,
  HOME_ROWS_SQL_VALUES,
  homeRowsSql,
  listMoviesSql,
  movieDetailsSql,
  similarMoviesSql,
} from '@lanxang/api/modules/catalog/sql';
import { barePgPool, serveBaseline } from './bare-pg.js';

// The API's own constants (catalog.read.ts): the baseline asks for the same amount of data.
const SIMILAR_COUNT = 12;
const PAGE_SIZE = 24;

const { pool, query } = barePgPool();

async function answer(url: URL): Promise<unknown> {
  if (url.pathname === '/api/home') {
    const [hero, rows, genres] = await Promise.all([
      query(heroSql, [new Date()]),
      query(homeRowsSql, HOME_ROWS_SQL_VALUES),
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

serveBaseline(pool, (_request, url) => answer(url));
