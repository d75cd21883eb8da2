// The HLS-only build: 70 KB (gzip) smaller than the full one, which we do not need until offline
// downloads arrive (the full build is the one with `shaka.offline.Storage`).
import shaka from 'shaka-player/dist/shaka-player.hls.js';
import type { Playback } from '@lanxang/contracts';
import { AppError } from '../services/errors';
import { withCurrentToken } from './media-token';
import { registerOfflineScheme } from './offline-scheme';

/**
 * Everything Shaka does for us, behind one small interface. This module is imported dynamically
 * (see `player/index.ts`), so Shaka's ~210 KB (gzip) arrive only when someone presses Play.
 */
export interface PlaybackEngine {
  load(url: string, video: HTMLVideoElement, options: LoadOptions): Promise<void>;
  unload(): Promise<void>;
  destroy(): Promise<void>;
  /** Distinct heights of the stream's variants, highest first. */
  qualities(): number[];
  /** `null` returns to adaptive (Auto). */
  setQuality(height: number | null): void;
  selectedQuality(): number | null;
  activeHeight(): number | null;
  textLanguages(): string[];
  setTextLanguage(language: string | null): void;
  textLanguage(): string | null;
  /** Seconds from `load()` to a playable first frame (Shaka's `loadLatency`), for the bench. */
  loadLatency(): number | null;
  onBuffering(listener: (buffering: boolean) => void): void;
  onError(listener: (error: AppError) => void): void;
  /** Every event, for as many listeners as want them (analytics); answers how to unsubscribe. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/** A variant as analytics report it. */
export interface VariantInfo {
  height: number;
  bandwidth: number;
}

export type EngineEvent =
  | { type: 'buffering'; buffering: boolean }
  /** The variant playing changed, by ABR (Shaka's `adaptation`) or by the viewer (`variantchanged`). */
  | { type: 'quality'; from: VariantInfo | null; to: VariantInfo }
  | { type: 'error'; category: number; code: number };

export interface LoadOptions {
  maxHeight: number | null;
  /** Where to start, in seconds (a resume point); Shaka fetches from there rather than from 0. */
  startTime: number;
  /** The playback answer's WebVTT files, one per language, added as sidecars. */
  subtitles: Playback['subtitles'];
}

let polyfilled = false;

export function createEngine(): PlaybackEngine {
  if (!polyfilled) {
    shaka.polyfill.installAll();
    registerOfflineScheme();
    polyfilled = true;
  }
  if (!shaka.Player.isBrowserSupported()) {
    throw new AppError(
      'playback',
      'unsupported_browser',
      'This TV cannot play adaptive streams',
      undefined,
      0,
    );
  }
  const player = new shaka.Player();
  // Every playlist, segment and subtitle request carries the newest media token, so a film longer
  // than a token's life keeps playing on URLs built from the first one.
  player.getNetworkingEngine()?.registerRequestFilter((_type, request) => {
    request.uris = request.uris.map(withCurrentToken);
  });
  let pinnedHeight: number | null = null;
  let textLanguage: string | null = null;
  let bufferingListener: ((buffering: boolean) => void) | undefined;
  let errorListener: ((error: AppError) => void) | undefined;
  const subscribers = new Set<(event: EngineEvent) => void>();
  const emit = (event: EngineEvent) => subscribers.forEach((listener) => listener(event));
  let playingVariant: VariantInfo | null = null;

  player.addEventListener('buffering', (event) => {
    const buffering = Boolean((event as unknown as { buffering: boolean }).buffering);
    bufferingListener?.(buffering);
    emit({ type: 'buffering', buffering });
  });
  player.addEventListener('error', (event) => {
    const detail = (event as unknown as { detail: shaka.util.Error }).detail;
    errorListener?.(toAppError(detail));
    emit({ type: 'error', category: detail?.category ?? 0, code: detail?.code ?? 0 });
  });

  const variants = () => player.getVariantTracks();
  const activeVariant = (): VariantInfo | null => {
    const track = variants().find((candidate) => candidate.active);
    return track ? { height: track.height ?? 0, bandwidth: track.bandwidth } : null;
  };
  // Read the active variant rather than the events' own tracks: both events then report alike.
  const noteVariant = () => {
    const now = activeVariant();
    if (!now) return;
    const before = playingVariant;
    playingVariant = now;
    if (before && (before.height !== now.height || before.bandwidth !== now.bandwidth)) {
      emit({ type: 'quality', from: before, to: now });
    }
  };
  player.addEventListener('adaptation', noteVariant);
  player.addEventListener('variantchanged', noteVariant);

  return {
    async load(url, video, { maxHeight, subtitles, startTime }) {
      playingVariant = null;
      await player.attach(video);
      player.configure({
        abr: { enabled: true, restrictions: { maxHeight: maxHeight ?? Infinity } },
        streaming: { bufferingGoal: 30, rebufferingGoal: 2 },
        // Subtitles come from the playback answer as whole-film WebVTT sidecars, not from the
        // master's SUBTITLES group (which our masters have, for other players): Shaka 5 holds an
        // HLS subtitle segment back until the next video segment is appended, so Lao picked while
        // paused with the buffer full showed nothing. Sidecars are appended at once, and an
        // external master (a CDN's) gets our subtitles too.
        manifest: { disableText: true },
      });
      try {
        await player.load(url, startTime > 0 ? startTime : null);
        playingVariant = activeVariant();
        for (const track of subtitles) {
          await player.addTextTrackAsync(
            track.url,
            track.locale,
            'subtitles',
            'text/vtt',
            undefined,
            track.label,
          );
        }
      } catch (error) {
        const failure = toAppError(error as shaka.util.Error);
        // A failed load rejects rather than firing Shaka's `error` event: analytics hear it here.
        emit({ type: 'error', category: failure.category ?? 0, code: Number(failure.code) || 0 });
        throw failure;
      }
      // Subtitles stay off until the viewer asks; Shaka may otherwise pick one by locale.
      player.selectTextTrack(null);
    },
    async unload() {
      pinnedHeight = null;
      textLanguage = null;
      await player.unload();
    },
    async destroy() {
      await player.destroy();
    },
    qualities() {
      const heights = new Set(
        variants()
          .map((track) => track.height ?? 0)
          .filter((height) => height > 0),
      );
      return [...heights].sort((a, b) => b - a);
    },
    setQuality(height) {
      pinnedHeight = height;
      if (height === null) {
        player.configure({ abr: { enabled: true } });
        return;
      }
      const track = variants()
        .filter((candidate) => candidate.height === height)
        .sort((a, b) => b.bandwidth - a.bandwidth)[0];
      if (!track) return;
      player.configure({ abr: { enabled: false } });
      // Clearing the buffer makes the change visible now rather than after 30 s of old segments.
      player.selectVariantTrack(track, true);
    },
    selectedQuality() {
      return pinnedHeight;
    },
    activeHeight() {
      return variants().find((track) => track.active)?.height ?? null;
    },
    textLanguages() {
      return [...new Set(player.getTextTracks().map((track) => track.language))];
    },
    setTextLanguage(language) {
      textLanguage = language;
      const track = language
        ? player.getTextTracks().find((candidate) => candidate.language === language)
        : undefined;
      player.selectTextTrack(track ?? null);
    },
    textLanguage() {
      return textLanguage;
    },
    loadLatency() {
      const seconds = player.getStats().loadLatency;
      return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
    },
    onBuffering(listener) {
      bufferingListener = listener;
    },
    onError(listener) {
      errorListener = listener;
    },
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
  };
}

/** Shaka errors carry a numeric category and code (see shaka.util.Error); keep both for the screen. */
function toAppError(error: shaka.util.Error | Error | undefined): AppError {
  const shakaError = error as { category?: number; code?: number; message?: string } | undefined;
  if (shakaError && typeof shakaError.code === 'number') {
    return new AppError(
      'playback',
      String(shakaError.code),
      shakaError.message ?? 'Playback failed',
      undefined,
      shakaError.category,
    );
  }
  return new AppError('playback', 'unknown', error?.message ?? 'Playback failed', undefined, 0);
}
