import {
  type ContinueWatchingEntry,
  HOME_ROW_MAX,
  HOME_ROW_PAGE,
  type HomeRowPage,
  ID_MAX,
  resolveText,
  searchKey,
  type Home,
  type Image,
  type ImageKind,
  type Locale,
  type LocalizedText,
  type MovieCard,
  type MovieDetails,
  type MovieList,
  type MovieListQuery,
  type MovieSummary,
  type PersonDetails,
  type PersonSummary,
} from '@lanxang/contracts';
import type { AdminMovieList, AdminMovieListQuerySchema } from '@lanxang/contracts';
import type { z } from 'zod';
import type { Db } from '../../db.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { MediaStorage } from '../media/storage.js';
import {
  adminListMoviesSql,
  filmographySql,
  genreNamesSql,
  genreSql,
  genresSql,
  heroSql,
  HOME_ROWS_SQL_VALUES,
  homeRowPageSql,
  homeRowsSql,
  imageSql,
  listMoviesSql,
  movieDetailsSql,
  movieSummariesByIdSql,
  personSql,
  similarMoviesSql,
} from './catalog.sql.js';

type Texts<Field extends string> = Partial<Record<Locale, Record<Field, string>>> | null;
export interface ImageRow {
  id: number;
  kind: ImageKind;
  locale: Locale | null;
  width: number;
  height: number;
  key: string;
}
/** A row of `MOVIE_SUMMARY_COLUMNS`. */
export interface SummaryRow {
  id: number;
  slug: string;
  release_date: string | null;
  runtime_minutes: number | null;
  certification: string | null;
  vote_average: number | null;
  rental_required: boolean;
  texts: Texts<'title' | 'overview' | 'tagline'>;
  genre_ids: number[];
  poster: ImageRow | null;
  backdrop: ImageRow | null;
}
/** A row the home's SQL lists with no film (a row without its cards, a genre with no more films). */
interface NoFilm {
  id: null;
}
/** A row of `MOVIE_CARD_COLUMNS`. */
type CardRow = Pick<
  SummaryRow,
  'id' | 'slug' | 'release_date' | 'vote_average' | 'rental_required' | 'poster'
> & { texts: Texts<'title'> };
interface PersonRow {
  id: number;
  names: LocalizedText | null;
  profile: ImageRow | null;
}

const SIMILAR_COUNT = 12;

/**
 * The public catalog reads, shaped as the contracts say. Each runs a fixed number of queries.
 * Image URLs point wherever `storage` serves from (the API's `/media/` or a bucket's CDN).
 */
export function catalogReader(db: Pick<Db, 'sql'>, storage: Pick<MediaStorage, 'urlPrefix'>) {
  const { urlPrefix } = storage;
  const toImage = (row: ImageRow | null): Image | null => row && imageDto(urlPrefix, row);

  // `resolved` is added last, only with a locale: the same keys in the same order as a spread
  // would give, without the object a spread makes and copies for every tile.
  const toSummary = (row: SummaryRow, locale: Locale | undefined): MovieSummary => {
    const title = pick(row.texts, 'title');
    const overview = pick(row.texts, 'overview');
    const summary: MovieSummary = {
      id: row.id,
      slug: row.slug,
      title,
      overview,
      releaseDate: row.release_date,
      runtimeMinutes: row.runtime_minutes,
      certification: row.certification,
      voteAverage: row.vote_average,
      rentalRequired: row.rental_required,
      genreIds: row.genre_ids,
      poster: toImage(row.poster),
      backdrop: toImage(row.backdrop),
    };
    if (locale)
      summary.resolved = {
        title: resolveText(title, locale),
        overview: resolveText(overview, locale),
      };
    return summary;
  };

  const toCard = (row: CardRow, locale: Locale | undefined): MovieCard => {
    const title = pick(row.texts, 'title');
    const card: MovieCard = {
      id: row.id,
      slug: row.slug,
      title,
      releaseDate: row.release_date,
      voteAverage: row.vote_average,
      rentalRequired: row.rental_required,
      poster: toImage(row.poster),
    };
    if (locale) card.resolved = { title: resolveText(title, locale) };
    return card;
  };

  const toPersonSummary = (row: PersonRow, locale: Locale | undefined): PersonSummary => {
    const name = compact(row.names);
    const person: PersonSummary = { id: row.id, name, profile: toImage(row.profile) };
    if (locale) person.resolved = { name: resolveText(name, locale) };
    return person;
  };

  return {
    /** A film tile from a row of `MOVIE_SUMMARY_COLUMNS` (other modules list films too). */
    toSummary,

    async listMovies(query: MovieListQuery): Promise<MovieList> {
      const search = query.q ? searchKey(query.q) : '';
      const rows = await db.sql<CardRow & { total: string }>(listMoviesSql(query.sort), [
        query.genre ?? null,
        search ? `%${escapeLike(search)}%` : null,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ]);
      return {
        items: rows.map((row) => toCard(row, query.locale)),
        page: query.page,
        pageSize: query.pageSize,
        total: rows[0] ? Number(rows[0].total) : await countBeyondPage(query, search),
      };
    },

    async getMovie(
      idOrSlug: number | string,
      locale: Locale | undefined,
      { includeDrafts = false } = {},
    ): Promise<MovieDetails> {
      const [row] = await db.sql<
        SummaryRow & {
          original_title: string;
          original_language: string;
          tmdb_id: number | null;
          imdb_id: string | null;
          status: 'draft' | 'published';
          price_amount: number | null;
          price_currency: string;
          pricing_tier_id: number | null;
          trailer_url: string | null;
          genres: { id: number; tmdbId: number | null; names: LocalizedText | null }[];
          images: ImageRow[];
          video_sources: MovieDetails['videoSources'];
          cast: { order: number; roles: LocalizedText | null; person: PersonRow }[];
          crew: { department: string; roles: LocalizedText | null; person: PersonRow }[];
        }
      >(
        movieDetailsSql,
        typeof idOrSlug === 'number'
          ? [idOrSlug, null, includeDrafts]
          : [null, idOrSlug, includeDrafts],
      );
      if (!row) throw notFound('That film');
      const similar = await db.sql<CardRow>(similarMoviesSql, [row.id, SIMILAR_COUNT]);
      const summary = toSummary(row, locale);
      const tagline = pick(row.texts, 'tagline');
      const imagesOf = (kind: ImageKind) =>
        row.images.filter((image) => image.kind === kind).map((image) => toImage(image) as Image);
      return {
        ...summary,
        tagline,
        originalTitle: row.original_title,
        originalLanguage: row.original_language,
        tmdbId: row.tmdb_id,
        imdbId: row.imdb_id,
        status: row.status,
        price:
          row.price_amount === null
            ? null
            : { amount: row.price_amount, currency: row.price_currency },
        pricingTierId: row.pricing_tier_id,
        trailerUrl: row.trailer_url,
        genres: row.genres.map((genre) => ({
          id: genre.id,
          tmdbId: genre.tmdbId,
          name: compact(genre.names),
        })),
        cast: row.cast.map((credit) => {
          const character = compact(credit.roles);
          return {
            person: toPersonSummary(credit.person, locale),
            character,
            order: credit.order,
            ...(locale && { resolved: { character: resolveText(character, locale) } }),
          };
        }),
        crew: row.crew.map((credit) => {
          const job = compact(credit.roles);
          return {
            person: toPersonSummary(credit.person, locale),
            department: credit.department,
            job,
            ...(locale && { resolved: { job: resolveText(job, locale) } }),
          };
        }),
        images: {
          posters: imagesOf('poster'),
          backdrops: imagesOf('backdrop'),
          logos: imagesOf('logo'),
        },
        videoSources: row.video_sources,
        similar: similar.map((movie) => toCard(movie, locale)),
        resolved: locale && {
          title: resolveText(summary.title, locale),
          overview: resolveText(summary.overview, locale),
          tagline: resolveText(tagline, locale),
        },
      };
    },

    async adminListMovies(
      query: z.infer<typeof AdminMovieListQuerySchema>,
    ): Promise<AdminMovieList> {
      const search = query.q ? searchKey(query.q) : '';
      const rows = await db.sql<
        SummaryRow & {
          total: string;
          status: 'draft' | 'published';
          updated_at: Date | string;
          missing: string[];
        }
      >(adminListMoviesSql, [
        query.status ?? null,
        search ? `%${escapeLike(search)}%` : null,
        query.missingLocale ?? null,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ]);
      return {
        items: rows.map((row) => ({
          ...toSummary(row, undefined),
          status: row.status,
          missing: row.missing,
          updatedAt: new Date(row.updated_at).toISOString(),
        })),
        page: query.page,
        pageSize: query.pageSize,
        total: rows[0] ? Number(rows[0].total) : 0,
      };
    },

    async getPerson(id: number, locale: Locale | undefined): Promise<PersonDetails> {
      const [row] = await db.sql<{
        id: number;
        tmdb_id: number | null;
        birthday: string | null;
        place_of_birth: string | null;
        texts: Texts<'name' | 'biography'>;
        profile: ImageRow | null;
      }>(personSql, [id]);
      if (!row) throw notFound('That person');
      const films = await db.sql<
        SummaryRow & { credit: 'cast' | 'crew'; roles: LocalizedText | null }
      >(filmographySql, [id]);
      const name = pick(row.texts, 'name');
      const biography = pick(row.texts, 'biography');
      return {
        id: row.id,
        tmdbId: row.tmdb_id,
        name,
        biography,
        birthday: row.birthday,
        placeOfBirth: row.place_of_birth,
        profile: toImage(row.profile),
        filmography: films.map((film) => ({
          movie: toSummary(film, locale),
          credit: film.credit,
          role: compact(film.roles),
        })),
        ...(locale && {
          resolved: { name: resolveText(name, locale), biography: resolveText(biography, locale) },
        }),
      };
    },

    async listGenres(locale: Locale | undefined) {
      const rows = await db.sql<GenreRow>(genresSql);
      return { items: rows.map((row) => toGenre(row, locale)) };
    },

    /** One genre as `listGenres` shows it, for the admin's answer to a genre write. */
    async getGenre(id: number) {
      const [row] = await db.sql<GenreRow>(genreSql, [id]);
      if (!row) throw notFound('That genre');
      return toGenre(row, undefined);
    },

    /** One image with the URLs of its sizes, for the admin's answer to an image write. */
    async getImage(id: number): Promise<Image> {
      const [row] = await db.sql<{ image: ImageRow }>(imageSql, [id]);
      if (!row) throw notFound('That image');
      return imageDto(urlPrefix, row.image);
    },

    /** Published films' tiles by id (rentals, progress rows), in no particular order. */
    async summariesOf(ids: number[], locale: Locale | undefined): Promise<MovieSummary[]> {
      if (!ids.length) return [];
      const rows = await db.sql<SummaryRow>(movieSummariesByIdSql, [ids]);
      return rows.map((row) => toSummary(row, locale));
    },

    /** The home everyone sees; `withContinueWatching` adds a known viewer's own row. */
    async home(locale: Locale | undefined, { now = new Date() } = {}): Promise<Home> {
      const [hero, rows, genres] = await Promise.all([
        db.sql<SummaryRow & { custom_image: ImageRow | null }>(heroSql, [now]),
        db.sql<
          (SummaryRow | NoFilm) & {
            row_kind: 'new' | 'top-rated' | 'genre';
            genre_id: number | null;
          }
        >(homeRowsSql, HOME_ROWS_SQL_VALUES),
        db.sql<{ id: number; names: LocalizedText | null }>(genreNamesSql),
      ]);
      const genreNames = new Map(genres.map((genre) => [genre.id, compact(genre.names)]));
      const grouped = new Map<string, { row: Home['rows'][number]; films: SummaryRow[] }>();
      for (const row of rows) {
        const id = row.row_kind === 'genre' ? `genre-${row.genre_id}` : row.row_kind;
        let entry = grouped.get(id);
        if (!entry) {
          const title =
            row.row_kind === 'genre'
              ? (genreNames.get(row.genre_id!) ?? {})
              : ROW_TITLES[row.row_kind];
          entry = {
            row: {
              id,
              kind: row.row_kind,
              title,
              genreId: row.genre_id,
              items: [],
              next: null,
              ...(locale && { resolved: { title: resolveText(title, locale) } }),
            },
            films: [],
          };
          grouped.set(id, entry);
        }
        if (row.id !== null) entry.films.push(row);
      }
      return {
        hero: hero.map((item) => ({
          movie: toSummary(item, locale),
          image: toImage(item.custom_image ?? item.backdrop),
        })),
        rows: [...grouped.values()].map(({ row, films }) => {
          // A row listed without its cards starts at its first page.
          if (films.length === 0) return { ...row, next: encodeCursor(row.id, 0) };
          return { ...row, ...pageOf(row.id, films, 0, locale) };
        }),
      };
    },

    /** One page of a catalog row of Home, from `cursor` (a row's `next`) or its start. */
    async homeRow(
      rowId: string,
      cursor: string | undefined,
      locale: Locale | undefined,
    ): Promise<HomeRowPage> {
      const kind = rowKindOf(rowId);
      const offset = cursor === undefined ? 0 : decodeCursor(rowId, cursor);
      const genre = kind === 'genre' ? Number(rowId.slice('genre-'.length)) : null;
      const rows = await db.sql<SummaryRow | NoFilm>(homeRowPageSql(kind), [
        Math.min(HOME_ROW_PAGE, HOME_ROW_MAX - offset) + 1,
        offset,
        ...(genre === null ? [] : [genre]),
      ]);
      if (kind === 'genre' && rows.length === 0) throw notFound('That row');
      const films = rows.filter((row): row is SummaryRow => row.id !== null);
      return { id: rowId, ...pageOf(rowId, films, offset, locale) };
    },
  };

  /**
   * A page of a row's cards from the films fetched for it (one more than a page when more
   * follow), with the cursor of the next page unless the row ends here.
   */
  function pageOf(
    rowId: string,
    films: SummaryRow[],
    offset: number,
    locale: Locale | undefined,
  ): Pick<HomeRowPage, 'items' | 'next'> {
    const size = Math.min(HOME_ROW_PAGE, HOME_ROW_MAX - offset);
    const end = offset + size;
    return {
      items: films.slice(0, size).map((film) => toSummary(film, locale)),
      next: films.length > size && end < HOME_ROW_MAX ? encodeCursor(rowId, end) : null,
    };
  }

  /** A page past the end has no rows to carry the total, so count separately (rare). */
  async function countBeyondPage(query: MovieListQuery, search: string): Promise<number> {
    if (query.page === 1) return 0;
    const rows = await db.sql<{ total: string }>(listMoviesSql('newest'), [
      query.genre ?? null,
      search ? `%${escapeLike(search)}%` : null,
      1,
      0,
    ]);
    return rows[0] ? Number(rows[0].total) : 0;
  }
}

export type CatalogReader = ReturnType<typeof catalogReader>;

/** The home with the viewer's Continue watching row first, when they have unfinished films. */
export function withContinueWatching(
  home: Home,
  continueWatching: ContinueWatchingEntry[],
  locale: Locale | undefined,
): Home {
  if (continueWatching.length === 0) return home;
  const title = ROW_TITLES['continue-watching'];
  const row: Home['rows'][number] = {
    id: 'continue-watching',
    kind: 'continue-watching',
    title,
    genreId: null,
    items: continueWatching.map((entry) => entry.movie),
    progress: continueWatching.map(({ movie: _movie, ...position }) => position),
    next: null,
    ...(locale && { resolved: { title: resolveText(title, locale) } }),
  };
  return { ...home, rows: [row, ...home.rows] };
}

/**
 * An image as clients get it: one absolute URL template for every stored size. `urlPrefix` is the
 * storage's (`MediaStorage.urlPrefix`); image keys are made by our own code, so they are joined as
 * they are.
 */
export function imageDto(urlPrefix: string, row: ImageRow): Image {
  return {
    id: row.id,
    kind: row.kind,
    locale: row.locale,
    width: row.width,
    height: row.height,
    url: `${urlPrefix}${row.key}/{size}.jpg`,
  };
}

interface GenreRow {
  id: number;
  tmdb_id: number | null;
  names: LocalizedText | null;
}

function toGenre(row: GenreRow, locale: Locale | undefined) {
  const name = compact(row.names);
  return {
    id: row.id,
    tmdbId: row.tmdb_id,
    name,
    ...(locale && { resolved: { name: resolveText(name, locale) } }),
  };
}

/** The kind of a catalog row of Home from its id; any other id is no row of Home. */
function rowKindOf(rowId: string): 'new' | 'top-rated' | 'genre' {
  if (rowId === 'new' || rowId === 'top-rated') return rowId;
  const genre = /^genre-([1-9][0-9]{0,9})$/.exec(rowId);
  if (genre && Number(genre[1]) <= ID_MAX) return 'genre';
  throw notFound('That row');
}

/**
 * A cursor names its row as well as where the next page starts, so one row's cursor handed to
 * another is refused rather than silently read. Base64url keeps clients from building their own.
 */
function encodeCursor(rowId: string, offset: number): string {
  return Buffer.from(`${rowId}:${offset}`).toString('base64url');
}

function decodeCursor(rowId: string, cursor: string): number {
  const match = /^(.+):(0|[1-9][0-9]{0,3})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const offset = Number(match?.[2]);
  if (!match || match[1] !== rowId || offset >= HOME_ROW_MAX)
    throw badRequest(
      'That cursor was not given for this row; start again from Home.',
      'invalid_cursor',
    );
  return offset;
}

const ROW_TITLES: Record<'new' | 'top-rated' | 'continue-watching', LocalizedText> = {
  'continue-watching': { en: 'Continue watching', lo: 'ເບິ່ງຕໍ່' },
  new: { en: 'New releases', lo: 'ໜັງໃໝ່' },
  'top-rated': { en: 'Top rated', lo: 'ຄະແນນສູງສຸດ' },
};

// These two run for every text of every tile: loops over the keys, no entry arrays.

/** Drops empty translations so `{ en: 'x', lo: '' }` reads as "no Lao yet". */
function compact(text: LocalizedText | null): LocalizedText {
  const result: LocalizedText = {};
  if (!text) return result;
  for (const locale in text) {
    const value = text[locale as Locale];
    if (value) result[locale as Locale] = value;
  }
  return result;
}

function pick<Field extends string>(texts: Texts<Field>, field: Field): LocalizedText {
  const result: LocalizedText = {};
  if (!texts) return result;
  for (const locale in texts) {
    const value = texts[locale as Locale]?.[field];
    if (value) result[locale as Locale] = value;
  }
  return result;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
