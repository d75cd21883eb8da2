import { z } from 'zod';
import { ID_MAX, IdSchema, SEARCH_QUERY_MAX } from './catalog.js';
import { LocaleSchema, LocalizedTextSchema } from './locale.js';

/** A TMDB film id, as the admin types or picks it. */
export const TmdbIdSchema = z.coerce
  .number({ error: 'must be a TMDB film id' })
  .int('must be a TMDB film id')
  .positive('must be a TMDB film id')
  .max(ID_MAX, 'is too large');

/** TMDB answers no page past 500 of a search. */
export const TMDB_SEARCH_PAGE_MAX = 500;
/** The release years a TMDB search may be narrowed to. */
export const TMDB_YEAR_MIN = 1870;
export const TMDB_YEAR_MAX = 2100;
export const TMDB_BULK_IMPORT_MAX = 200;

export const TmdbSearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'type part of a title').max(SEARCH_QUERY_MAX),
  year: z.coerce.number().int().min(TMDB_YEAR_MIN).max(TMDB_YEAR_MAX).optional(),
  page: z.coerce.number().int().min(1).max(TMDB_SEARCH_PAGE_MAX).default(1),
});

export const TmdbSearchResultSchema = z.object({
  tmdbId: z.number().int(),
  title: z.string(),
  originalTitle: z.string(),
  releaseDate: z.iso.date().nullable(),
  year: z.number().int().nullable(),
  overview: z.string(),
  /** A small TMDB-hosted thumbnail for the picker only; imported images are stored by us. */
  posterUrl: z.string().nullable(),
  /** Our film already imported from this TMDB id, if any. */
  importedMovieId: z.number().int().nullable(),
});

export const TmdbSearchSchema = z
  .object({
    items: z.array(TmdbSearchResultSchema),
    page: z.number().int(),
    totalPages: z.number().int(),
    totalResults: z.number().int(),
  })
  .meta({ id: 'TmdbSearch' });
export type TmdbSearch = z.infer<typeof TmdbSearchSchema>;

const previewImage = z.object({
  url: z.string(),
  locale: LocaleSchema.nullable(),
  width: z.number().int(),
  height: z.number().int(),
});

/** What an import would write, read from TMDB without writing anything. */
export const TmdbMoviePreviewSchema = z
  .object({
    tmdbId: z.number().int(),
    importedMovieId: z.number().int().nullable(),
    title: LocalizedTextSchema,
    overview: LocalizedTextSchema,
    tagline: LocalizedTextSchema,
    originalTitle: z.string(),
    originalLanguage: z.string(),
    releaseDate: z.iso.date().nullable(),
    runtimeMinutes: z.number().int().nullable(),
    imdbId: z.string().nullable(),
    voteAverage: z.number().nullable(),
    certification: z.string().nullable(),
    trailerUrl: z.string().nullable(),
    /** TMDB has a Lao translation for this film. */
    hasLao: z.boolean(),
    genres: z.array(z.object({ tmdbId: z.number().int(), name: z.string() })),
    cast: z.array(
      z.object({
        tmdbId: z.number().int(),
        name: z.string(),
        character: z.string(),
        order: z.number().int(),
        profileUrl: z.string().nullable(),
      }),
    ),
    crew: z.array(
      z.object({
        tmdbId: z.number().int(),
        name: z.string(),
        department: z.string(),
        job: z.string(),
      }),
    ),
    images: z.object({
      posters: z.array(previewImage),
      backdrops: z.array(previewImage),
      logos: z.array(previewImage),
    }),
  })
  .meta({ id: 'TmdbMoviePreview' });
export type TmdbMoviePreview = z.infer<typeof TmdbMoviePreviewSchema>;

export const TmdbImportSchema = z.strictObject({ tmdbId: TmdbIdSchema }).meta({ id: 'TmdbImport' });

export const TmdbBulkImportSchema = z
  .strictObject({
    tmdbIds: z
      .array(TmdbIdSchema)
      .min(1, 'list at least one TMDB id')
      .max(TMDB_BULK_IMPORT_MAX, `import at most ${TMDB_BULK_IMPORT_MAX} films at once`),
  })
  .meta({ id: 'TmdbBulkImport' });

export const TMDB_IMPORT_ITEM_STATUSES = [
  'pending',
  'running',
  'done',
  'failed',
  'interrupted',
] as const;
export const TmdbImportItemStatusSchema = z.enum(TMDB_IMPORT_ITEM_STATUSES);

export const TmdbImportBatchSchema = z
  .object({
    id: z.number().int(),
    /** `running` while any item is pending or running; `finished` once none is. */
    status: z.enum(['running', 'finished']),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    counts: z.object({
      total: z.number().int(),
      pending: z.number().int(),
      running: z.number().int(),
      done: z.number().int(),
      failed: z.number().int(),
      interrupted: z.number().int(),
    }),
    items: z.array(
      z.object({
        tmdbId: z.number().int(),
        status: TmdbImportItemStatusSchema,
        movieId: z.number().int().nullable(),
        title: z.string().nullable(),
        /** Why it failed: a stable code (the same codes as API problems) and a message to show. */
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'TmdbImportBatch' });
export type TmdbImportBatch = z.infer<typeof TmdbImportBatchSchema>;

export const TmdbBatchParamsSchema = z.object({ id: IdSchema });
export const TmdbMovieParamsSchema = z.object({ tmdbId: TmdbIdSchema });
