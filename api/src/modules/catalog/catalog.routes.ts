import { routes } from '@lanxang/contracts';
import type { AppDeps } from '../../app.js';
import type { AppRouter } from '../../http/context.js';
import { mount, type MountOptions } from '../../http/route.js';
import { createMediaStorage } from '../media/storage.js';
import { catalogReader } from './catalog.read.js';

export function catalogRoutes(
  router: AppRouter,
  options: MountOptions,
  { db, config, media }: AppDeps,
): void {
  const catalog = catalogReader(db, media?.storage ?? createMediaStorage(config));

  mount(router, options, routes.listMovies, ({ query }) => catalog.listMovies(query));
  mount(router, options, routes.getMovie, ({ params, query }) =>
    catalog.getMovie(params.idOrSlug, query.locale),
  );
  mount(router, options, routes.getPerson, ({ params, query }) =>
    catalog.getPerson(params.id, query.locale),
  );
  mount(router, options, routes.listGenres, ({ query }) => catalog.listGenres(query.locale));
  mount(router, options, routes.home, ({ query, ctx }) =>
    catalog.home(query.locale, { knownViewer: ctx.state.caller.kind !== 'anonymous' }),
  );
}
