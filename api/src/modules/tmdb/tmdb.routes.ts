import { routes } from '@lanxang/contracts';
import { who } from '../../http/context.js';
import { mount, type RouteMount } from '../../http/route.js';
import type { Services, TmdbServices } from '../../services.js';
import { tmdbNotConfigured, withTmdbErrors } from './tmdb.errors.js';
import { toPreview, toSearchItem } from './tmdb.presenters.js';

/**
 * TMDB import for admins. The TMDB key stays on the server; without one every route answers
 * 503 `tmdb_not_configured` with a message the admin can show as it is.
 */
export function tmdbRoutes(http: RouteMount, { tmdb, catalog }: Services): void {
  const need = (): TmdbServices => {
    if (!tmdb) throw tmdbNotConfigured();
    return tmdb;
  };
  const movie = (id: number) => catalog.reader.getMovie(id, undefined, { includeDrafts: true });

  mount(http, routes.adminTmdbSearch, async ({ query }) => {
    const { client, importer } = need();
    return withTmdbErrors(async () => {
      const { hits, ...page } = await importer.search(query);
      return {
        items: await Promise.all(
          hits.map(({ hit, importedMovieId }) => toSearchItem(hit, importedMovieId, client)),
        ),
        ...page,
      };
    });
  });

  mount(http, routes.adminTmdbPreview, async ({ params }) => {
    const { client, importer } = need();
    return withTmdbErrors(async () => {
      const { plan, importedMovieId } = await importer.preview(params.tmdbId);
      return toPreview(plan, importedMovieId, client);
    });
  });

  mount(http, routes.adminTmdbImport, async ({ body, ctx }) => {
    const { importer } = need();
    const result = await withTmdbErrors(() => importer.importMovie(body.tmdbId, who(ctx)));
    return movie(result.movieId);
  });

  mount(http, routes.adminTmdbResync, async ({ params, ctx }) => {
    const { importer } = need();
    await withTmdbErrors(() => importer.resync(params.id, who(ctx)));
    return movie(params.id);
  });

  mount(http, routes.adminTmdbBulkImport, ({ body, ctx }) =>
    need().batches.start(body.tmdbIds, who(ctx)),
  );
  mount(http, routes.adminTmdbImportBatch, ({ params }) => need().batches.get(params.id));
}
