import type { EntityManager } from '@mikro-orm/postgresql';
import type { GenreCreateSchema, GenreUpdateSchema } from '@lanxang/contracts';
import type { z } from 'zod';
import { notFound } from '../../../http/errors.js';
import { audited, type WriteContext } from '../../audit/audited.js';
import { Genre, GenreTranslation, type IGenre } from '../genre.entity.js';
import { mergeTranslations, snapshotTranslations } from '../translations.js';

/** The admin's writes to genres. */
export function genreAdmin(em: EntityManager) {
  const audit = {
    entityType: 'genre',
    snapshot: snapshotGenre,
    entityId: (genre: IGenre) => genre.id,
  };
  const loadGenre = async (tx: EntityManager, id: number) => {
    const genre = await tx.findOne(Genre, id, { populate: ['translations'] });
    if (!genre) throw notFound('That genre');
    return genre;
  };
  const write = (tx: EntityManager, genre: IGenre, input: z.output<typeof GenreUpdateSchema>) => {
    if (input.tmdbId !== undefined) genre.tmdbId = input.tmdbId;
    mergeTranslations(
      genre.translations,
      { name: input.name },
      (locale) => tx.create(GenreTranslation, { genre, locale, name: '' }),
      { markEdited: false },
    );
    return genre;
  };

  return {
    async createGenre(input: z.output<typeof GenreCreateSchema>, who: WriteContext) {
      const genre = await audited(em, who, {
        ...audit,
        action: 'genre.create',
        change: async (tx) => write(tx, tx.create(Genre, { tmdbId: null }), input),
      });
      return genre.id;
    },

    async updateGenre(
      id: number,
      input: z.output<typeof GenreUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await audited(em, who, {
        ...audit,
        action: 'genre.update',
        load: (tx) => loadGenre(tx, id),
        change: async (tx, genre) => write(tx, genre, input),
      });
    },

    async deleteGenre(id: number, who: WriteContext): Promise<void> {
      await audited(em, who, {
        ...audit,
        action: 'genre.delete',
        load: (tx) => loadGenre(tx, id),
        change: async (tx, genre) => {
          tx.remove(genre);
          return null;
        },
      });
    },
  };
}

function snapshotGenre(genre: IGenre) {
  return { tmdbId: genre.tmdbId, ...snapshotTranslations(genre.translations, ['name']) };
}
