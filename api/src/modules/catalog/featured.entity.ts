import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Image } from './image.entity.js';
import { Movie } from './movie.entity.js';

/** One item of the TV home's hero, in curated order, optionally shown only within a window. */
export const FeaturedItem = defineEntity({
  name: 'FeaturedItem',
  tableName: 'homepage_featured',
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).deleteRule('cascade').index(),
    position: p.integer().index(),
    image: () => p.manyToOne(Image).nullable().deleteRule('set null'),
    visibleFrom: p.datetime().nullable(),
    visibleUntil: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IFeaturedItem = InferEntity<typeof FeaturedItem>;
