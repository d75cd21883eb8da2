import { routes } from '@lanxang/contracts';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services } from '../../services.js';

/** The public catalog: films, people, genres and the home page. */
export function catalogRoutes(http: RouteMount, { catalog }: Services): void {
  const { reader } = catalog;
  mount(http, routes.listMovies, ({ query }) => reader.listMovies(query));
  mount(http, routes.getMovie, ({ params, query }) =>
    reader.getMovie(params.idOrSlug, query.locale),
  );
  mount(http, routes.getPerson, ({ params, query }) => reader.getPerson(params.id, query.locale));
  mount(http, routes.listGenres, ({ query }) => reader.listGenres(query.locale));
  mount(http, routes.home, ({ query, ctx }) =>
    reader.home(query.locale, { knownViewer: ctx.state.caller.kind !== 'anonymous' }),
  );
}
