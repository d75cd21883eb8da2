import type { MediaJob as MediaJobDto, Playback } from '@lanxang/contracts';
import type { IVideoSource } from '../catalog/video-source.entity.js';
import type { IMediaJob } from './media-job.entity.js';
import type { Playable } from './playback.js';
import type { MediaStorage } from './storage.js';
import type { ISubtitleTrack } from './subtitle-track.entity.js';

export function toPlaybackDto(
  storage: MediaStorage,
  { movie, source, tracks }: Playable,
): Playback {
  return {
    movieId: movie.id,
    masterUrl: source.url ?? storage.url(source.storageKey!),
    durationSeconds: numberOrNull(source.durationSeconds),
    posterUrl: source.posterKey ? storage.url(source.posterKey) : null,
    subtitles: tracks.map((track) => toSubtitleDto(storage, track)),
    trickplay:
      source.trickplayKey && source.trickplayIntervalSeconds
        ? {
            vttUrl: storage.url(source.trickplayKey),
            intervalSeconds: Number(source.trickplayIntervalSeconds),
          }
        : null,
  };
}

export const toSubtitleDto = (storage: MediaStorage, track: ISubtitleTrack) => ({
  locale: track.locale,
  label: track.label,
  url: storage.url(track.vttKey),
});

/** A film's video at a URL we do not host. */
export const toExternalSourceDto = (source: IVideoSource, url: string) => ({
  id: source.id,
  movieId: source.movie.id,
  status: 'ready' as const,
  masterUrl: url,
  external: true,
  durationSeconds: numberOrNull(source.durationSeconds),
});

export function toJobDto(job: IMediaJob): MediaJobDto {
  return {
    id: job.id,
    movieId: job.movie.id,
    kind: job.kind,
    state: job.state,
    step: job.step,
    percent: Math.round(Number(job.percent) * 10) / 10,
    etaSeconds: job.etaSeconds ?? null,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    sourceName: job.sourceName,
    sourceBytes: Number(job.sourceBytes),
    error: job.errorCode
      ? { code: job.errorCode, message: job.errorMessage ?? '', detail: job.errorDetail ?? '' }
      : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** `double precision` columns are typed `string | number` by the ORM; pg answers numbers. */
function numberOrNull(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
