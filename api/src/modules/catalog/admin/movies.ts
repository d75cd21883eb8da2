import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  CastInputSchema,
  CrewInputSchema,
  MovieCreateSchema,
  MovieUpdateSchema,
} from '@lanxang/contracts';
import type { z } from 'zod';
import { audited, auditedRecords, type WriteContext } from '../../audit/audited.js';
import { deleteWithStoredFiles, filesOfMovie, type FileRemoval } from '../../media/cleanup.js';
import { Movie, type IMovie } from '../movie.entity.js';
import {
  loadMovieOrFail,
  movieChangeFromInput,
  newMovie,
  snapshotMovie,
  writeMovie,
  type InputPaths,
  type MovieInput,
} from '../movie.writer.js';

type Out<Schema extends z.ZodType> = z.output<Schema>;

/** Field paths of the single-part routes, whose body is the part itself. */
const BODY_PATHS: InputPaths = { movie: 'body', cast: 'body', crew: 'body' };
/** Field paths of a combined save, whose body is `{ movie, cast, crew }`. */
const COMBINED_PATHS: InputPaths = { movie: 'body.movie', cast: 'body.cast', crew: 'body.crew' };

/** The admin's writes to films and their credits, each one transaction with its audit entry. */
export function movieAdmin(em: EntityManager, files: FileRemoval) {
  const audit = {
    entityType: 'movie',
    snapshot: snapshotMovie,
    entityId: (movie: IMovie) => movie.id,
  };
  const films = auditedRecords<IMovie>(em, { ...audit, load: (tx, id) => loadMovieOrFail(tx, id) });

  function save(
    id: number,
    input: MovieInput,
    who: WriteContext,
    { action, paths }: { action: string; paths: InputPaths },
  ): Promise<IMovie> {
    return audited(em, who, {
      ...audit,
      action,
      load: (tx) => loadMovieOrFail(tx, id, { credits: Boolean(input.cast || input.crew) }),
      change: async (tx, movie) => {
        writeMovie(tx, movie, await movieChangeFromInput(tx, input, paths), 'admin');
        return movie;
      },
    });
  }

  return {
    async createMovie(input: Out<typeof MovieCreateSchema>, who: WriteContext): Promise<number> {
      const movie = await films.create(who, 'movie.create', async (tx) => {
        const change = await movieChangeFromInput(tx, { movie: input }, BODY_PATHS);
        const movie = await newMovie(tx, {
          slug: input.slug,
          slugFrom: input.title.en ?? '',
          originalTitle: input.originalTitle ?? input.title.lo ?? input.title.en ?? '',
        });
        writeMovie(tx, movie, change, 'admin');
        return movie;
      });
      return movie.id;
    },

    async updateMovie(id: number, input: Out<typeof MovieUpdateSchema>, who: WriteContext) {
      await save(id, { movie: input }, who, { action: 'movie.update', paths: BODY_PATHS });
    },

    /**
     * Saves a film with its cast and crew in one transaction: a bad credit leaves the film as it
     * was. A part left out is not changed.
     */
    async saveMovieWithCredits(id: number, input: MovieInput, who: WriteContext): Promise<void> {
      await save(id, input, who, { action: 'movie.update', paths: COMBINED_PATHS });
    },

    async setCast(id: number, cast: Out<typeof CastInputSchema>, who: WriteContext) {
      await save(id, { cast }, who, { action: 'movie.cast', paths: BODY_PATHS });
    },

    async setCrew(id: number, crew: Out<typeof CrewInputSchema>, who: WriteContext) {
      await save(id, { crew }, who, { action: 'movie.crew', paths: BODY_PATHS });
    },

    async setMovieStatus(id: number, status: 'draft' | 'published', who: WriteContext) {
      await save(id, { movie: { status } }, who, {
        action: status === 'published' ? 'movie.publish' : 'movie.unpublish',
        paths: BODY_PATHS,
      });
    },

    /** Deletes the film, then everything it stored: images, video ladders, subtitles. */
    async deleteMovie(id: number, who: WriteContext): Promise<void> {
      await deleteWithStoredFiles(files, filesOfMovie(em, id), () =>
        films.delete(who, 'movie.delete', id, (tx) => tx.nativeDelete(Movie, { id })),
      );
    },
  };
}
