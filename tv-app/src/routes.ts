import type { Router } from '@lightningjs/sdk';
import { getHome, getMovie, getPerson } from './services/catalog';
import { continueWatching, playbackStart } from './services/progress';
import type { Details } from './pages/Details';
import { ErrorPage } from './pages/ErrorPage';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import type { Person } from './pages/Person';
import type { Player } from './pages/Player';
import type { Rent } from './pages/Rent';
import { Splash } from './pages/Splash';
import { AppError } from './services/errors';
import { getRentalPrice } from './services/rentals';

/** Ties a data provider's `page` to the route's component, so the provider is type-checked. */
function route<Page extends Router.PageConstructor>(
  definition: Router.RouteDefinition<Page>,
): Router.RouteDefinition {
  return definition as unknown as Router.RouteDefinition;
}

type NavigationRequest = Parameters<NonNullable<Router.RouteDefinition['beforeNavigate']>>[1];

/**
 * A film opened to play (a deep link, a Continue watching tile of a rental that has ended) that
 * must be rented first: its Rent screen, not an error, in place of the player in history.
 */
function rentInstead(to: NavigationRequest): { path: string; store: boolean } | null {
  const failed = to.register.get('request') as { error?: unknown; hash?: string } | undefined;
  const slug = /^play\/([^/]+)$/.exec(failed?.hash ?? '')?.[1];
  const code = failed?.error instanceof AppError ? failed.error.code : null;
  return slug && code === 'rental_required' ? { path: `rent/${slug}`, store: false } : null;
}

/**
 * A page whose code is its own chunk, fetched on the first visit: only Splash, Home and the error
 * pages are in the start-up bundle, so the first screen waits on none of the others' code.
 */
function lazy<Page extends Router.PageConstructor>(
  load: () => Promise<Page>,
): () => Promise<{ default: Page }> {
  return async () => ({ default: await load() });
}

/** Seconds a page's data stays fresh when the viewer returns to it (Back shows it at once). */
const FIVE_MINUTES = 300;

/**
 * Every screen and the promise that feeds it. A provider that rejects sends the Router to `!`,
 * the error page, with the rejection (an `AppError`) as its reason.
 */
export const routes: Router.Config = {
  root: 'home',
  routes: [
    // The boot page loads Home itself: the Router's `after` providers swallow rejections, which
    // would leave a failed first load stuck on the splash.
    { path: '$', component: Splash },
    route({
      path: 'home',
      component: Home,
      // The catalog's Home (shared, cached) and the viewer's Continue watching, side by side.
      on: async (page) => {
        const [catalog, entries] = await Promise.all([
          getHome(),
          continueWatching({ retryQueued: false }),
        ]);
        page.home = { catalog, continueWatching: entries };
      },
      cache: FIVE_MINUTES,
    }),
    route<typeof Details>({
      path: 'movie/:slug',
      component: lazy(async () => (await import('./pages/Details')).Details),
      on: async (page, { slug }) => {
        page.details = await getMovie(slug ?? '');
      },
      cache: FIVE_MINUTES,
    }),
    // A fresh payment each visit, so nothing here is cached or kept.
    route<typeof Rent>({
      path: 'rent/:slug',
      component: lazy(async () => (await import('./pages/Rent')).Rent),
      on: async (page, { slug }) => {
        const movie = await getMovie(slug ?? '');
        page.rentalPrice = await getRentalPrice(movie);
        page.details = movie;
      },
      options: { reuseInstance: false },
    }),
    route<typeof Person>({
      path: 'person/:id',
      component: lazy(async () => (await import('./pages/Person')).Person),
      on: async (page, { id }) => {
        page.details = await getPerson(id ?? '');
      },
      cache: FIVE_MINUTES,
    }),
    { path: 'search', component: lazy(async () => (await import('./pages/Search')).Search) },
    {
      path: 'settings',
      component: lazy(async () => (await import('./pages/Settings')).Settings),
    },
    // Read from the device's own store, so it opens offline too.
    {
      path: 'downloads',
      component: lazy(async () => (await import('./pages/Downloads')).Downloads),
    },
    // Anything that needs an account sends the viewer here; Back returns them where they were.
    { path: 'signin', component: lazy(async () => (await import('./pages/SignIn')).SignIn) },
    route<typeof Player>({
      path: 'play/:slug',
      component: lazy(async () => (await import('./pages/Player')).Player),
      // The film and Shaka load together; Shaka's chunk is fetched only the first time.
      on: async (page, { slug }) => {
        page.requestedAt = performance.now();
        // The player's code is a chunk of its own, like the page's; the downloads' code is
        // fetched only to play a stored film without the API.
        const player = import('./player');
        const downloads = () => import('./downloads');
        const [movie, { preparePlayback }] = await Promise.all([
          // Offline, a stored film's details come from its download.
          getMovie(slug ?? '').catch(
            async (error: unknown) =>
              (await (await downloads()).storedMovie(slug ?? '')) ?? Promise.reject(error),
          ),
          player,
          Promise.all([import('./pages/Player'), player]).then(
            ([{ maxHeightFromSettings }, { loadEngine }]) =>
              loadEngine(() => ({ maxHeight: maxHeightFromSettings() })),
          ),
        ]);
        page.movie = movie;
        const [playback, start] = await Promise.all([
          preparePlayback(movie),
          // With no API, a downloaded film resumes where its download says the viewer stopped.
          playbackStart(movie, async () => (await downloads()).storedResumePoint(movie.id)),
        ]);
        page.start = start;
        page.source = playback.masterUrl;
        page.trickplay = playback.trickplay;
      },
      options: { reuseInstance: false },
    }),
    // Where the player goes when renewing its media token says the rental ended.
    {
      path: 'rental-ended/:slug',
      component: lazy(async () => (await import('./pages/RentalEnded')).RentalEnded),
    },
    {
      path: '!',
      component: ErrorPage,
      // The SDK follows a path returned here, though its types say boolean only.
      beforeNavigate: (_from, to) => Promise.resolve(rentInstead(to) ?? true) as Promise<boolean>,
    },
    { path: '*', component: NotFound },
  ],
};
