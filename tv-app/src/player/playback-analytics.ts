import { startAnalyticsSession } from '../services/analytics';
import type { EngineEvent } from './engine';
import { currentEngine, videoElement } from './index';

/** A `timeupdate` step longer than this is a seek or a stall, not watching. */
const MAX_WATCH_STEP_SECONDS = 2;
/** How long to wait for Shaka's `loadLatency` after the first frame (it is set as load() ends). */
const LOAD_LATENCY_WAIT_MS = 5000;

export interface PlaybackAnalytics {
  stop(): void;
}

/**
 * Reports one playback: requested, first frame (Shaka's `loadLatency` and the time from Play to the
 * picture), stalls, quality switches, errors, pauses, seeks, the end, and a heartbeat with the
 * seconds watched. Listens to the `<video>` element and the engine; never awaited by the player.
 * `requestedAt` is `performance.now()` when the viewer asked to play.
 */
export function startPlaybackAnalytics(movieId: number, requestedAt: number): PlaybackAnalytics {
  const video = videoElement();
  const engine = currentEngine();
  const position = () => video?.currentTime ?? 0;
  let watchedSinceHeartbeat = 0;
  let lastTime: number | null = null;
  let firstFrameAt: number | null = null;
  let stallStartedAt: number | null = null;
  let seekFrom = 0;

  const session = startAnalyticsSession(movieId, {
    beforeSend: () => {
      if (watchedSinceHeartbeat <= 0) return;
      session.track({
        type: 'heartbeat',
        positionSeconds: position(),
        watchedSeconds: Math.min(3600, watchedSinceHeartbeat),
      });
      watchedSinceHeartbeat = 0;
    },
  });
  session.track({ type: 'play_requested', positionSeconds: position() });

  const reportFirstFrame = (timeToFirstFrameMs: number, waitedMs = 0) => {
    const loadLatency = engine?.loadLatency() ?? null;
    if (loadLatency === null && waitedMs < LOAD_LATENCY_WAIT_MS) {
      setTimeout(() => reportFirstFrame(timeToFirstFrameMs, waitedMs + 250), 250);
      return;
    }
    session.track({
      type: 'first_frame',
      positionSeconds: position(),
      loadLatencyMs: Math.round((loadLatency ?? 0) * 1000),
      timeToFirstFrameMs: Math.round(timeToFirstFrameMs),
    });
  };

  const onPlaying = () => {
    if (firstFrameAt !== null) return;
    firstFrameAt = performance.now();
    reportFirstFrame(firstFrameAt - requestedAt);
  };
  const onTimeUpdate = () => {
    const now = position();
    if (lastTime !== null && video && !video.paused) {
      const step = now - lastTime;
      if (step > 0 && step < MAX_WATCH_STEP_SECONDS) watchedSinceHeartbeat += step;
    }
    lastTime = now;
  };
  const onPause = () => {
    if (!video?.ended) session.track({ type: 'pause', positionSeconds: position() });
  };
  const onSeeking = () => {
    seekFrom = lastTime ?? 0;
  };
  const onSeeked = () => {
    // Shaka's own seek to the start position, before the first frame, is not the viewer's.
    if (firstFrameAt === null) return;
    session.track({
      type: 'seek',
      positionSeconds: position(),
      fromSeconds: seekFrom,
      toSeconds: position(),
    });
    lastTime = position();
  };
  const onEnded = () => session.track({ type: 'complete', positionSeconds: position() });

  const onEngineEvent = (event: EngineEvent) => {
    if (event.type === 'buffering') {
      // Buffering before the first frame is the start-up, measured by the first frame itself.
      if (firstFrameAt === null) return;
      if (event.buffering && stallStartedAt === null) {
        stallStartedAt = performance.now();
        session.track({ type: 'stall_start', positionSeconds: position() });
      } else if (!event.buffering && stallStartedAt !== null) {
        session.track({
          type: 'stall_end',
          positionSeconds: position(),
          durationMs: Math.round(performance.now() - stallStartedAt),
        });
        stallStartedAt = null;
      }
    } else if (event.type === 'quality') {
      session.track({
        type: 'quality_switch',
        positionSeconds: position(),
        fromHeight: event.from?.height ?? null,
        fromBandwidth: event.from?.bandwidth ?? null,
        toHeight: event.to.height,
        toBandwidth: event.to.bandwidth,
      });
    } else {
      session.track({
        type: 'error',
        positionSeconds: position(),
        category: event.category,
        code: event.code,
      });
    }
  };
  const unsubscribe = engine?.subscribe(onEngineEvent);
  const videoEvents: Array<[string, () => void]> = [
    ['playing', onPlaying],
    ['timeupdate', onTimeUpdate],
    ['pause', onPause],
    ['seeking', onSeeking],
    ['seeked', onSeeked],
    ['ended', onEnded],
  ];
  for (const [name, listener] of videoEvents) video?.addEventListener(name, listener);

  return {
    stop() {
      unsubscribe?.();
      for (const [name, listener] of videoEvents) video?.removeEventListener(name, listener);
      session.end();
    },
  };
}
