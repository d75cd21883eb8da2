import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { IMAGE_KINDS, LOCALES } from '@lanxang/contracts';
import { Movie } from './movie.entity.js';
import { Person } from './person.entity.js';

/**
 * A picture we store ourselves (never hot-linked), at every size `IMAGE_SIZES` names for its
 * kind: the files are `<storageKey>/<size>.jpg` in media storage.
 */
export const Image = defineEntity({
  name: 'Image',
  tableName: 'images',
  indexes: [{ properties: ['movie', 'kind', 'position'] }, { properties: ['person', 'kind'] }],
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).nullable().deleteRule('cascade'),
    person: () => p.manyToOne(Person).nullable().deleteRule('cascade'),
    kind: p.enum([...IMAGE_KINDS]),
    locale: p.enum([...LOCALES]).nullable(),
    width: p.integer(),
    height: p.integer(),
    storageKey: p.string().length(300),
    /** Where it came from (a TMDB file path), so a re-import does not store it twice. */
    sourcePath: p.string().length(300).nullable(),
    /** Lower comes first; the first poster and backdrop are the film's primary ones. */
    position: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IImage = InferEntity<typeof Image>;
