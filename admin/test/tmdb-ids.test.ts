import { describe, expect, it } from 'vitest';
import { parseTmdbIds } from '~/lib/tmdb-ids';

describe('parseTmdbIds', () => {
  it('reads ids and TMDB film links in any separator, once each, in order', () => {
    expect(
      parseTmdbIds('550\n1090550, 13;https://www.themoviedb.org/movie/550-fight-club  680'),
    ).toEqual({ ids: [550, 1090550, 13, 680], rejected: [] });
  });

  it('hands back whatever is not an id', () => {
    expect(parseTmdbIds('550 fight 0 -3 12.5')).toEqual({
      ids: [550],
      rejected: ['fight', '0', '-3', '12.5'],
    });
    expect(parseTmdbIds('  \n ')).toEqual({ ids: [], rejected: [] });
  });
});
