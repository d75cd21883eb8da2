import type { TmdbMoviePreview, TmdbSearch } from '@lanxang/contracts';
import type { TmdbClient } from './tmdb.client.js';
import type { MoviePlan, PlannedImage } from './tmdb.mapping.js';
import type { TmdbSearchMovieSchema } from './tmdb.schemas.js';
import type { z } from 'zod';

type TmdbSearchHit = z.infer<typeof TmdbSearchMovieSchema>['results'][number];

/** One TMDB search hit as the admin sees it, with the film it was imported as, if any. */
export async function toSearchItem(
  result: TmdbSearchHit,
  importedMovieId: number | null,
  client: TmdbClient,
): Promise<TmdbSearch['items'][number]> {
  const releaseDate = /^\d{4}-\d{2}-\d{2}$/.test(result.release_date) ? result.release_date : null;
  return {
    tmdbId: result.id,
    title: result.title,
    originalTitle: result.original_title,
    releaseDate,
    year: releaseDate ? Number(releaseDate.slice(0, 4)) : null,
    overview: result.overview,
    posterUrl: result.poster_path ? await client.imageUrl(result.poster_path, 'w185') : null,
    importedMovieId,
  };
}

/** The admin's preview of a TMDB film before it is imported. */
export async function toPreview(
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
