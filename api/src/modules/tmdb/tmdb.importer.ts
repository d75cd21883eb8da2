import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Db } from '../../db.js';
import { conflict, notFound } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.js';
import { uniqueSlug, type WriteContext } from '../catalog/admin/movies.js';
import {
  CastCredit,
  CastCreditTranslation,
  CrewCredit,
  CrewCreditTranslation,
  type ICastCredit,
} from '../catalog/credit.entity.js';
import { Genre, GenreTranslation } from '../catalog/genre.entity.js';
import { Image } from '../catalog/image.entity.js';
import { Movie, MovieTranslation, type IMovie } from '../catalog/movie.entity.js';
import { Person, PersonTranslation, type IPerson } from '../catalog/person.entity.js';
import { snapshotTranslations } from '../catalog/translations.js';
import { TmdbError, type TmdbClient } from './tmdb.client.js';
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

/**
 * Imports and re-syncs films from TMDB. All network and ffmpeg work happens first; the catalog
 * is then changed in one short transaction with its audit entry, so a failure part-way leaves
 * the catalog as it was (downloaded files are reused by the next attempt).
 */
export function tmdbImporter(deps: {
  db: Pick<Db, 'em'>;
  client: TmdbClient;
  mediaDir: string;
  logger: Logger;
}) {
  const { db, client } = deps;
  const images = tmdbImageStore(client, deps.mediaDir);
  // People and genres are shared between films: two imports writing at once could both create
  // "Brad Pitt". Writes are short, so one at a time per process is simplest.
  let writeQueue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(write: () => Promise<T>): Promise<T> => {
    const run = writeQueue.then(write, write);
    writeQueue = run.catch(() => {});
    return run;
  };

  async function importMovie(tmdbId: number, who: WriteContext): Promise<ImportResult> {
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
      db.em.fork().transactional((tx) => write(tx, plan, newcomers, downloaded, who)),
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
    tx: EntityManager,
    plan: MoviePlan,
    newcomers: {
      person: PlannedPerson;
      details: TmdbPerson | null;
      profile: (StoredImage & { path: string }) | null;
    }[],
    downloaded: { image: PlannedImage; stored: StoredImage }[],
    who: WriteContext,
  ): Promise<ImportResult> {
    const found: IMovie | null = await tx.findOne(
      Movie,
      { tmdbId: plan.tmdbId },
      { populate: ['translations', 'genres', 'images'] },
    );
    const created = !found;
    const before = found ? snapshot(found) : null;
    const movie: IMovie =
      found ??
      tx.create(Movie, {
        slug: await uniqueSlug(tx, plan.english.title),
        tmdbId: plan.tmdbId,
        originalTitle: plan.originalTitle,
        status: 'draft',
      });
    Object.assign(movie, {
      originalTitle: plan.originalTitle,
      originalLanguage: plan.originalLanguage,
      releaseDate: plan.releaseDate,
      runtimeMinutes: plan.runtimeMinutes,
      imdbId: plan.imdbId,
      voteAverage: plan.voteAverage,
      voteCount: plan.voteCount,
      popularity: plan.popularity,
      certification: plan.certification,
      trailerUrl: plan.trailerUrl,
    });
    applyTexts(tx, movie, plan);
    await applyGenres(tx, movie, plan);
    const people = await applyPeople(tx, plan, newcomers);
    await applyCredits(tx, movie, plan, people);
    applyImages(tx, movie, downloaded);
    await tx.flush();
    recordAudit(tx, {
      ...who,
      action: created ? 'movie.import' : 'movie.resync',
      entityType: 'movie',
      entityId: movie.id,
      before,
      after: {
        ...snapshot(movie),
        source: 'tmdb',
        newPeople: newcomers.length,
        newImages: downloaded.length,
      },
    });
    return { movieId: movie.id, created, title: plan.english.title };
  }

  /**
   * English always follows TMDB. Lao comes from TMDB's `lo` translation only while no admin has
   * edited the Lao row (`editedAt`): a re-sync never undoes a translator's work.
   */
  function applyTexts(tx: EntityManager, movie: IMovie, plan: MoviePlan) {
    const rows = new Map(movie.translations.getItems().map((row) => [row.locale, row]));
    const english = rows.get('en') ?? tx.create(MovieTranslation, { movie, locale: 'en' });
    Object.assign(english, plan.english);
    if (!plan.lao) return;
    const lao = rows.get('lo');
    if (lao?.editedAt) return;
    Object.assign(lao ?? tx.create(MovieTranslation, { movie, locale: 'lo' }), plan.lao);
  }

  /**
   * Genres are matched by TMDB id and created once (named in English; Lao is for admins). A film
   * keeps the genres an admin added that are not TMDB's; TMDB ones it no longer lists are dropped.
   */
  async function applyGenres(tx: EntityManager, movie: IMovie, plan: MoviePlan) {
    const ids = plan.genres.map((genre) => genre.tmdbId);
    const found = new Map(
      (await tx.find(Genre, { tmdbId: { $in: ids } })).map((genre) => [genre.tmdbId!, genre]),
    );
    const genres = plan.genres.map((planned) => {
      const genre = found.get(planned.tmdbId);
      if (genre) return genre;
      const fresh = tx.create(Genre, { tmdbId: planned.tmdbId });
      tx.create(GenreTranslation, { genre: fresh, locale: 'en', name: planned.name.slice(0, 100) });
      return fresh;
    });
    const local = movie.genres.isInitialized()
      ? movie.genres.getItems().filter((genre) => genre.tmdbId === null)
      : [];
    movie.genres.set([...local, ...genres]);
  }

  async function applyPeople(
    tx: EntityManager,
    plan: MoviePlan,
    newcomers: {
      person: PlannedPerson;
      details: TmdbPerson | null;
      profile: (StoredImage & { path: string }) | null;
    }[],
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

  /**
   * Credits mirror TMDB for people who came from TMDB, matched by person (and job for crew) so
   * a credit's Lao character or job survives a re-sync. Credits of people an admin added by
   * hand (no TMDB id) are left alone.
   */
  async function applyCredits(
    tx: EntityManager,
    movie: IMovie,
    plan: MoviePlan,
    people: Map<number, IPerson>,
  ) {
    const [cast, crew] = movie.id
      ? await Promise.all([
          tx.find(CastCredit, { movie }, { populate: ['person', 'translations'] }),
          tx.find(CrewCredit, { movie }, { populate: ['person', 'translations'] }),
        ])
      : [[], []];

    const castByPerson = new Map(
      cast
        .filter((credit) => credit.person.tmdbId !== null)
        .map((credit) => [credit.person.tmdbId!, credit]),
    );
    for (const planned of plan.cast) {
      const credit: ICastCredit =
        castByPerson.get(planned.tmdbId) ??
        tx.create(CastCredit, { movie, person: people.get(planned.tmdbId)!, order: planned.order });
      castByPerson.delete(planned.tmdbId);
      credit.order = planned.order;
      const english = credit.translations.isInitialized()
        ? credit.translations.getItems().find((row) => row.locale === 'en')
        : undefined;
      if (english) english.character = planned.character.slice(0, 300);
      else
        tx.create(CastCreditTranslation, {
          credit,
          locale: 'en',
          character: planned.character.slice(0, 300),
        });
    }
    for (const stale of castByPerson.values()) tx.remove(stale);

    const jobOf = (credit: (typeof crew)[number]) =>
      credit.translations.getItems().find((row) => row.locale === 'en')?.job ?? '';
    const crewKey = (tmdbId: number, department: string, job: string) =>
      `${tmdbId}/${department}/${job}`;
    const crewByKey = new Map(
      crew
        .filter((credit) => credit.person.tmdbId !== null)
        .map((credit) => [
          crewKey(credit.person.tmdbId!, credit.department, jobOf(credit)),
          credit,
        ]),
    );
    for (const planned of plan.crew) {
      const key = crewKey(planned.tmdbId, planned.department, planned.job);
      if (crewByKey.delete(key)) continue;
      const credit = tx.create(CrewCredit, {
        movie,
        person: people.get(planned.tmdbId)!,
        department: planned.department.slice(0, 100),
      });
      tx.create(CrewCreditTranslation, { credit, locale: 'en', job: planned.job.slice(0, 200) });
    }
    for (const stale of crewByKey.values()) tx.remove(stale);
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
    /** The ids of ours among `tmdbIds`, for marking search results already imported. */
    async importedIds(tmdbIds: number[]): Promise<Map<number, number>> {
      if (!tmdbIds.length) return new Map();
      const movies = await db.em
        .fork()
        .find(Movie, { tmdbId: { $in: tmdbIds } }, { fields: ['id', 'tmdbId'] });
      return new Map(movies.map((movie) => [movie.tmdbId!, movie.id]));
    },
    plan: async (tmdbId: number) => planMovie(await client.movie(tmdbId)),
  };
}
export type TmdbImporter = ReturnType<typeof tmdbImporter>;

function snapshot(movie: IMovie) {
  return {
    tmdbId: movie.tmdbId,
    imdbId: movie.imdbId,
    releaseDate: movie.releaseDate,
    runtimeMinutes: movie.runtimeMinutes,
    certification: movie.certification,
    voteAverage: movie.voteAverage,
    trailerUrl: movie.trailerUrl,
    ...snapshotTranslations(
      movie.translations.isInitialized() ? movie.translations.getItems() : [],
      ['title', 'overview', 'tagline'],
    ),
  };
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
