import { routes, type TmdbMoviePreview } from '@lanxang/contracts';
import type { AppDeps } from '../../app.js';
import type { AppContext, AppRouter } from '../../http/context.js';
import { mount, type MountOptions } from '../../http/route.js';
import type { WriteContext } from '../audit/audited.js';
import { catalogReader } from '../catalog/catalog.read.js';
import { tmdbBatches, type TmdbBatches } from './tmdb.batches.js';
import { createTmdbClient, type TmdbClient } from './tmdb.client.js';
import { tmdbNotConfigured, withTmdbErrors } from './tmdb.errors.js';
import { tmdbImporter, type TmdbImporter } from './tmdb.importer.js';
import type { MoviePlan, PlannedImage } from './tmdb.mapping.js';

interface TmdbServices {
  client: TmdbClient;
  importer: TmdbImporter;
  batches: TmdbBatches;
}

/**
 * TMDB import for admins. The TMDB key stays on the server; without one every route answers
 * 503 `tmdb_not_configured` with a message the admin can show as it is.
 */
export function tmdbRoutes(router: AppRouter, options: MountOptions, deps: AppDeps): void {
  const { db, config, logger } = deps;
  const reader = catalogReader(db, config.publicApiUrl);
  const services = config.tmdb.apiKey ? createServices(deps, config.tmdb.apiKey) : undefined;
  const need = (): TmdbServices => {
    if (!services) throw tmdbNotConfigured();
    return services;
  };
  const who = (ctx: AppContext): WriteContext => ({
    actor: ctx.state.caller.kind === 'admin' ? ctx.state.caller.actor : 'unknown',
    requestId: ctx.state.requestId,
  });
  const movie = (id: number) => reader.getMovie(id, undefined, { includeDrafts: true });

  mount(router, options, routes.adminTmdbSearch, async ({ query }) => {
    const { client, importer } = need();
    return withTmdbErrors(async () => {
      const found = await client.searchMovies({
        query: query.q,
        year: query.year,
        page: query.page,
      });
      const imported = await importer.importedIds(found.results.map((result) => result.id));
      const items = await Promise.all(
        found.results.map(async (result) => {
          const releaseDate = /^\d{4}-\d{2}-\d{2}$/.test(result.release_date)
            ? result.release_date
            : null;
          return {
            tmdbId: result.id,
            title: result.title,
            originalTitle: result.original_title,
            releaseDate,
            year: releaseDate ? Number(releaseDate.slice(0, 4)) : null,
            overview: result.overview,
            posterUrl: result.poster_path
              ? await client.imageUrl(result.poster_path, 'w185')
              : null,
            importedMovieId: imported.get(result.id) ?? null,
          };
        }),
      );
      return {
        items,
        page: found.page,
        totalPages: found.total_pages,
        totalResults: found.total_results,
      };
    });
  });

  mount(router, options, routes.adminTmdbPreview, async ({ params }) => {
    const { client, importer } = need();
    return withTmdbErrors(async () => {
      const plan = await importer.plan(params.tmdbId);
      const imported = await importer.importedIds([plan.tmdbId]);
      return toPreview(plan, imported.get(plan.tmdbId) ?? null, client);
    });
  });

  mount(router, options, routes.adminTmdbImport, async ({ body, ctx }) => {
    const { importer } = need();
    const result = await withTmdbErrors(() => importer.importMovie(body.tmdbId, who(ctx)));
    return movie(result.movieId);
  });

  mount(router, options, routes.adminTmdbResync, async ({ params, ctx }) => {
    const { importer } = need();
    await withTmdbErrors(() => importer.resync(params.id, who(ctx)));
    return movie(params.id);
  });

  mount(router, options, routes.adminTmdbBulkImport, ({ body, ctx }) =>
    need().batches.start(body.tmdbIds, who(ctx)),
  );
  mount(router, options, routes.adminTmdbImportBatch, ({ params }) =>
    need().batches.get(params.id),
  );

  logger.debug({ configured: Boolean(services), baseUrl: config.tmdb.baseUrl }, 'tmdb import');
}

function createServices({ db, config, logger }: AppDeps, apiKey: string): TmdbServices {
  const client = createTmdbClient({
    apiKey,
    baseUrl: config.tmdb.baseUrl,
    timeoutMs: config.tmdb.timeoutMs,
    maxRetries: config.tmdb.maxRetries,
  });
  const importer = tmdbImporter({ db, client, mediaDir: config.mediaDir, logger });
  return { client, importer, batches: tmdbBatches({ db, importer, logger }) };
}

async function toPreview(
  plan: MoviePlan,
  importedMovieId: number | null,
  client: TmdbClient,
): Promise<TmdbMoviePreview> {
  const url = (path: string, size: string) => client.imageUrl(path, size);
  const images = (kind: PlannedImage['kind'], size: string) =>
    Promise.all(
      plan.images
        .filter((image) => image.kind === kind)
        .map(async (image) => ({
          url: await url(image.filePath, size),
          locale: image.locale,
          width: image.width,
          height: image.height,
        })),
    );
  const texts = (field: 'title' | 'overview' | 'tagline') => ({
    en: plan.english[field],
    ...(plan.lao?.[field] && { lo: plan.lao[field] }),
  });
  return {
    tmdbId: plan.tmdbId,
    importedMovieId,
    title: texts('title'),
    overview: texts('overview'),
    tagline: texts('tagline'),
    originalTitle: plan.originalTitle,
    originalLanguage: plan.originalLanguage,
    releaseDate: plan.releaseDate,
    runtimeMinutes: plan.runtimeMinutes,
    imdbId: plan.imdbId,
    voteAverage: plan.voteAverage,
    certification: plan.certification,
    trailerUrl: plan.trailerUrl,
    hasLao: plan.lao !== null,
    genres: plan.genres,
    cast: await Promise.all(
      plan.cast.map(async (credit) => ({
        tmdbId: credit.tmdbId,
        name: credit.name,
        character: credit.character,
        order: credit.order,
        profileUrl: credit.profilePath ? await url(credit.profilePath, 'w185') : null,
      })),
    ),
    crew: plan.crew.map((credit) => ({
      tmdbId: credit.tmdbId,
      name: credit.name,
      department: credit.department,
      job: credit.job,
    })),
    images: {
      posters: await images('poster', 'w342'),
      backdrops: await images('backdrop', 'w780'),
      logos: await images('logo', 'w300'),
    },
  };
}
