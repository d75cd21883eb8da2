import type { Collection } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  CastInputSchema,
  CrewInputSchema,
  Locale,
  MovieUpdateSchema,
} from '@lanxang/contracts';
import type { z } from 'zod';
import { conflict, notFound, validationFailed } from '../../http/errors.js';
import {
  CastCredit,
  CastCreditTranslation,
  CrewCredit,
  CrewCreditTranslation,
  type ICastCredit,
  type ICrewCredit,
} from './credit.entity.js';
import { Genre, type IGenre } from './genre.entity.js';
import { movieRepository } from './movie.repository.js';
import { Movie, MovieTranslation, type IMovie } from './movie.entity.js';
import { Person, type IPerson } from './person.entity.js';
import { PricingTier, type IPricingTier } from '../rentals/pricing-tier.entity.js';
import { mergeTranslations, snapshotTranslations, type TranslatedInput } from './translations.js';

/**
 * The one place films are written, whether an admin typed the change or a TMDB import planned it.
 * The source decides only the rules that differ, each stated where it applies:
 * - `admin`: every given field is written as given; translations it touches are marked edited,
 *   and it owns all of a film's genres and credits.
 * - `tmdb`: English follows TMDB, another locale only while no admin has edited it; genres and
 *   credits an admin added by hand (no TMDB id) stay, and a credit's translations survive.
 */
export type MovieSource = 'admin' | 'tmdb';

export const MOVIE_FIELDS = [
  'slug',
  'originalTitle',
  'originalLanguage',
  'releaseDate',
  'runtimeMinutes',
  'certification',
  'voteAverage',
  'voteCount',
  'popularity',
  'tmdbId',
  'imdbId',
  'trailerUrl',
  'rentalRequired',
  'status',
] as const;
const MOVIE_TEXT_FIELDS = ['title', 'overview', 'tagline'] as const;

export interface CastEntry {
  person: IPerson;
  order: number;
  character: TranslatedInput;
}
export interface CrewEntry {
  person: IPerson;
  department: string;
  job: TranslatedInput;
}

/** A change to one film; what is absent is left as it is. */
export interface MovieChange {
  fields?: Partial<Pick<IMovie, (typeof MOVIE_FIELDS)[number]>>;
  price?: { amount: number; currency: string } | null;
  /** The film's rental tier; the film's `rentalRequired` and price follow it. Null: free. */
  pricingTier?: Pick<IPricingTier, 'id' | 'priceLak' | 'active'> | null;
  texts?: Partial<Record<(typeof MOVIE_TEXT_FIELDS)[number], TranslatedInput>>;
  genres?: IGenre[];
  cast?: CastEntry[];
  crew?: CrewEntry[];
}

type Out<Schema extends z.ZodType> = z.output<Schema>;

/** An admin's request: the film's fields and, optionally, its whole cast and crew. */
export interface MovieInput {
  movie?: Out<typeof MovieUpdateSchema>;
  cast?: Out<typeof CastInputSchema>;
  crew?: Out<typeof CrewInputSchema>;
}

/** Where each part of a `MovieInput` sits in the request, for field errors. */
export interface InputPaths {
  movie: string;
  cast: string;
  crew: string;
}

/** A film with what `writeMovie` and `snapshotMovie` read; with its credits when asked. */
export async function loadMovie(
  tx: EntityManager,
  where: number | { tmdbId: number },
  { credits = false, images = false } = {},
): Promise<IMovie | null> {
  return tx.findOne(Movie, where, {
    populate: [
      'translations',
      'genres',
      ...(images ? (['images'] as const) : []),
      ...(credits
        ? (['cast.person', 'cast.translations', 'crew.person', 'crew.translations'] as const)
        : []),
    ],
  });
}

export async function loadMovieOrFail(
  tx: EntityManager,
  id: number,
  options?: { credits?: boolean },
): Promise<IMovie> {
  const movie = await loadMovie(tx, id, options);
  if (!movie) throw notFound('That film');
  return movie;
}

/** A new draft film; `writeMovie` fills in the rest. */
export async function newMovie(
  tx: EntityManager,
  { slug, slugFrom, originalTitle, tmdbId = null }: NewMovie,
): Promise<IMovie> {
  return tx.create(Movie, {
    slug: slug ?? (await movieRepository(tx).uniqueSlug(slugFrom)),
    tmdbId,
    originalTitle,
    status: 'draft',
  });
}
interface NewMovie {
  slug?: string | undefined;
  /** The title a slug is made from when none is given. */
  slugFrom: string;
  originalTitle: string;
  tmdbId?: number | null;
}

/** Applies `change` to `movie` (loaded by `loadMovie`, with credits when it has any). */
export function writeMovie(
  tx: EntityManager,
  movie: IMovie,
  change: MovieChange,
  source: MovieSource,
): void {
  for (const key of MOVIE_FIELDS) {
    if (change.fields?.[key] !== undefined)
      (movie as Record<string, unknown>)[key] = change.fields[key];
  }
  if (change.price !== undefined) {
    movie.priceAmount = change.price?.amount ?? null;
    if (change.price) movie.priceCurrency = change.price.currency;
  }
  if (change.pricingTier !== undefined) {
    const tier = change.pricingTier;
    // A film already on a deactivated tier keeps it (a re-save sends it back); no other joins it.
    if (tier && !tier.active && movie.pricingTierId !== tier.id)
      throw conflict('That price tier is no longer offered to films.');
    followTier(movie, tier);
  }
  if (change.texts) writeTexts(tx, movie, change.texts, source);
  if (change.genres) {
    const handPicked =
      source === 'tmdb' && movie.genres.isInitialized()
        ? movie.genres.getItems().filter((genre) => genre.tmdbId === null)
        : [];
    movie.genres.set([...handPicked, ...change.genres]);
  }
  if (change.cast) {
    writeCredits(tx, movie.cast, change.cast, source, {
      key: (credit) => `${credit.person.id}`,
      entryKey: (entry) => `${entry.person.id}`,
      create: (entry) => tx.create(CastCredit, { movie, person: entry.person, order: entry.order }),
      texts: (entry) => ({ character: entry.character }),
      createText: (credit, locale) => tx.create(CastCreditTranslation, { credit, locale }),
      update: (credit, entry) => (credit.order = entry.order),
    });
  }
  if (change.crew) {
    const englishJob = (credit: ICrewCredit) =>
      credit.translations.getItems().find((row) => row.locale === 'en')?.job ?? '';
    writeCredits(tx, movie.crew, change.crew, source, {
      key: (credit) => `${credit.person.id}/${credit.department}/${englishJob(credit)}`,
      entryKey: (entry) => `${entry.person.id}/${entry.department}/${entry.job.en ?? ''}`,
      create: (entry) =>
        tx.create(CrewCredit, { movie, person: entry.person, department: entry.department }),
      texts: (entry) => ({ job: entry.job }),
      createText: (credit, locale) => tx.create(CrewCreditTranslation, { credit, locale }),
    });
  }
}

function writeTexts(
  tx: EntityManager,
  movie: IMovie,
  texts: NonNullable<MovieChange['texts']>,
  source: MovieSource,
) {
  const keptByAdmin = new Set<Locale>(
    source === 'tmdb'
      ? movie.translations
          .getItems()
          .filter((row) => row.editedAt && row.locale !== 'en')
          .map((row) => row.locale)
      : [],
  );
  const allowed = Object.fromEntries(
    Object.entries(texts).map(([field, input]) => [
      field,
      input &&
        Object.fromEntries(
          Object.entries(input).filter(([locale]) => !keptByAdmin.has(locale as Locale)),
        ),
    ]),
  );
  mergeTranslations(
    movie.translations,
    allowed,
    (locale) => tx.create(MovieTranslation, { movie, locale }),
    { markEdited: source === 'admin' },
  );
}

/**
 * Makes a film's credits those of `entries`. An admin's list replaces every credit with new
 * rows; an import replaces only credits of TMDB people, reusing the row it matches (by `key`) so
 * the credit's other translations survive.
 */
function writeCredits<
  Credit extends ICastCredit | ICrewCredit,
  Text extends { locale: Locale },
  Entry extends { person: IPerson },
>(
  tx: EntityManager,
  credits: Collection<Credit>,
  entries: Entry[],
  source: MovieSource,
  rows: {
    key: (credit: Credit) => string;
    entryKey: (entry: Entry) => string;
    create: (entry: Entry) => Credit;
    texts: (entry: Entry) => Record<string, TranslatedInput>;
    createText: (credit: Credit, locale: Locale) => Text;
    update?: (credit: Credit, entry: Entry) => void;
  },
) {
  const owned = credits
    .getItems()
    .filter((credit) => source === 'admin' || credit.person.tmdbId !== null);
  const reusable = new Map(
    source === 'tmdb' ? owned.map((credit) => [rows.key(credit), credit]) : [],
  );
  const kept = new Set<Credit>();
  for (const entry of entries) {
    const key = rows.entryKey(entry);
    const credit = reusable.get(key) ?? rows.create(entry);
    reusable.delete(key);
    kept.add(credit);
    rows.update?.(credit, entry);
    mergeTranslations(
      (credit.translations as Collection<Text>).getItems(),
      rows.texts(entry),
      (locale) => rows.createText(credit, locale),
      { markEdited: false },
    );
  }
  for (const credit of owned) if (!kept.has(credit)) credits.remove(credit);
}

/** What the audit log keeps of a film, whoever wrote it; credits when they were loaded. */
export function snapshotMovie(movie: IMovie) {
  return {
    ...Object.fromEntries(MOVIE_FIELDS.map((key) => [key, movie[key]])),
    priceAmount: movie.priceAmount,
    pricingTierId: movie.pricingTierId,
    genreIds: movie.genres.isInitialized()
      ? movie.genres.getItems().map((genre) => genre.id)
      : undefined,
    ...snapshotTranslations(
      movie.translations.isInitialized() ? movie.translations : [],
      MOVIE_TEXT_FIELDS,
    ),
    ...(movie.cast.isInitialized() && {
      cast: movie.cast
        .getItems()
        .toSorted((a, b) => a.order - b.order)
        .map((credit) => ({
          personId: credit.person.id,
          ...snapshotTranslations(credit.translations, ['character']),
        })),
    }),
    ...(movie.crew.isInitialized() && {
      crew: movie.crew.getItems().map((credit) => ({
        personId: credit.person.id,
        department: credit.department,
        ...snapshotTranslations(credit.translations, ['job']),
      })),
    }),
  };
}

/** An admin's input as a change, with its genres and people looked up (400 for unknown ids). */
export async function movieChangeFromInput(
  tx: EntityManager,
  input: MovieInput,
  paths: InputPaths,
): Promise<MovieChange> {
  const { movie = {}, cast, crew } = input;
  const people = await findPeople(tx, [
    ...(cast ?? []).map((credit, index) => ({
      id: credit.personId,
      field: `${paths.cast}.${index}.personId`,
    })),
    ...(crew ?? []).map((credit, index) => ({
      id: credit.personId,
      field: `${paths.crew}.${index}.personId`,
    })),
  ]);
  const { title, overview, tagline, price, genreIds, pricingTierId, ...fields } = movie;
  return {
    fields,
    price,
    ...(pricingTierId !== undefined && {
      pricingTier:
        pricingTierId === null
          ? null
          : await findTier(tx, pricingTierId, `${paths.movie}.pricingTierId`),
    }),
    texts: { title, overview, tagline },
    ...(genreIds && { genres: await findGenres(tx, genreIds, `${paths.movie}.genreIds`) }),
    ...(cast && {
      cast: cast.map((credit, order) => ({
        person: people.get(credit.personId)!,
        order,
        character: credit.character,
      })),
    }),
    ...(crew && {
      crew: crew.map((credit) => ({
        person: people.get(credit.personId)!,
        department: credit.department,
        job: credit.job,
      })),
    }),
  };
}

/** A film on a tier is rental-only at its price; `price*` stay a copy the catalog reads show. */
export function followTier(
  movie: IMovie,
  tier: Pick<IPricingTier, 'id' | 'priceLak'> | null,
): void {
  movie.pricingTierId = tier?.id ?? null;
  movie.rentalRequired = tier !== null;
  movie.priceAmount = tier?.priceLak ?? null;
  movie.priceCurrency = 'LAK';
}

async function findTier(tx: EntityManager, id: number, field: string) {
  const tier = await tx.findOne(PricingTier, id);
  if (!tier) {
    throw validationFailed([{ field, message: `has no price tier ${id}`, code: 'unknown_id' }]);
  }
  return tier;
}

async function findGenres(tx: EntityManager, ids: number[], field: string) {
  const genres = await tx.find(Genre, { id: { $in: ids } });
  const unknown = ids.filter((id) => !genres.some((genre) => genre.id === id));
  if (unknown.length) {
    throw validationFailed(
      unknown.map((id) => ({ field, message: `has no genre ${id}`, code: 'unknown_id' })),
    );
  }
  return genres;
}

async function findPeople(tx: EntityManager, wanted: { id: number; field: string }[]) {
  if (!wanted.length) return new Map<number, IPerson>();
  const ids = [...new Set(wanted.map((person) => person.id))];
  const people = new Map(
    (await tx.find(Person, { id: { $in: ids } })).map((person) => [person.id, person]),
  );
  const problems = wanted
    .filter((person) => !people.has(person.id))
    .map(({ id, field }) => ({ field, message: `has no person ${id}`, code: 'unknown_id' }));
  if (problems.length) throw validationFailed(problems);
  return people as Map<number, IPerson>;
}
