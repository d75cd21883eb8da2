import type { MovieSummary } from '@lanxang/contracts';
import { noteWatchedPosition } from '../downloads';
import { saveProgress } from '../services/progress';
import { videoElement } from './index';

/** While playing, a save this often (the 10 s; the reference design's 30 s lost more). */
const SAVE_EVERY_MS = 10_000;

export interface ProgressReporter {
  /** The viewer left the player (Back, Stop, the end): one last save, then nothing more. */
  stop(): void;
}

/**
 * Saves where playback of `movie` stands: every 10 s while playing, and at once on pause, seek,
 * the end of the film, and when the app is hidden or closed (with a request that outlives the
 * page). Driven by the `<video>` element's own events, so the player page only starts and stops it.
 * Nothing is saved until playback has really started, so a film still loading (at 0, or on its way
 * to a resume point) never overwrites where the viewer had stopped.
 */
export function startProgressReporter(movie: MovieSummary): ProgressReporter {
  const video = videoElement();
  let started = false;
  let stopped = false;

  const save = (exiting = false) => {
    if (!video || !started || stopped) return;
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    const position = video.ended ? duration : video.currentTime;
    saveProgress(movie, position, duration, { exiting });
    // A downloaded film keeps its own copy, for the resume point of a start with no network.
    void noteWatchedPosition(movie.id, position, duration).catch(() => undefined);
  };
  const onPlaying = () => {
    started = true;
  };
  const onPause = () => {
    // The element pauses itself at the end; `ended` saves that one.
    if (!video?.ended) save();
  };
  const onSeeked = () => save();
  const onEnded = () => save();
  const onHidden = () => {
    if (document.visibilityState === 'hidden') save(true);
  };
  const onPageHide = () => save(true);
  const timer = setInterval(() => {
    if (video && !video.paused) save();
  }, SAVE_EVERY_MS);

  const videoEvents: Array<[string, () => void]> = [
    ['playing', onPlaying],
    ['pause', onPause],
    ['seeked', onSeeked],
    ['ended', onEnded],
  ];
  for (const [name, listener] of videoEvents) video?.addEventListener(name, listener);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', onPageHide);

  return {
    stop() {
      save();
      stopped = true;
      clearInterval(timer);
      for (const [name, listener] of videoEvents) video?.removeEventListener(name, listener);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
    },
  };
}
