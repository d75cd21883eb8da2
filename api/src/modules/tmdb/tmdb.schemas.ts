import { z } from 'zod';

/**
 * TMDB v3 responses, only the fields we read. Objects are not strict: TMDB adds fields over time
 * and that must not break an import. Where TMDB sends `""` or `null` for "unknown", both parse.
 */
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? '');
const path = z
  .string()
  .nullish()
  .transform((value) => value || null);

export const TmdbConfigurationSchema = z.object({
  images: z.object({
    secure_base_url: z.string(),
    base_url: z.string(),
    backdrop_sizes: z.array(z.string()),
    logo_sizes: z.array(z.string()),
    poster_sizes: z.array(z.string()),
    profile_sizes: z.array(z.string()),
  }),
});
export type TmdbConfiguration = z.infer<typeof TmdbConfigurationSchema>;

export const TmdbSearchMovieSchema = z.object({
  page: z.number().int(),
  total_pages: z.number().int(),
  total_results: z.number().int(),
  results: z.array(
    z.object({
      id: z.number().int(),
      title: text,
      original_title: text,
      overview: text,
      release_date: text,
      poster_path: path,
    }),
  ),
});

export const TmdbImageSchema = z.object({
  file_path: z.string(),
  iso_639_1: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  vote_average: z.number().optional(),
});
export type TmdbImage = z.infer<typeof TmdbImageSchema>;

const creditPerson = {
  id: z.number().int(),
  name: z.string(),
  profile_path: path,
  credit_id: z.string().optional(),
};

export const TmdbCreditsSchema = z.object({
  cast: z.array(z.object({ ...creditPerson, character: text, order: z.number().int() })),
  crew: z.array(z.object({ ...creditPerson, department: z.string(), job: z.string() })),
});

export const TmdbVideoSchema = z.object({
  key: z.string(),
  site: z.string(),
  type: z.string(),
  official: z.boolean().optional(),
  iso_639_1: z.string().nullish(),
  published_at: z.string().optional(),
});
export type TmdbVideo = z.infer<typeof TmdbVideoSchema>;

export const TmdbTranslationSchema = z.object({
  iso_639_1: z.string(),
  iso_3166_1: z.string(),
  data: z
    .object({ title: text.optional(), overview: text.optional(), tagline: text.optional() })
    .passthrough(),
});

export const TmdbReleaseDatesSchema = z.object({
  results: z.array(
    z.object({
      iso_3166_1: z.string(),
      release_dates: z.array(
        z.object({
          certification: text,
          type: z.number().int(),
          release_date: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type TmdbReleaseDates = z.infer<typeof TmdbReleaseDatesSchema>;

/** `GET /movie/{id}` with `append_to_response=credits,images,videos,translations,release_dates`. */
export const TmdbMovieSchema = z.object({
  id: z.number().int(),
  title: text,
  original_title: text,
  original_language: text,
  overview: text,
  tagline: text,
  release_date: text,
  runtime: z.number().int().nullish(),
  imdb_id: path,
  vote_average: z.number().nullish(),
  vote_count: z.number().int().nullish(),
  popularity: z.number().nullish(),
  poster_path: path,
  backdrop_path: path,
  genres: z.array(z.object({ id: z.number().int(), name: z.string() })),
  credits: TmdbCreditsSchema,
  images: z.object({
    posters: z.array(TmdbImageSchema).default([]),
    backdrops: z.array(TmdbImageSchema).default([]),
    logos: z.array(TmdbImageSchema).default([]),
  }),
  videos: z.object({ results: z.array(TmdbVideoSchema) }),
  translations: z.object({ translations: z.array(TmdbTranslationSchema) }),
  release_dates: TmdbReleaseDatesSchema,
});
export type TmdbMovie = z.infer<typeof TmdbMovieSchema>;

export const TmdbPersonSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  biography: text,
  birthday: path,
  place_of_birth: path,
  popularity: z.number().nullish(),
  profile_path: path,
});
export type TmdbPerson = z.infer<typeof TmdbPersonSchema>;

/** TMDB's error body (`status_code` 7, 25, 34, …); the 422 of a search has `errors` instead. */
export const TmdbErrorBodySchema = z.object({
  status_code: z.number().int().optional(),
  status_message: z.string().optional(),
  errors: z.array(z.string()).optional(),
});
