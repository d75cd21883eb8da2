import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type CastInputSchema,
  type CrewInputSchema,
  type FeaturedInputSchema,
  type GenreCreateSchema,
  type GenreUpdateSchema,
  type ImageKind,
  type ImageUpdateSchema,
  type Locale,
  type MovieCreateSchema,
  type MovieUpdateSchema,
  type PersonCreateSchema,
  type PersonUpdateSchema,
} from '@lanxang/contracts';
import type { z } from 'zod';
import { conflictWith, notFound, validationFailed } from '../../../http/errors.js';
import { recordAudit } from '../../audit/audit.js';
import {
  CastCredit,
  CastCreditTranslation,
  CrewCredit,
  CrewCreditTranslation,
} from '../credit.entity.js';
import { FeaturedItem } from '../featured.entity.js';
import { Genre, GenreTranslation } from '../genre.entity.js';
import { Image } from '../image.entity.js';
import { Movie, MovieTranslation, type IMovie } from '../movie.entity.js';
import { Person, PersonTranslation, type IPerson } from '../person.entity.js';
import { mergeTranslations, snapshotTranslations } from '../translations.js';

type Out<Schema extends z.ZodType> = z.output<Schema>;

/** Who is writing, for the audit log. */
export interface WriteContext {
  actor: string;
  requestId: string;
}

const MOVIE_TEXT_FIELDS = ['title', 'overview', 'tagline'];
const MOVIE_SCALARS = [
  'slug',
  'originalTitle',
  'originalLanguage',
  'releaseDate',
  'runtimeMinutes',
  'certification',
  'voteAverage',
  'tmdbId',
  'imdbId',
  'trailerUrl',
  'rentalRequired',
  'status',
] as const;

/** The admin's writes to the catalog. Each runs in one transaction with its audit entry. */
export function catalogAdmin(em: EntityManager) {
  const loadMovie = async (tx: EntityManager, id: number) => {
    const movie = await tx.findOne(Movie, id, { populate: ['translations', 'genres'] });
    if (!movie) throw notFound('That film');
    return movie;
  };
  const loadPerson = async (tx: EntityManager, id: number) => {
    const person = await tx.findOne(Person, id, { populate: ['translations'] });
    if (!person) throw notFound('That person');
    return person;
  };

  async function applyMovieInput(
    tx: EntityManager,
    movie: IMovie,
    input: Out<typeof MovieUpdateSchema>,
  ) {
    for (const key of MOVIE_SCALARS) {
      if (input[key] !== undefined) (movie as Record<string, unknown>)[key] = input[key];
    }
    if (input.price !== undefined) {
      movie.priceAmount = input.price?.amount ?? null;
      if (input.price) movie.priceCurrency = input.price.currency;
    }
    if (input.genreIds) {
      const genres = await tx.find(Genre, { id: { $in: input.genreIds } });
      const unknown = input.genreIds.filter((id) => !genres.some((genre) => genre.id === id));
      if (unknown.length) {
        throw validationFailed(
          unknown.map((id) => ({
            field: 'body.genreIds',
            message: `has no genre ${id}`,
            code: 'unknown_id',
          })),
        );
      }
      movie.genres.set(genres);
    }
    mergeTranslations(
      movie.translations,
      { title: input.title, overview: input.overview, tagline: input.tagline },
      (locale) => tx.create(MovieTranslation, { movie, locale }),
      { markEdited: true },
    );
  }

  const snapshotMovie = (movie: IMovie) => ({
    ...Object.fromEntries(MOVIE_SCALARS.map((key) => [key, movie[key]])),
    priceAmount: movie.priceAmount,
    genreIds: movie.genres.isInitialized()
      ? movie.genres.getItems().map((genre) => genre.id)
      : undefined,
    ...snapshotTranslations(movie.translations, MOVIE_TEXT_FIELDS),
  });

  return {
    async createMovie(input: Out<typeof MovieCreateSchema>, who: WriteContext): Promise<number> {
      return em.transactional(async (tx) => {
        const slug = input.slug ?? (await uniqueSlug(tx, input.title.en ?? ''));
        const movie = tx.create(Movie, {
          slug,
          originalTitle: input.originalTitle ?? input.title.lo ?? input.title.en ?? '',
          status: 'draft',
        });
        await applyMovieInput(tx, movie, { ...input, slug });
        await tx.flush();
        recordAudit(tx, {
          ...who,
          action: 'movie.create',
          entityType: 'movie',
          entityId: movie.id,
          after: snapshotMovie(movie),
        });
        return movie.id;
      });
    },

    async updateMovie(
      id: number,
      input: Out<typeof MovieUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await em.transactional(async (tx) => {
        const movie = await loadMovie(tx, id);
        const before = snapshotMovie(movie);
        await applyMovieInput(tx, movie, input);
        recordAudit(tx, {
          ...who,
          action: 'movie.update',
          entityType: 'movie',
          entityId: id,
          before,
          after: snapshotMovie(movie),
        });
      });
    },

    async setMovieStatus(
      id: number,
      status: 'draft' | 'published',
      who: WriteContext,
    ): Promise<void> {
      await em.transactional(async (tx) => {
        const movie = await loadMovie(tx, id);
        const before = { status: movie.status };
        movie.status = status;
        recordAudit(tx, {
          ...who,
          action: status === 'published' ? 'movie.publish' : 'movie.unpublish',
          entityType: 'movie',
          entityId: id,
          before,
          after: { status },
        });
      });
    },

    async deleteMovie(id: number, who: WriteContext): Promise<void> {
      await em.transactional(async (tx) => {
        const movie = await loadMovie(tx, id);
        const before = snapshotMovie(movie);
        await tx.nativeDelete(Movie, { id });
        recordAudit(tx, {
          ...who,
          action: 'movie.delete',
          entityType: 'movie',
          entityId: id,
          before,
        });
      });
    },

    async setCast(id: number, cast: Out<typeof CastInputSchema>, who: WriteContext): Promise<void> {
      await em.transactional(async (tx) => {
        const movie = await loadMovie(tx, id);
        const people = await findPeople(
          tx,
          cast.map((credit) => credit.personId),
          'body',
        );
        const before = await creditSnapshot(tx, CastCredit, id);
        await tx.nativeDelete(CastCredit, { movie: id });
        cast.forEach((credit, order) => {
          const row = tx.create(CastCredit, { movie, person: people.get(credit.personId)!, order });
          mergeTranslations(
            [],
            { character: credit.character },
            (locale) => tx.create(CastCreditTranslation, { credit: row, locale }),
            { markEdited: false },
          );
        });
        recordAudit(tx, {
          ...who,
          action: 'movie.cast',
          entityType: 'movie',
          entityId: id,
          before: { cast: before },
          after: { cast },
        });
      });
    },

    async setCrew(id: number, crew: Out<typeof CrewInputSchema>, who: WriteContext): Promise<void> {
      await em.transactional(async (tx) => {
        const movie = await loadMovie(tx, id);
        const people = await findPeople(
          tx,
          crew.map((credit) => credit.personId),
          'body',
        );
        const before = await creditSnapshot(tx, CrewCredit, id);
        await tx.nativeDelete(CrewCredit, { movie: id });
        for (const credit of crew) {
          const row = tx.create(CrewCredit, {
            movie,
            person: people.get(credit.personId)!,
            department: credit.department,
          });
          mergeTranslations(
            [],
            { job: credit.job },
            (locale) => tx.create(CrewCreditTranslation, { credit: row, locale }),
            { markEdited: false },
          );
        }
        recordAudit(tx, {
          ...who,
          action: 'movie.crew',
          entityType: 'movie',
          entityId: id,
          before: { crew: before },
          after: { crew },
        });
      });
    },

    async deleteImage(id: number, who: WriteContext): Promise<void> {
      await em.transactional(async (tx) => {
        const image = await tx.findOne(Image, id);
        if (!image) throw notFound('That image');
        const before = {
          kind: image.kind,
          movieId: image.movie?.id ?? null,
          personId: image.person?.id ?? null,
          storageKey: image.storageKey,
        };
        tx.remove(image);
        recordAudit(tx, {
          ...who,
          action: 'image.delete',
          entityType: 'image',
          entityId: id,
          before,
        });
      });
    },

    /**
     * Adds a stored image to a film or person as the primary one of its kind (position 0; the
     * others move down one).
     */
    async addImage(
      owner: { movieId?: number; personId?: number },
      image: {
        kind: ImageKind;
        locale: Locale | null;
        storageKey: string;
        width: number;
        height: number;
      },
      who: WriteContext,
    ): Promise<number> {
      return em.transactional(async (tx) => {
        const movie = owner.movieId ? await tx.findOne(Movie, owner.movieId) : null;
        const person = owner.personId ? await tx.findOne(Person, owner.personId) : null;
        if (owner.movieId && !movie) throw notFound('That film');
        if (owner.personId && !person) throw notFound('That person');
        await tx.nativeUpdate(
          Image,
          { kind: image.kind, ...(movie ? { movie } : { person }) },
          { position: raw('position + 1') },
        );
        const row = tx.create(Image, { ...image, movie, person, position: 0 });
        await tx.flush();
        recordAudit(tx, {
          ...who,
          action: 'image.add',
          entityType: 'image',
          entityId: row.id,
          after: { ...owner, ...image },
        });
        return row.id;
      });
    },

    async updateImage(
      id: number,
      input: Out<typeof ImageUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await em.transactional(async (tx) => {
        const image = await tx.findOne(Image, id);
        if (!image) throw notFound('That image');
        const before = { position: image.position, locale: image.locale };
        if (input.position !== undefined) image.position = input.position;
        if (input.locale !== undefined) image.locale = input.locale;
        recordAudit(tx, {
          ...who,
          action: 'image.update',
          entityType: 'image',
          entityId: id,
          before,
          after: { position: image.position, locale: image.locale },
        });
      });
    },

    async createPerson(input: Out<typeof PersonCreateSchema>, who: WriteContext): Promise<number> {
      return em.transactional(async (tx) => {
        const person = tx.create(Person, {
          tmdbId: input.tmdbId ?? null,
          birthday: input.birthday ?? null,
          placeOfBirth: input.placeOfBirth ?? null,
        });
        applyPersonTexts(tx, person, input);
        await tx.flush();
        recordAudit(tx, {
          ...who,
          action: 'person.create',
          entityType: 'person',
          entityId: person.id,
          after: snapshotPerson(person),
        });
        return person.id;
      });
    },

    async updatePerson(
      id: number,
      input: Out<typeof PersonUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await em.transactional(async (tx) => {
        const person = await loadPerson(tx, id);
        const before = snapshotPerson(person);
        if (input.tmdbId !== undefined) person.tmdbId = input.tmdbId;
        if (input.birthday !== undefined) person.birthday = input.birthday;
        if (input.placeOfBirth !== undefined) person.placeOfBirth = input.placeOfBirth;
        applyPersonTexts(tx, person, input);
        recordAudit(tx, {
          ...who,
          action: 'person.update',
          entityType: 'person',
          entityId: id,
          before,
          after: snapshotPerson(person),
        });
      });
    },

    async deletePerson(id: number, who: WriteContext): Promise<void> {
      await em.transactional(async (tx) => {
        const person = await loadPerson(tx, id);
        const films = await tx.getConnection().execute<{ id: number; title: string }[]>(
          `select distinct m.id, coalesce(nullif(t.title, ''), m.original_title) as title
           from movies m left join movie_translations t on t.movie_id = m.id and t.locale = 'en'
           where m.id in (select movie_id from movie_cast where person_id = ? union select movie_id from movie_crew where person_id = ?)
           order by m.id`,
          [id, id],
        );
        if (films.length) {
          throw conflictWith(
            `This person is credited in ${films.length} film${films.length > 1 ? 's' : ''}; remove those credits first.`,
            films.map((film) => ({ kind: 'movie', id: film.id, label: film.title })),
          );
        }
        const before = snapshotPerson(person);
        tx.remove(person);
        recordAudit(tx, {
          ...who,
          action: 'person.delete',
          entityType: 'person',
          entityId: id,
          before,
        });
      });
    },

    async createGenre(input: Out<typeof GenreCreateSchema>, who: WriteContext): Promise<number> {
      return em.transactional(async (tx) => {
        const genre = tx.create(Genre, { tmdbId: input.tmdbId ?? null });
        mergeTranslations(
          [],
          { name: input.name },
          (locale) => tx.create(GenreTranslation, { genre, locale, name: '' }),
          { markEdited: false },
        );
        await tx.flush();
        recordAudit(tx, {
          ...who,
          action: 'genre.create',
          entityType: 'genre',
          entityId: genre.id,
          after: { ...input },
        });
        return genre.id;
      });
    },

    async updateGenre(
      id: number,
      input: Out<typeof GenreUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await em.transactional(async (tx) => {
        const genre = await tx.findOne(Genre, id, { populate: ['translations'] });
        if (!genre) throw notFound('That genre');
        const before = {
          tmdbId: genre.tmdbId,
          ...snapshotTranslations(genre.translations, ['name']),
        };
        if (input.tmdbId !== undefined) genre.tmdbId = input.tmdbId;
        mergeTranslations(
          genre.translations,
          { name: input.name },
          (locale) => tx.create(GenreTranslation, { genre, locale, name: '' }),
          { markEdited: false },
        );
        recordAudit(tx, {
          ...who,
          action: 'genre.update',
          entityType: 'genre',
          entityId: id,
          before,
          after: { ...input },
        });
      });
    },

    async deleteGenre(id: number, who: WriteContext): Promise<void> {
      await em.transactional(async (tx) => {
        const genre = await tx.findOne(Genre, id, { populate: ['translations'] });
        if (!genre) throw notFound('That genre');
        const before = {
          tmdbId: genre.tmdbId,
          ...snapshotTranslations(genre.translations, ['name']),
        };
        tx.remove(genre);
        recordAudit(tx, {
          ...who,
          action: 'genre.delete',
          entityType: 'genre',
          entityId: id,
          before,
        });
      });
    },

    async listFeatured() {
      const items = await em.find(FeaturedItem, {}, { orderBy: { position: 'asc', id: 'asc' } });
      return items.map(toFeaturedOutput);
    },

    async setFeatured(input: Out<typeof FeaturedInputSchema>, who: WriteContext) {
      return em.transactional(async (tx) => {
        const movieIds = [...new Set(input.map((item) => item.movieId))];
        const movies = new Map(
          (await tx.find(Movie, { id: { $in: movieIds } })).map((movie) => [movie.id, movie]),
        );
        const imageIds = input.flatMap((item) => (item.imageId ? [item.imageId] : []));
        const images = new Map(
          (await tx.find(Image, { id: { $in: imageIds } })).map((image) => [image.id, image]),
        );
        const problems = input.flatMap((item, index) => [
          ...(movies.has(item.movieId)
            ? []
            : [
                {
                  field: `body.${index}.movieId`,
                  message: `has no film ${item.movieId}`,
                  code: 'unknown_id',
                },
              ]),
          ...(item.imageId && !images.has(item.imageId)
            ? [
                {
                  field: `body.${index}.imageId`,
                  message: `has no image ${item.imageId}`,
                  code: 'unknown_id',
                },
              ]
            : []),
        ]);
        if (problems.length) throw validationFailed(problems);
        const before = (await tx.find(FeaturedItem, {}, { orderBy: { position: 'asc' } })).map(
          toFeaturedOutput,
        );
        await tx.nativeDelete(FeaturedItem, {});
        const created = input.map((item, position) =>
          tx.create(FeaturedItem, {
            movie: movies.get(item.movieId)!,
            position,
            image: item.imageId ? images.get(item.imageId)! : null,
            visibleFrom: item.visibleFrom ? new Date(item.visibleFrom) : null,
            visibleUntil: item.visibleUntil ? new Date(item.visibleUntil) : null,
          }),
        );
        await tx.flush();
        const after = created.map(toFeaturedOutput);
        recordAudit(tx, {
          ...who,
          action: 'featured.set',
          entityType: 'featured',
          entityId: 'home',
          before: { items: before },
          after: { items: after },
        });
        return after;
      });
    },
  };
}

export type CatalogAdmin = ReturnType<typeof catalogAdmin>;

function applyPersonTexts(
  tx: EntityManager,
  person: IPerson,
  input: Out<typeof PersonUpdateSchema>,
) {
  mergeTranslations(
    person.translations,
    { name: input.name, biography: input.biography },
    (locale) => tx.create(PersonTranslation, { person, locale }),
    { markEdited: true },
  );
}

function snapshotPerson(person: IPerson) {
  return {
    tmdbId: person.tmdbId,
    birthday: person.birthday,
    placeOfBirth: person.placeOfBirth,
    ...snapshotTranslations(person.translations, ['name', 'biography']),
  };
}

function toFeaturedOutput(item: {
  id: number;
  movie: { id: number };
  position: number;
  image?: { id: number } | null;
  visibleFrom?: Date | null;
  visibleUntil?: Date | null;
}) {
  return {
    id: item.id,
    movieId: item.movie.id,
    position: item.position,
    imageId: item.image?.id ?? null,
    visibleFrom: item.visibleFrom?.toISOString() ?? null,
    visibleUntil: item.visibleUntil?.toISOString() ?? null,
  };
}

async function findPeople(tx: EntityManager, ids: number[], where: 'body') {
  const people = new Map(
    (await tx.find(Person, { id: { $in: [...new Set(ids)] } })).map((person) => [
      person.id,
      person,
    ]),
  );
  const problems = ids.flatMap((id, index) =>
    people.has(id)
      ? []
      : [
          {
            field: `${where}.${index}.personId`,
            message: `has no person ${id}`,
            code: 'unknown_id',
          },
        ],
  );
  if (problems.length) throw validationFailed(problems);
  return people;
}

async function creditSnapshot(
  tx: EntityManager,
  entity: typeof CastCredit | typeof CrewCredit,
  movieId: number,
) {
  const credits = await tx.find(
    entity as typeof CastCredit,
    { movie: movieId },
    { populate: ['translations'] },
  );
  return credits.map((credit) => ({
    personId: credit.person.id,
    ...snapshotTranslations(credit.translations, ['character', 'job']),
  }));
}

/** A URL slug from an English title, made unique by a numeric suffix when taken. */
export async function uniqueSlug(tx: EntityManager, title: string): Promise<string> {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100)
      .replace(/-+$/, '') || 'film';
  const taken = new Set(
    (await tx.find(Movie, { slug: { $like: `${base}%` } }, { fields: ['slug'] })).map(
      (movie) => movie.slug,
    ),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}
