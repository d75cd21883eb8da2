import { z } from 'zod';
import { IMAGE_KINDS } from './images.js';
import { LocaleSchema, LocalizedTextSchema } from './locale.js';

export {
  IMAGE_KINDS,
  IMAGE_SIZES,
  imageSizeUrl,
  imageSizeUrls,
  imageUrlFor,
  type ImageKind,
} from './images.js';

/** The largest id PostgreSQL's `int` holds: every id column, ours and TMDB's, is one. */
export const ID_MAX = 2_147_483_647;

export const IdSchema = z.coerce
  .number({ error: 'must be a positive whole number' })
  .int('must be a positive whole number')
  .positive('must be a positive whole number')
  .max(ID_MAX, 'is too large');

export const SlugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters, digits and single dashes');

/** A path parameter that is either a numeric id or a slug. */
export const IdOrSlugSchema = z.union([IdSchema, SlugSchema]);

export const IdParamsSchema = z.object({ id: IdSchema });
export const IdOrSlugParamsSchema = z.object({ idOrSlug: IdOrSlugSchema });

/** List limits every paginated, searchable list shares; clients restate none of them. */
export const PAGE_MAX = 10_000;
export const PAGE_SIZE_MAX = 100;
export const SEARCH_QUERY_MAX = 200;

export const MOVIE_STATUSES = ['draft', 'published'] as const;
export const MovieStatusSchema = z.enum(MOVIE_STATUSES);

export const ImageKindSchema = z.enum(IMAGE_KINDS);

export const ImageSchema = z
  .object({
    id: z.number().int(),
    kind: ImageKindSchema,
    locale: LocaleSchema.nullable(),
    width: z.number().int(),
    height: z.number().int(),
    /**
     * The absolute URL of every stored size, with `{size}` where the size's name goes (one of
     * `IMAGE_SIZES[kind]`), e.g. `https://…/{size}.jpg`: one template rather than a URL per size.
     */
    url: z.string(),
  })
  .meta({ id: 'Image' });
export type Image = z.infer<typeof ImageSchema>;

export const VIDEO_QUALITIES = ['original', '1080p', '720p', '480p', '360p'] as const;
export const VideoQualitySchema = z.enum(VIDEO_QUALITIES);
export const VIDEO_SOURCE_STATUSES = ['pending', 'processing', 'ready', 'failed'] as const;

export const VideoSourceSummarySchema = z
  .object({
    id: z.number().int(),
    format: z.literal('hls'),
    quality: VideoQualitySchema,
    status: z.enum(VIDEO_SOURCE_STATUSES),
    durationSeconds: z.number().nullable(),
  })
  .meta({ id: 'VideoSourceSummary' });

export const PriceSchema = z.object({
  /** In the currency's minor units (LAK has none, so kip). */
  amount: z.number().int().nonnegative(),
  currency: z.string().length(3),
});

export const GenreSchema = z
  .object({ id: z.number().int(), tmdbId: z.number().int().nullable(), name: LocalizedTextSchema })
  .meta({ id: 'Genre' });
export type Genre = z.infer<typeof GenreSchema>;

/** Strings resolved for the `?locale=` the caller asked for, each falling back to English. */
const resolvedMovie = z.object({ title: z.string(), overview: z.string() });

export const MovieSummarySchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: LocalizedTextSchema,
    overview: LocalizedTextSchema,
    releaseDate: z.iso.date().nullable(),
    runtimeMinutes: z.number().int().nullable(),
    certification: z.string().nullable(),
    voteAverage: z.number().nullable(),
    rentalRequired: z.boolean(),
    genreIds: z.array(z.number().int()),
    poster: ImageSchema.nullable(),
    backdrop: ImageSchema.nullable(),
    resolved: resolvedMovie.optional(),
  })
  .meta({ id: 'MovieSummary' });
export type MovieSummary = z.infer<typeof MovieSummarySchema>;

/**
 * A film in a list the TV draws as posters only (search results, similar films): its title and
 * poster, and what sorts and labels a list, without the overview and backdrop a tile of Home
 * shows in the hero.
 */
export const MovieCardSchema = MovieSummarySchema.pick({
  id: true,
  slug: true,
  title: true,
  releaseDate: true,
  voteAverage: true,
  rentalRequired: true,
  poster: true,
})
  .extend({ resolved: z.object({ title: z.string() }).optional() })
  .meta({ id: 'MovieCard' });
export type MovieCard = z.infer<typeof MovieCardSchema>;

export const PersonSummarySchema = z
  .object({
    id: z.number().int(),
    name: LocalizedTextSchema,
    profile: ImageSchema.nullable(),
    resolved: z.object({ name: z.string() }).optional(),
  })
  .meta({ id: 'PersonSummary' });
export type PersonSummary = z.infer<typeof PersonSummarySchema>;

export const CastMemberSchema = z.object({
  person: PersonSummarySchema,
  character: LocalizedTextSchema,
  order: z.number().int(),
  resolved: z.object({ character: z.string() }).optional(),
});
export const CrewMemberSchema = z.object({
  person: PersonSummarySchema,
  department: z.string(),
  job: LocalizedTextSchema,
  resolved: z.object({ job: z.string() }).optional(),
});

export const MovieDetailsSchema = MovieSummarySchema.extend({
  tagline: LocalizedTextSchema,
  originalTitle: z.string(),
  originalLanguage: z.string(),
  tmdbId: z.number().int().nullable(),
  imdbId: z.string().nullable(),
  status: MovieStatusSchema,
  price: PriceSchema.nullable(),
  /** The rental price tier; null for a free film. */
  pricingTierId: z.number().int().nullable(),
  trailerUrl: z.string().nullable(),
  genres: z.array(GenreSchema),
  cast: z.array(CastMemberSchema),
  crew: z.array(CrewMemberSchema),
  images: z.object({
    posters: z.array(ImageSchema),
    backdrops: z.array(ImageSchema),
    logos: z.array(ImageSchema),
  }),
  videoSources: z.array(VideoSourceSummarySchema),
  similar: z.array(MovieCardSchema),
  resolved: resolvedMovie.extend({ tagline: z.string() }).optional(),
}).meta({ id: 'MovieDetails' });
export type MovieDetails = z.infer<typeof MovieDetailsSchema>;

export const PersonDetailsSchema = PersonSummarySchema.extend({
  tmdbId: z.number().int().nullable(),
  biography: LocalizedTextSchema,
  birthday: z.iso.date().nullable(),
  placeOfBirth: z.string().nullable(),
  filmography: z.array(
    z.object({
      movie: MovieSummarySchema,
      credit: z.enum(['cast', 'crew']),
      role: LocalizedTextSchema,
    }),
  ),
  resolved: z.object({ name: z.string(), biography: z.string() }).optional(),
}).meta({ id: 'PersonDetails' });
export type PersonDetails = z.infer<typeof PersonDetailsSchema>;

export const MOVIE_SORTS = ['newest', 'oldest', 'title', 'rating', 'popular'] as const;

export const LocaleQuerySchema = z.object({ locale: LocaleSchema.optional() });

export const MovieListQuerySchema = LocaleQuerySchema.extend({
  page: z.coerce.number().int().min(1).max(PAGE_MAX).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(24),
  genre: IdSchema.optional(),
  sort: z.enum(MOVIE_SORTS).default('newest'),
  q: z.string().trim().max(SEARCH_QUERY_MAX).optional(),
});
export type MovieListQuery = z.infer<typeof MovieListQuerySchema>;

export const MovieListSchema = z
  .object({
    items: z.array(MovieCardSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'MovieList' });
export type MovieList = z.infer<typeof MovieListSchema>;

export const GenreListSchema = z.object({ items: z.array(GenreSchema) });

/**
 * Where a viewer stopped a film: the watch progress module's numbers, carried by the Continue
 * watching list and by the home's Continue watching row (one per tile).
 */
export const PlaybackPositionSchema = z
  .object({
    movieId: z.number().int(),
    positionSeconds: z.number(),
    durationSeconds: z.number(),
    /** `positionSeconds / durationSeconds`, 0 to 1: the tile's progress bar. */
    fraction: z.number(),
    /** Where Play offers to resume; `null` when `resumePointOf` offers none (start over). */
    resumeAtSeconds: z.number().nullable(),
    lastWatchedAt: z.string(),
  })
  .meta({ id: 'PlaybackPosition' });
export type PlaybackPosition = z.infer<typeof PlaybackPositionSchema>;

export const HOME_ROW_KINDS = [
  'continue-watching',
  'featured',
  'new',
  'genre',
  'top-rated',
] as const;

/** Cards in one page of a home row: the first rows' cards in Home, then each `homeRow` page. */
export const HOME_ROW_PAGE = 20;
/**
 * Home's catalog rows that come with their cards: with the hero, the first screen and the row
 * below it (a signed-in viewer's own rows come above them). The others come with a cursor only.
 */
export const HOME_ROWS_WITH_CARDS = 3;
/** A home row ends here, however many films could follow. */
export const HOME_ROW_MAX = 100;

/**
 * Where the next page of a home row starts: opaque to clients, who only hand it back; `null`
 * when the row has no more cards.
 */
const HomeRowCursorSchema = z.string().nullable();

export const HomeSchema = z
  .object({
    hero: z.array(
      z.object({
        movie: MovieSummarySchema,
        /** The curated image when an admin set one, else the film's backdrop. */
        image: ImageSchema.nullable(),
      }),
    ),
    /**
     * Every row in display order. The first few carry their first cards; the others come with
     * no cards and a `next` cursor, and `homeRow` fetches their cards as they near the screen.
     */
    rows: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(HOME_ROW_KINDS),
        title: LocalizedTextSchema,
        genreId: z.number().int().nullable(),
        items: z.array(MovieSummarySchema),
        /** On the Continue watching row only: each tile's position, in the order of `items`. */
        progress: z.array(PlaybackPositionSchema).optional(),
        next: HomeRowCursorSchema,
        resolved: z.object({ title: z.string() }).optional(),
      }),
    ),
  })
  .meta({ id: 'Home' });
export type Home = z.infer<typeof HomeSchema>;

/** A catalog row of Home: `new`, `top-rated` or `genre-<id>`, as `Home.rows[].id` names it. */
export const HomeRowParamsSchema = z.object({ rowId: z.string().min(1).max(40) });

export const HomeRowQuerySchema = LocaleQuerySchema.extend({
  /** A row's `next`; left out, the row's first page. */
  cursor: z.string().max(100).optional(),
});

/** One page of a home row's cards, with the cursor of the page after it. */
export const HomeRowPageSchema = z
  .object({ id: z.string(), items: z.array(MovieSummarySchema), next: HomeRowCursorSchema })
  .meta({ id: 'HomeRowPage' });
export type HomeRowPage = z.infer<typeof HomeRowPageSchema>;
