import { Router } from '@lightningjs/sdk';

/**
 * The one place the app reports to browser tests, the benchmark and a developer's console: the
 * read-only `window.__lanxang` (`route`, `focusPath`, `player`, ...; getters, so always current)
 * and the `performance` marks the benchmark times. Pages report through `debugReport` and
 * `debugInfo()`, nothing else.
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

/** The failure on the error screen, as its codes. */
export interface ShownError {
  kind: string;
  code: string;
  category?: number;
}

export interface DebugState {
  route: string | undefined;
  focusPath: string[];
  locale: string;
  message: string | null;
  /** The offline banner's text while the TV has no network. */
  offlineBanner: string | null;
  /** The corner's "Downloading 42 %" while a download runs. */
  downloadIndicator: string | null;
  error: ShownError | null;
  player: PlayerSnapshot | null;
  /** Whatever the active page reports about itself (`debugInfo()`), e.g. the focused film. */
  page: unknown;
  exitDialogOpen: boolean;
  exited: boolean;
  ready: boolean;
}

type Getters = { [K in keyof DebugState]: () => DebugState[K] };

/** A page that says what it shows, for `window.__lanxang.page` (e.g. the focused film). */
export interface DebugInfoSource {
  debugInfo(): unknown;
}

/** What the benchmark times: the first frame, and Home's first screen drawn with its posters. */
type Milestone = 'app-first-frame' | 'app-interactive';

const reported: {
  player: { owner: object; snapshot: () => PlayerSnapshot } | null;
  error: ShownError | null;
  milestones: Set<Milestone>;
} = { player: null, error: null, milestones: new Set() };

export const debugReport = {
  /** The player on screen, read on demand; `owner` lets a player that leaves clear only its own. */
  player(owner: object, snapshot: (() => PlayerSnapshot) | null): void {
    if (snapshot) reported.player = { owner, snapshot };
    else if (reported.player?.owner === owner) reported.player = null;
  },
  error(error: ShownError | null): void {
    if (!error) {
      reported.error = null;
      return;
    }
    const { kind, code, category } = error;
    reported.error = category === undefined ? { kind, code } : { kind, code, category };
  },
  /** Once per session: the benchmark reads the first of each. */
  milestone(name: Milestone): void {
    if (reported.milestones.has(name)) return;
    reported.milestones.add(name);
    performance.mark(name);
  },
};

function activePageInfo(): unknown {
  const page = Router.getActivePage() as Partial<DebugInfoSource> | null;
  return page?.debugInfo?.() ?? null;
}

declare global {
  interface Window {
    __lanxang?: DebugState;
  }
}

/** The app's own part of the window; the player, the error and the page come from the reports. */
export function exposeDebugState(app: Omit<Getters, 'player' | 'error' | 'page'>): void {
  const getters: Getters = {
    ...app,
    player: () => reported.player?.snapshot() ?? null,
    error: () => reported.error,
    page: () => activePageInfo(),
  };
  const state = {} as DebugState;
  for (const key of Object.keys(getters) as Array<keyof DebugState>) {
    Object.defineProperty(state, key, { enumerable: true, get: getters[key] });
  }
  window.__lanxang = state;
}
