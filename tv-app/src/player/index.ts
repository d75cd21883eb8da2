import { VideoPlayer } from '@lightningjs/sdk';
import type { MovieDetails } from '@lanxang/contracts';
import type { PlayerSnapshot } from '../lib/debug';
import { getPlayback, type Playback } from '../services/playback';
import type { PlaybackEngine } from './engine';
import { keepTokenFresh, stopTokenRenewal } from './media-token';
import { storedPlayback } from './offline-playback';
import { notePlaying } from '../downloads';

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
      created.load(url, video, {
        ...options(),
        subtitles: sidecars.get(url) ?? [],
        startTime: startTimes.get(url) ?? 0,
      }),
    );
    VideoPlayer.unloader(() => {
      stopTokenRenewal();
      void notePlaying(null);
      return created.unload();
    });
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

/** Where the next opening of each master URL starts, in seconds (a resume point). */
const startTimes = new Map<string, number>();

/** The next `VideoPlayer.open(url)` starts at `seconds` (0: the beginning). */
export function startAt(url: string, seconds: number): void {
  startTimes.set(url, seconds);
}

/**
 * Fetches how to play `movie`; its `masterUrl` is what to give `VideoPlayer.open`. A film stored
 * whole plays from the store (`lxoffline:`), online or not, while its license allows.
 */
export async function preparePlayback(movie: MovieDetails): Promise<Playback> {
  const stored = await storedPlayback(movie);
  if (stored) return stored;
  const playback = await getPlayback(movie);
  sidecars.set(playback.masterUrl, playback.subtitles);
  keepTokenFresh(movie.slug, playback);
  return playback;
}

/** Where playback stands. Read off the SDK's `<video>` here: nothing outside `player/` touches it. */
export interface PlaybackPosition {
  currentTime: number;
  /** 0 until the stream's length is known. */
  duration: number;
  paused: boolean;
  /** Where the last buffered range ends, in seconds. */
  bufferedEnd: number;
}

/** The SDK's `<video>`: only `player/` reads it. */
export function videoElement(): HTMLVideoElement | undefined {
  return VideoPlayer._videoEl as HTMLVideoElement | undefined;
}

/** `null` while the SDK has no `<video>` (before the first film opens). */
export function playbackPosition(): PlaybackPosition | null {
  const video = videoElement();
  if (!video) return null;
  const { buffered } = video;
  return {
    currentTime: video.currentTime,
    duration: Number.isFinite(video.duration) ? video.duration : 0,
    paused: video.paused,
    bufferedEnd: buffered.length > 0 ? buffered.end(buffered.length - 1) : 0,
  };
}

export function seekTo(seconds: number): void {
  // On the element, not `VideoPlayer.seek()`: the SDK ignores seeks on a <video> without a `src`
  // attribute, and Shaka 5 attaches its MediaSource without one.
  const video = videoElement();
  if (video) video.currentTime = seconds;
}

/** The stream's half of `window.__lanxang.player`; the player page adds what its overlay shows. */
export function playbackSnapshot(): Omit<
  PlayerSnapshot,
  'buffering' | 'overlayVisible' | 'trickplayFrames' | 'thumbnail'
> {
  const position = playbackPosition();
  return {
    currentTime: position?.currentTime ?? 0,
    duration: position?.duration ?? 0,
    paused: position?.paused ?? true,
    qualities: engine?.qualities() ?? [],
    selectedQuality: engine?.selectedQuality() ?? null,
    activeHeight: engine?.activeHeight() ?? null,
    textLanguages: engine?.textLanguages() ?? [],
    textLanguage: engine?.textLanguage() ?? null,
    loadLatency: engine?.loadLatency() ?? null,
  };
}
