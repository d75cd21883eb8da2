import type { MediaJob as MediaJobDto, Playback } from '@lanxang/contracts';
import type { IVideoSource } from '../catalog/video-source.entity.js';
import type { IMediaJob } from './media-job.entity.js';
import type { PlaybackGrant } from './playback-access.js';
import type { ISubtitleTrack } from './subtitle-track.entity.js';

/** A storage key to the URL a player fetches it from. */
type KeyUrl = { url(key: string): string };

/** Every URL signed with the grant's token (the master's relative URIs inherit it). */
export function toPlaybackDto({
  playable,
  urls,
  expiresAt,
  rentalEndsAt,
}: PlaybackGrant): Playback {
  const { movie, source, tracks } = playable;
  return {
    movieId: movie.id,
    masterUrl: source.url ?? urls.url(source.storageKey!),
    durationSeconds: numberOrNull(source.durationSeconds),
    posterUrl: source.posterKey ? urls.url(source.posterKey) : null,
    subtitles: tracks.map((track) => toSubtitleDto(urls, track)),
    trickplay:
      source.trickplayKey && source.trickplayIntervalSeconds
        ? {
            vttUrl: urls.url(source.trickplayKey),
            intervalSeconds: Number(source.trickplayIntervalSeconds),
          }
        : null,
    tokenExpiresAt: expiresAt.toISOString(),
    rentalEndsAt: rentalEndsAt?.toISOString() ?? null,
  };
}

export const toSubtitleDto = (urls: KeyUrl, track: ISubtitleTrack) => ({
  locale: track.locale,
  label: track.label,
  url: urls.url(track.vttKey),
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
