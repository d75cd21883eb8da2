import type { EntityManager } from '@mikro-orm/postgresql';
import type { GenreCreateSchema, GenreUpdateSchema } from '@lanxang/contracts';
import type { z } from 'zod';
import { notFound } from '../../../http/errors.js';
import { auditedRecords, type WriteContext } from '../../audit/audited.js';
import { Genre, GenreTranslation, type IGenre } from '../genre.entity.js';
import { mergeTranslations, snapshotTranslations } from '../translations.js';

/** The admin's writes to genres. */
export function genreAdmin(em: EntityManager) {
  const genres = auditedRecords<IGenre>(em, {
    entityType: 'genre',
    snapshot: (genre: IGenre) => ({
      tmdbId: genre.tmdbId,
      ...snapshotTranslations(genre.translations, ['name']),
    }),
    entityId: (genre: IGenre) => genre.id,
    load: async (tx, id) => {
      const genre = await tx.findOne(Genre, id, { populate: ['translations'] });
      if (!genre) throw notFound('That genre');
      return genre;
    },
  });
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
      const genre = await genres.create(who, 'genre.create', async (tx) =>
        write(tx, tx.create(Genre, { tmdbId: null }), input),
      );
      return genre.id;
    },

    async updateGenre(
      id: number,
      input: z.output<typeof GenreUpdateSchema>,
      who: WriteContext,
    ): Promise<void> {
      await genres.update(who, 'genre.update', id, (tx, genre) => write(tx, genre, input));
    },

    async deleteGenre(id: number, who: WriteContext): Promise<void> {
      await genres.delete(who, 'genre.delete', id);
    },
  };
}
