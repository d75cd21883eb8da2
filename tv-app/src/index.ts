import { Launch } from '@lightningjs/sdk';
import { App } from './App';
import { prefetchFirstScreen } from './pages/Home';
import { getHome } from './services/catalog';
import { prefetchContinueWatching } from './services/progress';
import { ensureAnonymousId, isSignedIn } from './services/session';
import { laoFontWanted, loadSettings, setConfig } from './lib/config';
import { appFonts, FONT_FAMILY, fontLoader, installLaoLineBreaking, loadFonts } from './lib/fonts';
import { debugReport } from './lib/debug';
import { initI18n } from './lib/i18n';
import { KEY_MAP } from './lib/keys';
import { exposeDownloadHooks } from './downloads/expose-hooks';
import { firstScreen } from './lib/first-screen';
import { storedWorkAtStart } from './lib/stored-work';

const MEDIA_KEYS = new Set(
  Object.entries(KEY_MAP)
    .filter(([, action]) =>
      ['PlayPause', 'Play', 'Pause', 'Stop', 'Rewind', 'FastForward'].includes(action),
    )
    .map(([code]) => Number(code)),
);

/** Whether the app opens on Home, not on a deep link or Downloads. */
const startsOnHome = /^#?(home)?$/.test(window.location.hash);

/** How long work held for the first screen waits when the app opens somewhere else. */
const FIRST_SCREEN_WAIT_MS = 5000;

async function start(): Promise<void> {
  // The fonts download while the settings and the catalogue load; the SDK waits for them (and
  // reports a failure) through `fontLoader`.
  loadFonts(appFonts({ lao: laoFontWanted() })).catch(() => {});
  const [{ config, appSettings, platformSettings }] = await Promise.all([
    loadSettings(),
    initI18n(),
  ]);
  setConfig(config);
  // Home's data travels while Lightning starts and the fonts load; the Splash takes up the same
  // request (a failure is shown there, as before). A start on Home also asks for the viewer's
  // Continue watching beside it, and once both are in, the first screen's images start loading.
  const home = getHome();
  home.catch(() => {});
  if (startsOnHome)
    void Promise.all([home, prefetchContinueWatching()])
      .then(([catalog, entries]) =>
        prefetchFirstScreen({ catalog, continueWatching: entries ?? [] }),
      )
      .catch(() => {});
  installLaoLineBreaking();
  const app = Launch(
    App,
    {
      ...appSettings,
      stage: {
        w: 1920,
        h: 1080,
        clearColor: 0x00000000,
        canvas2d: config.canvas2d,
        useImageWorker: true,
        defaultFontFace: FONT_FAMILY,
      },
      keys: KEY_MAP,
      debug: false,
      enablePointer: false,
    },
    {
      ...platformSettings,
      fontLoader,
      // Pages are created on first visit and kept, so Back restores them with focus intact.
      router: {
        lazyCreate: true,
        lazyDestroy: false,
        backtrack: false,
        ...(platformSettings.router as object),
      },
      plugins: { mediaPlayer: {} },
    },
  );
  document.body.appendChild(app.stage.getCanvas());
  // Media keys are ours: without this a browser may also act on them and undo our play/pause.
  window.addEventListener(
    'keydown',
    (event) => {
      if (MEDIA_KEYS.has(event.keyCode)) event.preventDefault();
    },
    true,
  );
  debugReport.milestone('app-first-frame');
  // Off the start-up path: until it pairs, the TV is an anonymous viewer whose data can follow it.
  if (!isSignedIn()) void ensureAnonymousId();
  exposeDownloadHooks();
  // A start that opens another page (a deep link, Downloads) has no Home screen to wait for.
  if (startsOnHome) void afterFirstScreen().then(firstScreen.markDrawn);
  else firstScreen.markDrawn();
  // Off the way to the first screen: the offline shell fetches every file of the build, and the
  // downloads (their engine and store) resume once it is drawn, if any is stored.
  void firstScreen.whenDrawn().then(registerServiceWorker);
  void storedWorkAtStart().then(async (stored) => {
    if (stored) (await import('./downloads')).startDownloads();
  });
}

/**
 * Resolves once Home has drawn its first screen (`app-interactive`), or after a few seconds if it
 * has not (a Home that never loads).
 */
function afterFirstScreen(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('app-interactive').length > 0) done();
    });
    observer.observe({ entryTypes: ['mark'] });
    const timer = setTimeout(done, FIRST_SCREEN_WAIT_MS);
  });
}

/** The offline shell (sw.js): the app starts, and plays what is downloaded, with no network. */
function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('./sw.js')
    .catch((error: unknown) => console.warn('[sw] not registered', error));
}

start().catch((error: unknown) => {
  // Nothing Lightning can draw yet; leave a plain message rather than a black screen.
  document.body.style.color = '#fff';
  document.body.style.font = '32px sans-serif';
  document.body.textContent = `Lanxang could not start: ${error instanceof Error ? error.message : String(error)}`;
});
