import {
  progressFractionOf,
  resumePointOf,
  type PlaybackPosition,
  type WatchProgress,
} from '@lanxang/contracts';

/** A `watch_progress` row as the progress statements select it. */
export interface ProgressRow {
  movie_id: number;
  position_seconds: number;
  duration_seconds: number;
  completed: boolean;
  client_timestamp_ms: number;
}

export function toPlaybackPosition(row: ProgressRow): PlaybackPosition {
  return {
    movieId: row.movie_id,
    positionSeconds: row.position_seconds,
    durationSeconds: row.duration_seconds,
    fraction: progressFractionOf(row.position_seconds, row.duration_seconds),
    resumeAtSeconds: row.completed
      ? null
      : resumePointOf(row.position_seconds, row.duration_seconds),
    lastWatchedAt: new Date(row.client_timestamp_ms).toISOString(),
  };
}

export function toWatchProgress(row: ProgressRow): WatchProgress {
  return {
    ...toPlaybackPosition(row),
    completed: row.completed,
    clientTimestamp: new Date(row.client_timestamp_ms).toISOString(),
  };
}
