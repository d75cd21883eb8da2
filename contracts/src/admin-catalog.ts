import { z } from 'zod';
import { IdSchema, ImageKindSchema, MovieStatusSchema, SlugSchema } from './catalog.js';
import { LOCALES, LocaleSchema } from './locale.js';

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

const movieFields = {
  slug: SlugSchema.optional(),
  overview: translatedInput(5000).optional(),
  tagline: translatedInput(500).optional(),
  originalTitle: text(300).optional(),
  originalLanguage: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code')
    .optional(),
  releaseDate: isoDate.nullable().optional(),
  runtimeMinutes: z.number().int().min(1).max(1000).nullable().optional(),
  certification: text(16).nullable().optional(),
  voteAverage: z.number().min(0).max(10).nullable().optional(),
  tmdbId: z.number().int().positive().nullable().optional(),
  imdbId: z
    .string()
    .regex(/^tt\d{5,10}$/, 'must look like tt0137523')
    .nullable()
    .optional(),
  trailerUrl: z.url().max(500).nullable().optional(),
  rentalRequired: z.boolean().optional(),
  price: z
    .object({
      amount: z.number().int().nonnegative().max(100_000_000),
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
  .strictObject({ title: titledInput(300), ...movieFields })
  .meta({ id: 'MovieCreate' });
export type MovieCreate = z.input<typeof MovieCreateSchema>;

export const MovieUpdateSchema = z
  .strictObject({
    title: titledUpdate(300).optional(),
    ...movieFields,
    status: MovieStatusSchema.optional(),
  })
  .meta({ id: 'MovieUpdate' });
export type MovieUpdate = z.input<typeof MovieUpdateSchema>;

export const AdminMovieListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(24),
  status: MovieStatusSchema.optional(),
  q: z.string().trim().max(200).optional(),
  /** Only films missing a Lao title, overview or tagline. */
  missingLocale: LocaleSchema.optional(),
});

export const CastInputSchema = z
  .array(z.strictObject({ personId: IdSchema, character: translatedInput(300).default({}) }))
  .max(200);
export const CrewInputSchema = z
  .array(
    z.strictObject({
      personId: IdSchema,
      department: text(100).pipe(z.string().min(1)),
      job: titledInput(200),
    }),
  )
  .max(200);

const personFields = {
  biography: translatedInput(10_000).optional(),
  birthday: isoDate.nullable().optional(),
  placeOfBirth: text(300).nullable().optional(),
  tmdbId: z.number().int().positive().nullable().optional(),
};
export const PersonCreateSchema = z
  .strictObject({ name: titledInput(200), ...personFields })
  .meta({ id: 'PersonCreate' });
export const PersonUpdateSchema = z
  .strictObject({ name: titledUpdate(200).optional(), ...personFields })
  .meta({ id: 'PersonUpdate' });

export const GenreCreateSchema = z
  .strictObject({
    name: titledInput(100),
    tmdbId: z.number().int().positive().nullable().optional(),
  })
  .meta({ id: 'GenreCreate' });
export const GenreUpdateSchema = z.strictObject({
  name: titledUpdate(100).optional(),
  tmdbId: z.number().int().positive().nullable().optional(),
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
  .max(50)
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
