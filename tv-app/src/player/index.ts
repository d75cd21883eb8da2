import { VideoPlayer } from '@lightningjs/sdk';
import type { MovieDetails } from '@lanxang/contracts';
import { AppError } from '../api/errors';
import { getConfig } from '../lib/config';
import type { PlaybackEngine } from './engine';

let engine: PlaybackEngine | undefined;
let loading: Promise<PlaybackEngine> | undefined;

/**
 * Loads Shaka on first use and plugs it into the SDK's VideoPlayer as its loader and unloader, so
 * the rest of the app only ever talks to `VideoPlayer` (open, close, seek, playPause).
 */
export function loadEngine(options: () => { maxHeight: number | null }): Promise<PlaybackEngine> {
  loading ??= import('./engine').then(({ createEngine }) => {
    const created = createEngine();
    engine = created;
    VideoPlayer.loader((url: string, video: HTMLVideoElement) =>
      created.load(url, video, options()),
    );
    VideoPlayer.unloader(() => created.unload());
    return created;
  });
  // A failed import (network drop mid-download) must not poison every later attempt.
  loading.catch(() => (loading = undefined));
  return loading;
}

export function currentEngine(): PlaybackEngine | undefined {
  return engine;
}

/**
 * Where a film's HLS master playlist lives. The API's playback endpoint (signed URL, subtitles,
 * trickplay) is not built yet; until it is, the URL comes from a template in settings
 * (`mediaUrl`, or `?media=` for tests) with `{slug}` and `{id}` filled in.
 */
export function playbackUrl(movie: MovieDetails): string {
  if (!movie.videoSources.some((source) => source.status === 'ready')) {
    throw new AppError('not_found', 'not_playable', `${movie.slug} has no ready video source`, 404);
  }
  return getConfig()
    .mediaUrl.replace('{slug}', encodeURIComponent(movie.slug))
    .replace('{id}', String(movie.id));
}
