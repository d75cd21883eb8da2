import { defineRoute, type RouteSpec } from './route-spec.js';
import { IdOrSlugParamsSchema, IdParamsSchema } from './catalog.js';
import {
  MediaJobListQuerySchema,
  MediaJobListSchema,
  MediaJobParamsSchema,
  MediaJobSchema,
  PlaybackSchema,
  PlaybackTokenSchema,
  SubtitleParamsSchema,
  SubtitleTrackSchema,
  VideoSourceSchema,
  VideoUrlInputSchema,
} from './media.js';
import { DownloadOfferSchema } from './downloads.js';

/** The media pipeline: playback, video upload and CDN URLs, subtitles, transcode jobs. */
export const mediaRouteSpecs = {
  playback: defineRoute({
    method: 'get',
    path: '/api/movies/{idOrSlug}/playback',
    summary:
      'What a player needs to start a film, its media URLs signed for this viewer; 402 `rental_required` for a rental film not rented',
    tag: 'media',
    access: 'optional',
    params: IdOrSlugParamsSchema,
    response: PlaybackSchema,
  }),
  playbackToken: defineRoute({
    method: 'post',
    path: '/api/movies/{idOrSlug}/playback/token',
    summary:
      'A fresh media token for a film being played; 402 `rental_ended` once the rental is over',
    tag: 'media',
    access: 'optional',
    params: IdOrSlugParamsSchema,
    response: PlaybackTokenSchema,
  }),
  downloadOffer: defineRoute({
    method: 'post',
    path: '/api/movies/{idOrSlug}/download',
    summary:
      'Every file of a film, per rung with exact sizes, a media token long enough to fetch them and a signed license; 402 like playback',
    tag: 'media',
    access: 'optional',
    params: IdOrSlugParamsSchema,
    response: DownloadOfferSchema,
  }),
  adminUploadVideo: defineRoute({
    method: 'post',
    path: '/api/admin/movies/{id}/video',
    summary:
      'Upload a source video (multipart/form-data, field `file`); answers the queued transcode job',
    tag: 'media',
    access: 'admin',
    params: IdParamsSchema,
    response: MediaJobSchema,
    status: 202,
  }),
  adminSetVideoUrl: defineRoute({
    method: 'post',
    path: '/api/admin/movies/{id}/video/url',
    summary: 'Use an HLS master playlist already on a CDN as the film’s video',
    tag: 'media',
    access: 'admin',
    params: IdParamsSchema,
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
} satisfies Record<string, RouteSpec>;
