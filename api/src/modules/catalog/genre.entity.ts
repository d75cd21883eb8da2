import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LOCALES } from '@lanxang/contracts';

export const Genre = defineEntity({
  name: 'Genre',
  tableName: 'genres',
  properties: {
    id: p.integer().primary(),
    tmdbId: p.integer().nullable().unique(),
    translations: () => p.oneToMany(GenreTranslation).mappedBy('genre').orphanRemoval(),
  },
});
export type IGenre = InferEntity<typeof Genre>;

export const GenreTranslation = defineEntity({
  name: 'GenreTranslation',
  tableName: 'genre_translations',
  properties: {
    genre: () => p.manyToOne(Genre).primary().deleteRule('cascade'),
    locale: p.enum([...LOCALES]).primary(),
    name: p.string().length(100).default(''),
  },
});
