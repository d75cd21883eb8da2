/**
 * The TMDB ids in whatever an admin pasted: bare ids, one per line or separated by commas or
 * spaces, or TMDB film links (`https://www.themoviedb.org/movie/550-fight-club`). Duplicates are
 * dropped, order kept. Anything that is neither is returned as `rejected`, to be shown back.
 */
export function parseTmdbIds(text: string): { ids: number[]; rejected: string[] } {
  const ids: number[] = [];
  const rejected: string[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const match = token.match(/^(\d+)$/) ?? token.match(/themoviedb\.org\/movie\/(\d+)/);
    const id = match?.[1] ? Number(match[1]) : NaN;
    if (Number.isSafeInteger(id) && id > 0) {
      if (!ids.includes(id)) ids.push(id);
    } else {
      rejected.push(token);
    }
  }
  return { ids, rejected };
}
