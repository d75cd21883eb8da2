import {
  imageUrlFor,
  resolveText,
  type AdminMovieList,
  type Genre,
  type Image,
  type Locale,
  type MovieDetails,
  type MovieSummary,
} from '@lanxang/contracts';

export type LaoCompleteness = 'complete' | 'partial' | 'missing';

const has = (text: string | undefined) => Boolean(text?.trim());

/** Complete once the title and overview are in Lao; the tagline is optional in both languages. */
export function laoCompleteness(movie: Pick<MovieSummary, 'title' | 'overview'>): LaoCompleteness {
  const translated = [movie.title.lo, movie.overview.lo].filter(has).length;
  if (translated === 2) return 'complete';
  return translated === 0 ? 'missing' : 'partial';
}

/** The smallest stored size at least `minWidth` wide, else the largest there is. */
export function imageUrl(image: Image | null, minWidth: number): string | null {
  return image ? imageUrlFor(image, minWidth) : null;
}

export type FilmStatus = MovieDetails['status'];

export type AdminMovieSummary = AdminMovieList['items'][number];

/** One row of the films table: only what the table shows travels to the browser. */
export function toFilmRow(
  movie: AdminMovieSummary,
  genresById: ReadonlyMap<number, Genre>,
  locale: Locale,
) {
  return {
    id: movie.id,
    title: { en: movie.title.en ?? '', lo: movie.title.lo ?? '' },
    year: movie.releaseDate?.slice(0, 4) ?? null,
    genres: movie.genreIds.flatMap((id) => {
      const genre = genresById.get(id);
      return genre ? [resolveText(genre.name, locale)] : [];
    }),
    posterUrl: imageUrl(movie.poster, 92),
    status: movie.status as FilmStatus,
    lao: laoCompleteness(movie),
    updatedAt: movie.updatedAt,
  };
}

export type FilmRow = ReturnType<typeof toFilmRow>;
