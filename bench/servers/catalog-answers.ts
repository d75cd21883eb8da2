/**
 * The bare servers' catalog reads: the very SQL strings the API runs (`catalog.sql.ts`), with the
 * same parameters, answered as the raw rows. Shared by the bare `node:http` baseline and the Koa
 * floor, so the two differ only in the HTTP stack around them.
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
import type { barePgPool } from './bare-pg.js';

// The API's own constants (catalog.read.ts): the baseline asks for the same amount of data.
const SIMILAR_COUNT = 12;
const PAGE_SIZE = 24;

export function catalogAnswers({ query }: Pick<ReturnType<typeof barePgPool>, 'query'>) {
  return {
    async home(): Promise<unknown> {
      const [hero, rows, genres] = await Promise.all([
        query(heroSql, [new Date()]),
        query(homeRowsSql, HOME_ROWS_SQL_VALUES),
        query(genreNamesSql, []),
      ]);
      return { hero, rows, genres };
    },
    async search(q: string | null): Promise<unknown> {
      const search = q ? searchKey(q) : '';
      const rows = await query<{ total: string }>(listMoviesSql('newest'), [
        null,
        search ? `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null,
        PAGE_SIZE,
        0,
      ]);
      return { items: rows, total: rows[0] ? Number(rows[0].total) : 0 };
    },
    /** `undefined` when there is no such film. */
    async details(id: number): Promise<unknown> {
      const [row] = await query<{ id: number }>(movieDetailsSql, [id, null, false]);
      if (!row) return undefined;
      const similar = await query(similarMoviesSql, [row.id, SIMILAR_COUNT]);
      return { ...row, similar };
    },
  };
}
