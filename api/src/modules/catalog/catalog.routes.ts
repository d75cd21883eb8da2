import { routes } from '@lanxang/contracts';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';
import { ownerOf } from '../accounts/owner.js';
import { withContinueWatching } from './catalog.read.js';

/** The public catalog: films, people, genres and the home page. */
export function catalogRoutes(http: RouteMount, { catalog, progress }: Services): void {
  const { reader } = catalog;
  mount(http, routes.listMovies, ({ query }) => reader.listMovies(query));
  mount(http, routes.getMovie, ({ params, query }) =>
    reader.getMovie(params.idOrSlug, query.locale),
  );
  mount(http, routes.getPerson, ({ params, query }) => reader.getPerson(params.id, query.locale));
  mount(http, routes.listGenres, ({ query }) => reader.listGenres(query.locale));
  // A known viewer's home carries their Continue watching row, so it is sent `private`.
  mount(http, routes.home, async ({ query, ctx }) => {
    const { caller } = ctx.state;
    const [home, continueWatching] = await Promise.all([
      reader.home(query.locale),
      caller.kind === 'anonymous' ? [] : progress.continueWatching(ownerOf(caller), query.locale),
    ]);
    return withContinueWatching(home, continueWatching, query.locale);
  });
  mount(http, routes.homeRow, ({ params, query }) =>
    reader.homeRow(params.rowId, query.cursor, query.locale),
  );
}
