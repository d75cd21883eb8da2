import { z } from 'zod';
import {
  ID_MAX,
  IdSchema,
  ImageKindSchema,
  MovieStatusSchema,
  MovieSummarySchema,
  PAGE_MAX,
  PAGE_SIZE_MAX,
  SEARCH_QUERY_MAX,
  SlugSchema,
} from './catalog.js';
import { LOCALES, LocaleSchema, LocalizedTextSchema } from './locale.js';

/** Field limits of the catalog writes, named so the admin's forms check the same numbers. */
export const MOVIE_TITLE_MAX = 300;
export const MOVIE_OVERVIEW_MAX = 5000;
export const MOVIE_TAGLINE_MAX = 500;
export const CERTIFICATION_MAX = 16;
export const RUNTIME_MINUTES_MAX = 1000;
export const VOTE_AVERAGE_MAX = 10;
export const TRAILER_URL_MAX = 500;
export const PRICE_AMOUNT_MAX = 100_000_000;
export const IMDB_ID_PATTERN = /^tt\d{5,10}$/;
export const CHARACTER_MAX = 300;
export const CREW_JOB_MAX = 200;
export const CREW_DEPARTMENT_MAX = 100;
export const PERSON_NAME_MAX = 200;
export const BIOGRAPHY_MAX = 10_000;
export const GENRE_NAME_MAX = 100;
export const FEATURED_MAX = 50;

/** Text as admins type it: trimmed and stored in NFC, so the same Lao word is always the same bytes. */
const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => value.normalize('NFC').trim());

/** A translated field in a write: only known locales, each optional, NFC-normalised. */
export const translatedInput = (max: number) =>
  z.strictObject(
    Object.fromEntries(LOCALES.map((locale) => [locale, text(max).optional()])) as Record<
      (typeof LOCALES)[number],
      z.ZodOptional<ReturnType<typeof text>>
    >,
  );

/** Like `translatedInput`, with the English text required and non-empty. */
const titledInput = (max: number) =>
  translatedInput(max).refine((value) => Boolean(value.en), {
    message: 'needs an English text',
    path: ['en'],
  });

/** In an update: English may be left out (kept as it is), but not emptied. */
const titledUpdate = (max: number) =>
  translatedInput(max).refine((value) => value.en !== '', {
    message: 'cannot be emptied',
    path: ['en'],
  });

const isoDate = z.iso.date('must be a date like 2024-10-04');
/** A film's, person's or genre's TMDB id, kept in an `int` column. */
const tmdbIdInput = z.number().int().positive().max(ID_MAX, 'is too large').nullable().optional();

const movieFields = {
  slug: SlugSchema.optional(),
  overview: translatedInput(MOVIE_OVERVIEW_MAX).optional(),
  tagline: translatedInput(MOVIE_TAGLINE_MAX).optional(),
  originalTitle: text(MOVIE_TITLE_MAX).optional(),
  originalLanguage: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code')
    .optional(),
  releaseDate: isoDate.nullable().optional(),
  runtimeMinutes: z.number().int().min(1).max(RUNTIME_MINUTES_MAX).nullable().optional(),
  certification: text(CERTIFICATION_MAX).nullable().optional(),
  voteAverage: z.number().min(0).max(VOTE_AVERAGE_MAX).nullable().optional(),
  tmdbId: tmdbIdInput,
  imdbId: z.string().regex(IMDB_ID_PATTERN, 'must look like tt0137523').nullable().optional(),
  trailerUrl: z.url().max(TRAILER_URL_MAX).nullable().optional(),
  rentalRequired: z.boolean().optional(),
  /**
   * The film's price tier (rentals): set, the film is rental-only at its price; null, free. A
   * deactivated tier stays only on the films already on it (409 for others).
   */
  pricingTierId: IdSchema.nullable().optional(),
  price: z
    .object({
      amount: z.number().int().nonnegative().max(PRICE_AMOUNT_MAX),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .default('LAK'),
    })
    .nullable()
    .optional(),
  genreIds: z.array(IdSchema).max(20).optional(),
};

export const MovieCreateSchema = z
  .strictObject({ title: titledInput(MOVIE_TITLE_MAX), ...movieFields })
  .meta({ id: 'MovieCreate' });
export type MovieCreate = z.input<typeof MovieCreateSchema>;

export const MovieUpdateSchema = z
  .strictObject({
    title: titledUpdate(MOVIE_TITLE_MAX).optional(),
    ...movieFields,
    status: MovieStatusSchema.optional(),
  })
  .meta({ id: 'MovieUpdate' });
export type MovieUpdate = z.input<typeof MovieUpdateSchema>;

export const AdminMovieListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(PAGE_MAX).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(24),
  status: MovieStatusSchema.optional(),
  q: z.string().trim().max(SEARCH_QUERY_MAX).optional(),
  /** Only films missing a Lao title, overview or tagline. */
  missingLocale: LocaleSchema.optional(),
});

export const AdminMovieListSchema = z
  .object({
    items: z.array(
      MovieSummarySchema.extend({
        status: MovieStatusSchema,
        /** Translated fields still empty, as `locale.field` (e.g. `lo.overview`). */
        missing: z.array(z.string()),
        updatedAt: z.string(),
      }),
    ),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'AdminMovieList' });
export type AdminMovieList = z.infer<typeof AdminMovieListSchema>;

export const CastInputSchema = z
  .array(
    z.strictObject({ personId: IdSchema, character: translatedInput(CHARACTER_MAX).default({}) }),
  )
  .max(200);
export const CrewInputSchema = z
  .array(
    z.strictObject({
      personId: IdSchema,
      department: text(CREW_DEPARTMENT_MAX).pipe(z.string().min(1)),
      job: titledInput(CREW_JOB_MAX),
    }),
  )
  .max(200);

/**
 * A film with its credits in one write: a part left out is kept as it is. Field errors name the
 * part (`body.movie.title.lo`, `body.cast.2.personId`).
 */
export const MovieSaveSchema = z
  .strictObject({
    movie: MovieUpdateSchema.optional(),
    cast: CastInputSchema.optional(),
    crew: CrewInputSchema.optional(),
  })
  .meta({ id: 'MovieSave' });
export type MovieSave = z.input<typeof MovieSaveSchema>;

const personFields = {
  biography: translatedInput(BIOGRAPHY_MAX).optional(),
  birthday: isoDate.nullable().optional(),
  placeOfBirth: text(300).nullable().optional(),
  tmdbId: tmdbIdInput,
};
export const PersonCreateSchema = z
  .strictObject({ name: titledInput(PERSON_NAME_MAX), ...personFields })
  .meta({ id: 'PersonCreate' });
export const PersonUpdateSchema = z
  .strictObject({ name: titledUpdate(PERSON_NAME_MAX).optional(), ...personFields })
  .meta({ id: 'PersonUpdate' });

export const GenreCreateSchema = z
  .strictObject({
    name: titledInput(GENRE_NAME_MAX),
    tmdbId: tmdbIdInput,
  })
  .meta({ id: 'GenreCreate' });
export const GenreUpdateSchema = z.strictObject({
  name: titledUpdate(GENRE_NAME_MAX).optional(),
  tmdbId: tmdbIdInput,
});

export const FeaturedInputSchema = z
  .array(
    z
      .strictObject({
        movieId: IdSchema,
        imageId: IdSchema.nullable().optional(),
        visibleFrom: z.iso.datetime({ offset: true }).nullable().optional(),
        visibleUntil: z.iso.datetime({ offset: true }).nullable().optional(),
      })
      .refine(
        (item) => !item.visibleFrom || !item.visibleUntil || item.visibleFrom < item.visibleUntil,
        {
          message: 'must end after it starts',
          path: ['visibleUntil'],
        },
      ),
  )
  .max(FEATURED_MAX)
  .meta({ id: 'FeaturedInput' });

export const FeaturedItemSchema = z
  .object({
    id: z.number().int(),
    movieId: z.number().int(),
    position: z.number().int(),
    imageId: z.number().int().nullable(),
    visibleFrom: z.string().nullable(),
    visibleUntil: z.string().nullable(),
  })
  .meta({ id: 'FeaturedItem' });
export const FeaturedListSchema = z.object({ items: z.array(FeaturedItemSchema) });

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema) });
export const AuditQuerySchema = z.object({
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Where an uploaded image goes: one film or one person, as which kind, in which language. */
export const ImageUploadQuerySchema = z
  .object({
    movieId: IdSchema.optional(),
    personId: IdSchema.optional(),
    kind: ImageKindSchema,
    locale: LocaleSchema.optional(),
  })
  .refine((query) => (query.movieId === undefined) !== (query.personId === undefined), {
    message: 'name exactly one of movieId and personId',
    path: ['movieId'],
  });

export const ImageUpdateSchema = z.strictObject({
  /** 0 makes it the primary image of its kind. */
  position: z.number().int().min(0).max(1000).optional(),
  locale: LocaleSchema.nullable().optional(),
});

/** The largest image file an admin may upload. */
export const IMAGE_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

/** The records a translator works through: films (with their credits), people and genres. */
export const TRANSLATION_KINDS = ['movie', 'person', 'genre'] as const;
export const TranslationKindSchema = z.enum(TRANSLATION_KINDS);
export type TranslationKind = z.infer<typeof TranslationKindSchema>;

export const TranslationQueueQuerySchema = z.object({
  kind: TranslationKindSchema.optional(),
  page: z.coerce.number().int().min(1).max(PAGE_MAX).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_MAX),
});

/** How many texts with an English source have their Lao. */
export const LaoProgressSchema = z.object({
  translated: z.number().int(),
  total: z.number().int(),
});
export type LaoProgress = z.infer<typeof LaoProgressSchema>;

/** One text with an English source, translated or not. */
export const TranslationFieldSchema = z.object({
  /** `title`, `tagline`, `overview`, `cast.<billing index>`, `crew.<index>`, `name`, `biography`. */
  name: z.string(),
  kind: z.enum(['title', 'overview', 'tagline', 'character', 'job', 'name', 'biography']),
  en: z.string(),
  lo: z.string(),
  /** For a credit's character or job: whose it is. */
  person: z.object({ id: z.number().int(), name: LocalizedTextSchema }).nullable(),
});
export type TranslationField = z.infer<typeof TranslationFieldSchema>;

export const TranslationQueueItemSchema = z.object({
  kind: TranslationKindSchema,
  id: z.number().int(),
  /** A film's title, a person's or a genre's name. */
  name: LocalizedTextSchema,
  /** A film's status; `null` for people and genres. */
  status: MovieStatusSchema.nullable(),
  /** Every text with an English source, in the order the editor shows them. */
  fields: z.array(TranslationFieldSchema),
  progress: LaoProgressSchema,
});

export const TranslationQueueSchema = z
  .object({
    /** Records of the asked kind (every kind when none) with a text missing Lao: films, then people, then genres. */
    items: z.array(TranslationQueueItemSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    /** The whole queue, whatever the kind asked: records missing Lao by kind, and their texts. */
    counts: z.record(TranslationKindSchema, z.number().int()),
    fields: LaoProgressSchema,
  })
  .meta({ id: 'TranslationQueue' });
export type TranslationQueue = z.infer<typeof TranslationQueueSchema>;

/** The films the dashboard lists, least translated first. */
export const DASHBOARD_FILMS_MAX = 100;
export const DASHBOARD_ACTIVITY_MAX = 10;

export const AdminDashboardSchema = z
  .object({
    films: z.record(MovieStatusSchema, z.number().int()),
    /** Lao across every film's title, overview and tagline that has an English text. */
    filmTexts: LaoProgressSchema,
    /** Up to `DASHBOARD_FILMS_MAX` films, least translated first. */
    leastTranslated: z.array(
      z.object({
        id: z.number().int(),
        title: LocalizedTextSchema,
        status: MovieStatusSchema,
        progress: LaoProgressSchema,
      }),
    ),
    /** Records with a text missing Lao, by kind (the translation queue's counts). */
    missingLao: z.record(TranslationKindSchema, z.number().int()),
    /** The newest admin writes; a film's entries carry its title while the film exists. */
    activity: z.array(AuditEntrySchema.extend({ movieTitle: LocalizedTextSchema.nullable() })),
  })
  .meta({ id: 'AdminDashboard' });
export type AdminDashboard = z.infer<typeof AdminDashboardSchema>;
