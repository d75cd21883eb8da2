import { VideoPlayer } from '@lightningjs/sdk';
import type { MovieDetails } from '@lanxang/contracts';
import { getPlayback, type Playback } from '../services/playback';
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
      created.load(url, video, { ...options(), subtitles: sidecars.get(url) ?? [] }),
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

/** Subtitle sidecars of each film being opened, by master URL: the SDK's loader gets the URL only. */
const sidecars = new Map<string, Playback['subtitles']>();

/** Fetches how to play `movie`; its `masterUrl` is what to give `VideoPlayer.open`. */
export async function preparePlayback(movie: MovieDetails): Promise<Playback> {
  const playback = await getPlayback(movie);
  sidecars.set(playback.masterUrl, playback.subtitles);
  return playback;
}
