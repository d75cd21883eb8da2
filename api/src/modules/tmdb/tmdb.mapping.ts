import type { Locale } from '@lanxang/contracts';
import type { TmdbImage, TmdbMovie, TmdbReleaseDates, TmdbVideo } from './tmdb.schemas.js';

/** How many cast members we keep, in billing order. */
export const CAST_LIMIT = 15;
/** A few images per kind: enough to choose from, few enough to keep storage and imports small. */
export const IMAGE_LIMITS = { poster: 3, backdrop: 3, logo: 2 } as const;
export type MovieImageKind = keyof typeof IMAGE_LIMITS;

/** Crew we import: who made the film, not the whole crew list (TMDB's has hundreds). */
const CREW_JOBS = new Set(['Director', 'Producer', 'Executive Producer']);
const isImportedCrew = (credit: { department: string; job: string }) =>
  CREW_JOBS.has(credit.job) || credit.department === 'Writing';

export interface PlannedImage {
  kind: MovieImageKind;
  filePath: string;
  locale: Locale | null;
  width: number;
  height: number;
}

export interface PlannedPerson {
  tmdbId: number;
  name: string;
  profilePath: string | null;
}

/** Everything one TMDB film contributes to our catalog, decided before anything is written. */
export interface MoviePlan {
  tmdbId: number;
  english: { title: string; overview: string; tagline: string };
  /** From TMDB's `lo` translation; only fields TMDB actually has. */
  lao: Partial<{ title: string; overview: string; tagline: string }> | null;
  originalTitle: string;
  originalLanguage: string;
  releaseDate: string | null;
  runtimeMinutes: number | null;
  imdbId: string | null;
  voteAverage: number | null;
  voteCount: number;
  popularity: number;
  certification: string | null;
  trailerUrl: string | null;
  genres: { tmdbId: number; name: string }[];
  cast: (PlannedPerson & { character: string; order: number })[];
  crew: (PlannedPerson & { department: string; job: string })[];
  images: PlannedImage[];
}

export function planMovie(movie: TmdbMovie): MoviePlan {
  const lao = movie.translations.translations.find((translation) => translation.iso_639_1 === 'lo');
  const laoFields = lao
    ? Object.fromEntries(
        (['title', 'overview', 'tagline'] as const).flatMap((field) => {
          const value = lao.data[field]?.normalize('NFC').trim();
          return value ? [[field, value]] : [];
        }),
      )
    : {};
  const seenCrew = new Set<string>();
  return {
    tmdbId: movie.id,
    english: {
      title: (movie.title || movie.original_title).trim(),
      overview: movie.overview.trim(),
      tagline: movie.tagline.trim(),
    },
    lao: Object.keys(laoFields).length ? laoFields : null,
    originalTitle: (movie.original_title || movie.title).normalize('NFC').trim(),
    originalLanguage: movie.original_language || 'en',
    releaseDate: /^\d{4}-\d{2}-\d{2}$/.test(movie.release_date) ? movie.release_date : null,
    runtimeMinutes: movie.runtime ? movie.runtime : null,
    imdbId: movie.imdb_id && /^tt\d{5,10}$/.test(movie.imdb_id) ? movie.imdb_id : null,
    // TMDB reports 0 for a film nobody has rated yet: that is "no rating", not a zero.
    voteAverage: movie.vote_count ? (movie.vote_average ?? null) : null,
    voteCount: movie.vote_count ?? 0,
    popularity: movie.popularity ?? 0,
    certification: pickCertification(movie.release_dates),
    trailerUrl: pickTrailerUrl(movie.videos.results),
    genres: movie.genres.map((genre) => ({ tmdbId: genre.id, name: genre.name })),
    cast: [...movie.credits.cast]
      .sort((a, b) => a.order - b.order)
      .slice(0, CAST_LIMIT)
      .map((credit, order) => ({
        tmdbId: credit.id,
        name: credit.name,
        profilePath: credit.profile_path,
        character: credit.character.trim(),
        order,
      })),
    crew: movie.credits.crew.filter(isImportedCrew).flatMap((credit) => {
      const key = `${credit.id}/${credit.department}/${credit.job}`;
      if (seenCrew.has(key)) return [];
      seenCrew.add(key);
      return [
        {
          tmdbId: credit.id,
          name: credit.name,
          profilePath: credit.profile_path,
          department: credit.department,
          job: credit.job,
        },
      ];
    }),
    images: [
      ...pickImages('poster', movie.images.posters, movie.poster_path),
      ...pickImages('backdrop', movie.images.backdrops, movie.backdrop_path),
      ...pickImages('logo', movie.images.logos, null),
    ],
  };
}

/** Everyone the plan credits, once each. */
export function plannedPeople(plan: MoviePlan): PlannedPerson[] {
  const people = new Map<number, PlannedPerson>();
  for (const credit of [...plan.cast, ...plan.crew]) {
    if (!people.has(credit.tmdbId))
      people.set(credit.tmdbId, {
        tmdbId: credit.tmdbId,
        name: credit.name,
        profilePath: credit.profilePath,
      });
  }
  return [...people.values()];
}

/**
 * The rating to show: the US one (the scale most viewers here know), then Laos', then any
 * country's; within a country a theatrical release's first (TMDB type 3, then 2), as home-video
 * and festival entries are often blank or re-rated.
 */
export function pickCertification(releaseDates: TmdbReleaseDates): string | null {
  const rank = (type: number) => (type === 3 ? 0 : type === 2 ? 1 : 2);
  const inCountry = (country: TmdbReleaseDates['results'][number] | undefined) =>
    country?.release_dates
      .filter(
        (release) => release.certification.trim() && release.certification.trim().length <= 16,
      )
      .sort((a, b) => rank(a.type) - rank(b.type))[0]
      ?.certification.trim() ?? null;
  const byCountry = (code: string) =>
    releaseDates.results.find((country) => country.iso_3166_1 === code);
  return (
    inCountry(byCountry('US')) ??
    inCountry(byCountry('LA')) ??
    releaseDates.results.map(inCountry).find((certification) => certification !== null) ??
    null
  );
}

/**
 * The trailer the TV links to: YouTube only (the TV app can open it); a trailer over a teaser,
 * an official video over a fan upload, then the newest.
 */
export function pickTrailerUrl(videos: TmdbVideo[]): string | null {
  const score = (video: TmdbVideo) =>
    (video.type === 'Trailer' ? 0 : 2) + (video.official === false ? 1 : 0);
  const best = videos
    .filter(
      (video) =>
        video.site === 'YouTube' &&
        (video.type === 'Trailer' || video.type === 'Teaser') &&
        /^[\w-]{6,20}$/.test(video.key),
    )
    .sort(
      (a, b) => score(a) - score(b) || (b.published_at ?? '').localeCompare(a.published_at ?? ''),
    )[0];
  return best ? `https://www.youtube.com/watch?v=${best.key}` : null;
}

const imageLocale = (iso: string | null): Locale | null | undefined =>
  iso === null ? null : iso === 'en' || iso === 'lo' ? iso : undefined;

/**
 * The images to store for one kind: TMDB's own pick for the film (its `poster_path` or
 * `backdrop_path`) first, as it becomes our primary, then TMDB's order (best rated first).
 * Only images in a language we speak, or with no text, are eligible.
 */
function pickImages(
  kind: MovieImageKind,
  images: TmdbImage[],
  preferred: string | null,
): PlannedImage[] {
  const eligible = images.filter((image) => imageLocale(image.iso_639_1) !== undefined);
  const ordered = [
    ...eligible.filter((image) => image.file_path === preferred),
    ...eligible.filter((image) => image.file_path !== preferred),
  ];
  return ordered.slice(0, IMAGE_LIMITS[kind]).map((image) => ({
    kind,
    filePath: image.file_path,
    locale: imageLocale(image.iso_639_1) ?? null,
    width: image.width,
    height: image.height,
  }));
}
