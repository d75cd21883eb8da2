import { z } from 'zod';
import { IdSchema } from './catalog.js';
import { LocaleSchema } from './locale.js';

/**
 * A media job's life: `queued` → `running` → `completed`; a failure that may go away (ffmpeg
 * crashed, the disk filled, the API restarted) goes to `retrying` and back to `running` after a
 * backoff; `failed` once the retries are spent or the input is unusable; `cancelled` by an admin.
 */
export const MEDIA_JOB_STATES = [
  'queued',
  'running',
  'retrying',
  'completed',
  'failed',
  'cancelled',
] as const;
export const MediaJobStateSchema = z.enum(MEDIA_JOB_STATES);
export type MediaJobState = z.infer<typeof MediaJobStateSchema>;
export const FINISHED_JOB_STATES: readonly MediaJobState[] = ['completed', 'failed', 'cancelled'];

/** What the job is doing now, in order. */
export const MEDIA_JOB_STEPS = [
  'waiting',
  'probing',
  'transcoding',
  'measuring',
  'poster',
  'trickplay',
  'publishing',
  'done',
] as const;
export const MediaJobStepSchema = z.enum(MEDIA_JOB_STEPS);
export type MediaJobStep = z.infer<typeof MediaJobStepSchema>;

export const MediaJobSchema = z
  .object({
    id: z.number().int(),
    movieId: z.number().int(),
    kind: z.literal('transcode'),
    state: MediaJobStateSchema,
    step: MediaJobStepSchema,
    /** 0–100 over the whole job. */
    percent: z.number().min(0).max(100),
    /** Seconds left, once ffmpeg has run long enough to estimate. */
    etaSeconds: z.number().int().nullable(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    /** The uploaded file's name, as a label only (never used as a path). */
    sourceName: z.string(),
    sourceBytes: z.number(),
    /** The last failure, kept while retrying: a stable code, a message, ffmpeg's last lines. */
    error: z.object({ code: z.string(), message: z.string(), detail: z.string() }).nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'MediaJob' });
export type MediaJob = z.infer<typeof MediaJobSchema>;

export const MediaJobListSchema = z
  .object({ items: z.array(MediaJobSchema) })
  .meta({ id: 'MediaJobList' });
export const MediaJobListQuerySchema = z.object({
  movieId: z.coerce.number().int().positive().optional(),
  state: MediaJobStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const MediaJobParamsSchema = z.object({ id: IdSchema });

export const VideoUrlInputSchema = z
  .strictObject({
    /** An HLS master playlist already on a CDN. */
    url: z
      .url({ protocol: /^https?$/ })
      .max(1000)
      .refine(
        // Zod runs this on text the URL check already refused; that must be an issue, not a throw.
        (url) => URL.canParse(url) && /\.m3u8$/i.test(new URL(url).pathname),
        'must point at an HLS playlist (.m3u8)',
      ),
    durationSeconds: z.number().positive().max(86_400).optional(),
  })
  .meta({ id: 'VideoUrlInput' });
export type VideoUrlInput = z.input<typeof VideoUrlInputSchema>;

export const VideoSourceSchema = z
  .object({
    id: z.number().int(),
    movieId: z.number().int(),
    status: z.enum(['pending', 'processing', 'ready', 'failed']),
    masterUrl: z.string(),
    external: z.boolean(),
    durationSeconds: z.number().nullable(),
  })
  .meta({ id: 'VideoSource' });

export const SubtitleParamsSchema = z.object({ id: IdSchema, locale: LocaleSchema });

export const SubtitleTrackSchema = z
  .object({
    locale: LocaleSchema,
    /** In the track's own language, for the TV's subtitle menu. */
    label: z.string(),
    /** The WebVTT file. */
    url: z.string(),
  })
  .meta({ id: 'SubtitleTrack' });
export type SubtitleTrack = z.infer<typeof SubtitleTrackSchema>;

/** Everything a player needs to start a film. */
export const PlaybackSchema = z
  .object({
    movieId: z.number().int(),
    /** The HLS master playlist; it lists our subtitles as a SUBTITLES group when they are ours. */
    masterUrl: z.string(),
    durationSeconds: z.number().nullable(),
    posterUrl: z.string().nullable(),
    subtitles: z.array(SubtitleTrackSchema),
    /** Seek thumbnails: a WebVTT index of sprite-sheet regions (`sheet.jpg#xywh=…`). */
    trickplay: z.object({ vttUrl: z.string(), intervalSeconds: z.number() }).nullable(),
    /**
     * When the token in our media URLs (`/media/t/<token>/…`) stops working: renew it before
     * then (`playbackToken`). A video hosted elsewhere carries none; its subtitles still do.
     */
    tokenExpiresAt: z.iso.datetime(),
    /** When the viewer's rental ends; `null` for a free film (or an admin's preview). */
    rentalEndsAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Playback' });
export type Playback = z.infer<typeof PlaybackSchema>;

/** A fresh token for the same film's media URLs: the player swaps it into `/media/t/<token>/`. */
export const PlaybackTokenSchema = z
  .object({
    token: z.string(),
    tokenExpiresAt: z.iso.datetime(),
    rentalEndsAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PlaybackToken' });
export type PlaybackToken = z.infer<typeof PlaybackTokenSchema>;

/** The form field that carries the file in `POST /api/admin/movies/{id}/video`. */
export const VIDEO_UPLOAD_FIELD = 'file';
export const SUBTITLE_LABELS: Record<z.infer<typeof LocaleSchema>, string> = {
  en: 'English',
  lo: 'ລາວ',
};
export const SUBTITLE_MAX_BYTES = 2 * 1024 * 1024;
