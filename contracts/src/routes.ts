import { z } from 'zod';
import {
  GenreListSchema,
  HomeSchema,
  IdOrSlugSchema,
  IdSchema,
  LocaleQuerySchema,
  MovieDetailsSchema,
  MovieListQuerySchema,
  MovieListSchema,
  PersonDetailsSchema,
} from './catalog.js';
import { HealthSchema, ReadySchema } from './system.js';
import {
  AdminMovieListQuerySchema,
  AuditListSchema,
  AuditQuerySchema,
  CastInputSchema,
  CrewInputSchema,
  FeaturedInputSchema,
  FeaturedListSchema,
  GenreCreateSchema,
  GenreUpdateSchema,
  ImageUpdateSchema,
  ImageUploadQuerySchema,
  MovieCreateSchema,
  MovieUpdateSchema,
  PersonCreateSchema,
  PersonUpdateSchema,
} from './admin-catalog.js';
import { GenreSchema, ImageSchema, MovieStatusSchema, MovieSummarySchema } from './catalog.js';
import {
  TmdbBatchParamsSchema,
  TmdbBulkImportSchema,
  TmdbImportBatchSchema,
  TmdbImportSchema,
  TmdbMoviePreviewSchema,
  TmdbMovieParamsSchema,
  TmdbSearchQuerySchema,
  TmdbSearchSchema,
} from './tmdb.js';
import {
  MediaJobListQuerySchema,
  MediaJobListSchema,
  MediaJobParamsSchema,
  MediaJobSchema,
  PlaybackSchema,
  SubtitleParamsSchema,
  SubtitleTrackSchema,
  VideoSourceSchema,
  VideoUrlInputSchema,
} from './media.js';
import { accountRoutes } from './account-routes.js';

const idParams = z.object({ id: IdSchema });

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

/**
 * Who may call a route. The API enforces it; the OpenAPI document states it.
 * - `public`: anyone; credentials are not even looked at (catalog reads stay shared-cacheable).
 * - `optional`: anyone; a signed-in caller is recognised.
 * - `viewerOrAnonymous`: a signed-in account or a TV's signed anonymous id (`X-Anonymous-Id`).
 * - `viewer`: any signed-in account. `admin`: a signed-in admin.
 */
export type Access = 'public' | 'optional' | 'viewerOrAnonymous' | 'viewer' | 'admin';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/movies/{idOrSlug}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success body; `null` for an empty 204. */
  response: z.ZodType | null;
  status?: number;
  /** Public, cacheable catalog data: the API adds a strong ETag and `Cache-Control`. */
  cacheable?: boolean;
  /** The OAuth endpoints take form-encoded bodies (RFC 6749) instead of JSON. */
  bodyType?: 'form';
  /** The failure body when it is not problem+json (the OAuth endpoints answer RFC 6749 §5.2 errors). */
  errorBody?: z.ZodType;
}

export const defineRoute = <const Spec extends RouteSpec>(spec: Spec): Spec => spec;

/** Every HTTP route of the API, one entry each; the API serves these and no others. */
export const routes = {
  health: defineRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    tag: 'system',
    access: 'public',
    response: HealthSchema,
  }),
  ready: defineRoute({
    method: 'get',
    path: '/api/ready',
    summary: 'Readiness: the database answers',
    tag: 'system',
    access: 'public',
    response: ReadySchema,
  }),
  listMovies: defineRoute({
    method: 'get',
    path: '/api/movies',
    summary: 'Published films, paginated, filtered by genre or searched by title in any language',
    tag: 'catalog',
    access: 'public',
    query: MovieListQuerySchema,
    response: MovieListSchema,
    cacheable: true,
  }),
  getMovie: defineRoute({
    method: 'get',
    path: '/api/movies/{idOrSlug}',
    summary: 'Everything the details screen shows about one published film',
    tag: 'catalog',
    access: 'public',
    params: z.object({ idOrSlug: IdOrSlugSchema }),
    query: LocaleQuerySchema,
    response: MovieDetailsSchema,
    cacheable: true,
  }),
  getPerson: defineRoute({
    method: 'get',
    path: '/api/people/{id}',
    summary: 'A person with their filmography',
    tag: 'catalog',
    access: 'public',
    params: z.object({ id: IdSchema }),
    query: LocaleQuerySchema,
    response: PersonDetailsSchema,
    cacheable: true,
  }),
  listGenres: defineRoute({
    method: 'get',
    path: '/api/genres',
    summary: 'All genres',
    tag: 'catalog',
    access: 'public',
    query: LocaleQuerySchema,
    response: GenreListSchema,
    cacheable: true,
  }),
  home: defineRoute({
    method: 'get',
    path: '/api/home',
    summary:
      'The TV home screen in one request: hero items, then rows (Continue watching first for a known viewer)',
    tag: 'catalog',
    access: 'optional',
    query: LocaleQuerySchema,
    response: HomeSchema,
    cacheable: true,
  }),

  adminListMovies: defineRoute({
    method: 'get',
    path: '/api/admin/movies',
    summary: 'Every film, drafts included, with what is missing a translation',
    tag: 'admin',
    access: 'admin',
    query: AdminMovieListQuerySchema,
    response: AdminMovieListSchema,
  }),
  adminGetMovie: defineRoute({
    method: 'get',
    path: '/api/admin/movies/{id}',
    summary: 'One film, draft or published',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: MovieDetailsSchema,
  }),
  adminCreateMovie: defineRoute({
    method: 'post',
    path: '/api/admin/movies',
    summary: 'Create a film (as a draft unless told otherwise)',
    tag: 'admin',
    access: 'admin',
    body: MovieCreateSchema,
    response: MovieDetailsSchema,
    status: 201,
  }),
  adminUpdateMovie: defineRoute({
    method: 'patch',
    path: '/api/admin/movies/{id}',
    summary: 'Change a film; translations merge locale by locale',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    body: MovieUpdateSchema,
    response: MovieDetailsSchema,
  }),
  adminPublishMovie: defineRoute({
    method: 'post',
    path: '/api/admin/movies/{id}/publish',
    summary: 'Publish a film',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: MovieDetailsSchema,
  }),
  adminUnpublishMovie: defineRoute({
    method: 'post',
    path: '/api/admin/movies/{id}/unpublish',
    summary: 'Take a film back to draft',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: MovieDetailsSchema,
  }),
  adminDeleteMovie: defineRoute({
    method: 'delete',
    path: '/api/admin/movies/{id}',
    summary: 'Delete a film with its credits, images and video sources',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: null,
  }),
  adminSetCast: defineRoute({
    method: 'put',
    path: '/api/admin/movies/{id}/cast',
    summary: 'Replace a film’s cast, in billing order',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    body: CastInputSchema,
    response: MovieDetailsSchema,
  }),
  adminSetCrew: defineRoute({
    method: 'put',
    path: '/api/admin/movies/{id}/crew',
    summary: 'Replace a film’s crew',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    body: CrewInputSchema,
    response: MovieDetailsSchema,
  }),
  adminDeleteImage: defineRoute({
    method: 'delete',
    path: '/api/admin/images/{id}',
    summary: 'Remove an image from its film or person',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: null,
  }),
  adminCreatePerson: defineRoute({
    method: 'post',
    path: '/api/admin/people',
    summary: 'Create a person',
    tag: 'admin',
    access: 'admin',
    body: PersonCreateSchema,
    response: PersonDetailsSchema,
    status: 201,
  }),
  adminUpdatePerson: defineRoute({
    method: 'patch',
    path: '/api/admin/people/{id}',
    summary: 'Change a person; translations merge locale by locale',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    body: PersonUpdateSchema,
    response: PersonDetailsSchema,
  }),
  adminDeletePerson: defineRoute({
    method: 'delete',
    path: '/api/admin/people/{id}',
    summary: 'Delete a person credited in no film (409 lists the films otherwise)',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: null,
  }),
  adminCreateGenre: defineRoute({
    method: 'post',
    path: '/api/admin/genres',
    summary: 'Create a genre',
    tag: 'admin',
    access: 'admin',
    body: GenreCreateSchema,
    response: GenreSchema,
    status: 201,
  }),
  adminUpdateGenre: defineRoute({
    method: 'patch',
    path: '/api/admin/genres/{id}',
    summary: 'Rename a genre',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    body: GenreUpdateSchema,
    response: GenreSchema,
  }),
  adminDeleteGenre: defineRoute({
    method: 'delete',
    path: '/api/admin/genres/{id}',
    summary: 'Delete a genre (films keep their other genres)',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    response: null,
  }),
  adminUploadImage: defineRoute({
    method: 'post',
    path: '/api/admin/images',
    summary:
      'Upload a poster, backdrop, logo or profile picture (multipart, field "file"); it becomes the primary one of its kind',
    tag: 'admin',
    access: 'admin',
    query: ImageUploadQuerySchema,
    response: ImageSchema,
    status: 201,
  }),
  adminUpdateImage: defineRoute({
    method: 'patch',
    path: '/api/admin/images/{id}',
    summary: 'Reorder an image (position 0 is primary) or change its language',
    tag: 'admin',
    access: 'admin',
    params: idParams,
    body: ImageUpdateSchema,
    response: ImageSchema,
  }),
  adminGetFeatured: defineRoute({
    method: 'get',
    path: '/api/admin/featured',
    summary: 'The TV home hero list, in order, with visibility windows',
    tag: 'admin',
    access: 'admin',
    response: FeaturedListSchema,
  }),
  adminSetFeatured: defineRoute({
    method: 'put',
    path: '/api/admin/featured',
    summary: 'Replace the hero list; its order is the array order',
    tag: 'admin',
    access: 'admin',
    body: FeaturedInputSchema,
    response: FeaturedListSchema,
  }),
  adminAudit: defineRoute({
    method: 'get',
    path: '/api/admin/audit',
    summary: 'Recent admin writes, newest first',
    tag: 'admin',
    access: 'admin',
    query: AuditQuerySchema,
    response: AuditListSchema,
  }),

  adminTmdbSearch: defineRoute({
    method: 'get',
    path: '/api/admin/tmdb/search',
    summary: 'Search TMDB films by title and year, marking those already imported',
    tag: 'tmdb',
    access: 'admin',
    query: TmdbSearchQuerySchema,
    response: TmdbSearchSchema,
  }),
  adminTmdbPreview: defineRoute({
    method: 'get',
    path: '/api/admin/tmdb/movies/{tmdbId}',
    summary: 'What importing a TMDB film would write, without writing it',
    tag: 'tmdb',
    access: 'admin',
    params: TmdbMovieParamsSchema,
    response: TmdbMoviePreviewSchema,
  }),
  adminTmdbImport: defineRoute({
    method: 'post',
    path: '/api/admin/tmdb/import',
    summary: 'Import one TMDB film as a draft (re-syncs it when already imported)',
    tag: 'tmdb',
    access: 'admin',
    body: TmdbImportSchema,
    response: MovieDetailsSchema,
  }),
  adminTmdbResync: defineRoute({
    method: 'post',
    path: '/api/admin/movies/{id}/resync',
    summary: 'Refresh an imported film from TMDB; Lao an admin edited is kept',
    tag: 'tmdb',
    access: 'admin',
    params: idParams,
    response: MovieDetailsSchema,
  }),
  adminTmdbBulkImport: defineRoute({
    method: 'post',
    path: '/api/admin/tmdb/imports',
    summary: 'Start importing a list of TMDB films in the background',
    tag: 'tmdb',
    access: 'admin',
    body: TmdbBulkImportSchema,
    response: TmdbImportBatchSchema,
    status: 202,
  }),
  adminTmdbImportBatch: defineRoute({
    method: 'get',
    path: '/api/admin/tmdb/imports/{id}',
    summary: 'A bulk import’s progress, film by film',
    tag: 'tmdb',
    access: 'admin',
    params: TmdbBatchParamsSchema,
    response: TmdbImportBatchSchema,
  }),
  ...mediaRoutes(),
  ...accountRoutes,
} satisfies Record<string, RouteSpec>;

/** The media pipeline's routes (issue 5). */
function mediaRoutes() {
  return {
    playback: defineRoute({
      method: 'get',
      path: '/api/movies/{idOrSlug}/playback',
      summary: 'What a player needs to start a film: master playlist, subtitles, trickplay, poster',
      tag: 'media',
      access: 'public',
      params: z.object({ idOrSlug: IdOrSlugSchema }),
      response: PlaybackSchema,
    }),
    adminUploadVideo: defineRoute({
      method: 'post',
      path: '/api/admin/movies/{id}/video',
      summary:
        'Upload a source video (multipart/form-data, field `file`); answers the queued transcode job',
      tag: 'media',
      access: 'admin',
      params: idParams,
      response: MediaJobSchema,
      status: 202,
    }),
    adminSetVideoUrl: defineRoute({
      method: 'post',
      path: '/api/admin/movies/{id}/video/url',
      summary: 'Use an HLS master playlist already on a CDN as the film’s video',
      tag: 'media',
      access: 'admin',
      params: idParams,
      body: VideoUrlInputSchema,
      response: VideoSourceSchema,
      status: 201,
    }),
    adminPutSubtitles: defineRoute({
      method: 'put',
      path: '/api/admin/movies/{id}/subtitles/{locale}',
      summary: 'Add or replace a WebVTT subtitle track (body: text/vtt)',
      tag: 'media',
      access: 'admin',
      params: SubtitleParamsSchema,
      response: SubtitleTrackSchema,
    }),
    adminDeleteSubtitles: defineRoute({
      method: 'delete',
      path: '/api/admin/movies/{id}/subtitles/{locale}',
      summary: 'Remove a subtitle track',
      tag: 'media',
      access: 'admin',
      params: SubtitleParamsSchema,
      response: null,
    }),
    adminListJobs: defineRoute({
      method: 'get',
      path: '/api/admin/jobs',
      summary: 'Media jobs, newest first',
      tag: 'media',
      access: 'admin',
      query: MediaJobListQuerySchema,
      response: MediaJobListSchema,
    }),
    adminGetJob: defineRoute({
      method: 'get',
      path: '/api/admin/jobs/{id}',
      summary: 'One media job: state, step, percent, ETA, error',
      tag: 'media',
      access: 'admin',
      params: MediaJobParamsSchema,
      response: MediaJobSchema,
    }),
    adminCancelJob: defineRoute({
      method: 'post',
      path: '/api/admin/jobs/{id}/cancel',
      summary: 'Cancel a queued or running job (stops ffmpeg)',
      tag: 'media',
      access: 'admin',
      params: MediaJobParamsSchema,
      response: MediaJobSchema,
    }),
  } as const;
}

export type Routes = typeof routes;
export type RouteName = keyof Routes;
type Output<T> = T extends z.ZodType ? z.infer<T> : never;
/** The body a route answers with. */
export type ResponseOf<Name extends RouteName> = Output<Routes[Name]['response']>;
