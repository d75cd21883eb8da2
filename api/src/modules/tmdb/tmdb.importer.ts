import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Db } from '../../db.js';
import { conflict, notFound } from '../../http/errors.js';
import { audited, type WriteContext } from '../audit/audited.js';
import { Genre, GenreTranslation, type IGenre } from '../catalog/genre.entity.js';
import { Image } from '../catalog/image.entity.js';
import { Movie, type IMovie } from '../catalog/movie.entity.js';
import {
  loadMovie,
  newMovie,
  snapshotMovie,
  writeMovie,
  type MovieChange,
} from '../catalog/movie.writer.js';
import { Person, PersonTranslation, type IPerson } from '../catalog/person.entity.js';
import { TmdbError, type TmdbClient } from './tmdb.client.js';
import type { ImageTarget } from '../media/images.js';
import { tmdbImageStore, type StoredImage } from './tmdb.images.js';
import {
  IMAGE_LIMITS,
  planMovie,
  plannedPeople,
  type MoviePlan,
  type PlannedImage,
  type PlannedPerson,
} from './tmdb.mapping.js';
import type { TmdbPerson } from './tmdb.schemas.js';

/** TMDB calls and image downloads in flight at once during one import. */
const FETCH_CONCURRENCY = 4;

export interface ImportResult {
  movieId: number;
  created: boolean;
  title: string;
}

/** More to write in the film's own transaction, so it commits (or not) with the film. */
export type AlongWithFilm = (tx: EntityManager, result: ImportResult) => Promise<unknown>;

/**
 * Imports and re-syncs films from TMDB. All network and ffmpeg work happens first; the catalog
 * is then changed in one short transaction with its audit entry, so a failure part-way leaves
 * the catalog as it was (downloaded files are reused by the next attempt).
 */
export function tmdbImporter(deps: {
  db: Pick<Db, 'em'>;
  client: TmdbClient;
  images: ImageTarget;
  logger: Logger;
}) {
  const { db, client } = deps;
  const images = tmdbImageStore(client, deps.images);
  // People and genres are shared between films: two imports writing at once could both create
  // "Brad Pitt". Writes are short, so one at a time per process is simplest.
  let writeQueue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(write: () => Promise<T>): Promise<T> => {
    const run = writeQueue.then(write, write);
    writeQueue = run.catch(() => {});
    return run;
  };

  async function importMovie(
    tmdbId: number,
    who: WriteContext,
    alongWith?: AlongWithFilm,
  ): Promise<ImportResult> {
    const plan = planMovie(await client.movie(tmdbId));
    const em = db.em.fork();
    const existing = await em.findOne(Movie, { tmdbId }, { populate: ['images'] });
    const storedPaths = new Set(
      existing?.images
        .getItems()
        .flatMap((image) => (image.sourcePath ? [image.sourcePath] : [])) ?? [],
    );

    // New people only: someone already in the catalog keeps the details (and edits) they have.
    const credited = plannedPeople(plan);
    const known = new Set(
      (
        await em.find(
          Person,
          { tmdbId: { $in: credited.map((person) => person.tmdbId) } },
          { fields: ['tmdbId'] },
        )
      ).map((person) => person.tmdbId),
    );
    const newcomers = await mapLimit(
      credited.filter((person) => !known.has(person.tmdbId)),
      FETCH_CONCURRENCY,
      async (person) => {
        const details = await personDetails(person);
        const profilePath = details?.profile_path ?? person.profilePath;
        return {
          person,
          details,
          profile: profilePath
            ? { path: profilePath, ...(await images.store('profile', profilePath)) }
            : null,
        };
      },
    );

    // Fill each kind up to its quota, never storing a TMDB file twice for the film.
    const wanted = (['poster', 'backdrop', 'logo'] as const).flatMap((kind) => {
      const have = existing?.images.getItems().filter((image) => image.kind === kind).length ?? 0;
      return plan.images
        .filter((image) => image.kind === kind && !storedPaths.has(image.filePath))
        .slice(0, Math.max(0, IMAGE_LIMITS[kind] - have));
    });
    const downloaded = await mapLimit(wanted, FETCH_CONCURRENCY, async (image) => ({
      image,
      stored: await images.store(image.kind, image.filePath),
    }));

    return serialized(() =>
      db.em.fork().transactional(async (tx) => {
        const result = await write(tx, plan, newcomers, downloaded, who);
        await alongWith?.(tx, result);
        return result;
      }),
    );
  }

  /** A person's own TMDB page; one TMDB has merged away is imported from the credit alone. */
  async function personDetails(person: PlannedPerson): Promise<TmdbPerson | null> {
    try {
      return await client.person(person.tmdbId);
    } catch (error) {
      if (error instanceof TmdbError && error.code === 'not_found') return null;
      throw error;
    }
  }

  async function write(
    em: EntityManager,
    plan: MoviePlan,
    newcomers: Newcomer[],
    downloaded: { image: PlannedImage; stored: StoredImage }[],
    who: WriteContext,
  ): Promise<ImportResult> {
    let created = false;
    const movie = await audited<IMovie, IMovie | null>(em, who, {
      action: (existing) => (existing ? 'movie.resync' : 'movie.import'),
      entityType: 'movie',
      snapshot: snapshotMovie,
      entityId: (movie: IMovie) => movie.id,
      note: { source: 'tmdb', newPeople: newcomers.length, newImages: downloaded.length },
      load: (tx) => loadMovie(tx, { tmdbId: plan.tmdbId }, { credits: true, images: true }),
      change: async (tx, found) => {
        created = !found;
        const movie =
          found ??
          (await newMovie(tx, {
            slugFrom: plan.english.title,
            tmdbId: plan.tmdbId,
            originalTitle: plan.originalTitle,
          }));
        const people = await applyPeople(tx, plan, newcomers);
        writeMovie(tx, movie, await movieChange(tx, plan, people), 'tmdb');
        applyImages(tx, movie, downloaded);
        return movie;
      },
    });
    return { movieId: movie.id, created, title: plan.english.title };
  }

  /** The film as TMDB has it; the writer decides what of it may overwrite our edits. */
  async function movieChange(
    tx: EntityManager,
    plan: MoviePlan,
    people: Map<number, IPerson>,
  ): Promise<MovieChange> {
    // The plan's fields are what is left once the parts written on their own are taken out
    // (the TMDB id is set when the film is made; images are not the writer's).
    const { tmdbId: _tmdbId, images: _images, english, lao, genres, cast, crew, ...fields } = plan;
    return {
      fields,
      texts: {
        title: { en: english.title, lo: lao?.title },
        overview: { en: english.overview, lo: lao?.overview },
        tagline: { en: english.tagline, lo: lao?.tagline },
      },
      genres: await importedGenres(tx, genres),
      cast: cast.map((credit) => ({
        person: people.get(credit.tmdbId)!,
        order: credit.order,
        character: { en: credit.character.slice(0, 300) },
      })),
      crew: crew.map((credit) => ({
        person: people.get(credit.tmdbId)!,
        department: credit.department.slice(0, 100),
        job: { en: credit.job.slice(0, 200) },
      })),
    };
  }

  /** TMDB's genres, matched by TMDB id and created once (named in English; Lao is for admins). */
  async function importedGenres(tx: EntityManager, genres: MoviePlan['genres']): Promise<IGenre[]> {
    const ids = genres.map((genre) => genre.tmdbId);
    const found = new Map(
      (await tx.find(Genre, { tmdbId: { $in: ids } })).map((genre) => [genre.tmdbId!, genre]),
    );
    return genres.map((planned) => {
      const genre = found.get(planned.tmdbId);
      if (genre) return genre;
      const fresh = tx.create(Genre, { tmdbId: planned.tmdbId });
      tx.create(GenreTranslation, { genre: fresh, locale: 'en', name: planned.name.slice(0, 100) });
      return fresh;
    });
  }

  async function applyPeople(
    tx: EntityManager,
    plan: MoviePlan,
    newcomers: Newcomer[],
  ): Promise<Map<number, IPerson>> {
    const ids = plannedPeople(plan).map((person) => person.tmdbId);
    const people = new Map(
      (await tx.find(Person, { tmdbId: { $in: ids } })).map((person) => [person.tmdbId!, person]),
    );
    for (const { person, details, profile } of newcomers) {
      if (people.has(person.tmdbId)) continue;
      const row = tx.create(Person, {
        tmdbId: person.tmdbId,
        birthday:
          details?.birthday && /^\d{4}-\d{2}-\d{2}$/.test(details.birthday)
            ? details.birthday
            : null,
        placeOfBirth: details?.place_of_birth?.slice(0, 300) ?? null,
        popularity: details?.popularity ?? 0,
      });
      tx.create(PersonTranslation, {
        person: row,
        locale: 'en',
        name: (details?.name ?? person.name).slice(0, 200),
        biography: details?.biography ?? '',
      });
      if (profile) {
        tx.create(Image, {
          person: row,
          kind: 'profile',
          locale: null,
          width: profile.width,
          height: profile.height,
          storageKey: profile.storageKey,
          sourcePath: profile.path,
          position: 0,
        });
      }
      people.set(person.tmdbId, row);
    }
    return people;
  }

  /** New images go after the ones the film has, so a re-sync never changes the primary. */
  function applyImages(
    tx: EntityManager,
    movie: IMovie,
    downloaded: { image: PlannedImage; stored: StoredImage }[],
  ) {
    const current = movie.images.isInitialized() ? movie.images.getItems() : [];
    const stored = new Set(current.map((image) => image.sourcePath));
    for (const { image, stored: file } of downloaded) {
      if (stored.has(image.filePath)) continue;
      stored.add(image.filePath);
      const position =
        Math.max(
          -1,
          ...current.filter((other) => other.kind === image.kind).map((other) => other.position),
        ) + 1;
      const row = tx.create(Image, {
        movie,
        kind: image.kind,
        locale: image.locale,
        width: file.width,
        height: file.height,
        storageKey: file.storageKey,
        sourcePath: image.filePath,
        position,
      });
      current.push(row);
    }
  }

  /** The ids of ours among `tmdbIds`, for marking search results already imported. */
  const importedIds = async (tmdbIds: number[]): Promise<Map<number, number>> => {
    if (!tmdbIds.length) return new Map();
    const movies = await db.em
      .fork()
      .find(Movie, { tmdbId: { $in: tmdbIds } }, { fields: ['id', 'tmdbId'] });
    return new Map(movies.map((movie) => [movie.tmdbId!, movie.id]));
  };

  return {
    importMovie,
    /** Re-sync one of our films from the TMDB film it was imported from. */
    async resync(movieId: number, who: WriteContext): Promise<ImportResult> {
      const movie = await db.em.fork().findOne(Movie, movieId, { fields: ['tmdbId'] });
      if (!movie) throw notFound('That film');
      if (movie.tmdbId === null || movie.tmdbId === undefined)
        throw conflict(
          'This film was not imported from TMDB, so there is nothing to re-sync it from.',
        );
      return importMovie(movie.tmdbId, who);
    },
    /** A TMDB search, each hit with the film it was imported as (or null). */
    async search(query: { q: string; year?: number | undefined; page?: number | undefined }) {
      const found = await client.searchMovies({
        query: query.q,
        year: query.year,
        page: query.page,
      });
      const imported = await importedIds(found.results.map((result) => result.id));
      return {
        hits: found.results.map((hit) => ({ hit, importedMovieId: imported.get(hit.id) ?? null })),
        page: found.page,
        totalPages: found.total_pages,
        totalResults: found.total_results,
      };
    },
    /** What an import of `tmdbId` would write, and the film it was imported as (or null). */
    async preview(tmdbId: number) {
      const plan = planMovie(await client.movie(tmdbId));
      const imported = await importedIds([plan.tmdbId]);
      return { plan, importedMovieId: imported.get(plan.tmdbId) ?? null };
    },
  };
}
export type TmdbImporter = ReturnType<typeof tmdbImporter>;

/** A person new to the catalog, with what was fetched for them before the write. */
interface Newcomer {
  person: PlannedPerson;
  details: TmdbPerson | null;
  profile: (StoredImage & { path: string }) | null;
}

/** `Promise.all` over `items` with at most `limit` running at once, results in input order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
