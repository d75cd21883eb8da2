/**
 * Whether the app's first screen has been drawn (Home's `app-interactive`, or the few seconds
 * after a start that opens elsewhere; `index.ts` decides). Until then, what appears does so at
 * once: on a slow TV every frame of a fade is a full redraw, and the first screen waited on them.
 * Work that can wait for it (resuming downloads, re-sending queued writes) does.
 */
let markDrawn: () => void = () => {};
const drawn = new Promise<void>((resolve) => {
  markDrawn = resolve;
});

export const firstScreen = {
  drawn: false,
  /** Resolves once the first screen is drawn. */
  whenDrawn: (): Promise<void> => drawn,
  markDrawn(): void {
    firstScreen.drawn = true;
    markDrawn();
  },
};
