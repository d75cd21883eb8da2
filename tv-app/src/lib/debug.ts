/**
 * A read-only window onto what the viewer sees, for browser tests and for a developer's console:
 * `window.__lanxang.route`, `.focusPath`, `.player`, ... Values are getters so they are always current.
 */
export interface PlayerSnapshot {
  currentTime: number;
  duration: number;
  paused: boolean;
  buffering: boolean;
  /** Heights of the variants the stream offers, highest first. */
  qualities: number[];
  /** The height the viewer pinned, or `null` for Auto. */
  selectedQuality: number | null;
  /** The height of the variant playing now. */
  activeHeight: number | null;
  textLanguages: string[];
  textLanguage: string | null;
  overlayVisible: boolean;
  /** Shaka's `loadLatency` for this film, in seconds, once it has loaded. */
  loadLatency: number | null;
  /** Seek thumbnails the film's trickplay index lists (0 until it loads, or without one). */
  trickplayFrames: number;
  /** The seek thumbnail above the progress bar, while the viewer seeks (null when hidden). */
  thumbnail: {
    time: number;
    sheetUrl: string;
    /** The sprite region drawn: x, y, w, h. */
    region: [number, number, number, number];
    /** The sprite sheet has loaded, so the region is on screen. */
    drawn: boolean;
  } | null;
}

export interface DebugState {
  route: string | undefined;
  focusPath: string[];
  locale: string;
  message: string | null;
  error: { kind: string; code: string; category?: number } | null;
  player: PlayerSnapshot | null;
  /** Whatever the active page reports about itself (`debugInfo()`), e.g. the focused film. */
  page: unknown;
  exitDialogOpen: boolean;
  exited: boolean;
  ready: boolean;
}

type Getters = { [K in keyof DebugState]: () => DebugState[K] };

declare global {
  interface Window {
    __lanxang?: DebugState;
  }
}

export function exposeDebugState(getters: Getters): void {
  const state = {} as DebugState;
  for (const key of Object.keys(getters) as Array<keyof DebugState>) {
    Object.defineProperty(state, key, { enumerable: true, get: getters[key] });
  }
  window.__lanxang = state;
}
