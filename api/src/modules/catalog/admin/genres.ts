import type { EntityManager } from '@mikro-orm/postgresql';
import type { GenreCreateSchema, GenreUpdateSchema } from '@lanxang/contracts';
import type { z } from 'zod';
import { found } from '../../../http/errors.js';
import { inputWrites, type WriteContext } from '../../audit/audited.js';
import { Genre, GenreTranslation, type IGenre } from '../genre.entity.js';
import { mergeTranslations, snapshotTranslations } from '../translations.js';

/** The admin's writes to genres. */
export function genreAdmin(em: EntityManager) {
  const genres = inputWrites<
    IGenre,
    z.output<typeof GenreUpdateSchema>,
    z.output<typeof GenreCreateSchema>
  >(
    em,
    {
      entityType: 'genre',
      snapshot: (genre: IGenre) => ({
        tmdbId: genre.tmdbId,
        ...snapshotTranslations(genre.translations, ['name']),
      }),
      entityId: (genre: IGenre) => genre.id,
      load: async (tx, id) =>
        found(await tx.findOne(Genre, id, { populate: ['translations'] }), 'That genre'),
    },
    {
      blank: (tx) => tx.create(Genre, { tmdbId: null }),
      write: (tx, genre, input) => {
        if (input.tmdbId !== undefined) genre.tmdbId = input.tmdbId;
        mergeTranslations(
          genre.translations,
          { name: input.name },
          (locale) => tx.create(GenreTranslation, { genre, locale, name: '' }),
          { markEdited: false },
        );
      },
    },
  );

  return {
    createGenre: genres.create,
    updateGenre: genres.update,
    async deleteGenre(id: number, who: WriteContext): Promise<void> {
      await genres.records.delete(who, 'genre.delete', id);
    },
  };
}
