import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LOCALES, MOVIE_STATUSES, searchKey } from '@lanxang/contracts';
import { Genre } from './genre.entity.js';
import { CastCredit, CrewCredit } from './credit.entity.js';
import { Image } from './image.entity.js';
import { VideoSource } from './video-source.entity.js';

export const Movie = defineEntity({
  name: 'Movie',
  tableName: 'movies',
  properties: {
    id: p.integer().primary(),
    slug: p.string().length(120).unique(),
    tmdbId: p.integer().nullable().unique(),
    imdbId: p.string().length(16).nullable().unique(),
    originalTitle: p.string().length(300),
    originalLanguage: p.string().length(8).default('lo'),
    releaseDate: p.string().columnType('date').nullable(),
    runtimeMinutes: p.integer().nullable(),
    certification: p.string().length(16).nullable(),
    voteAverage: p.double().nullable(),
    voteCount: p.integer().default(0),
    popularity: p.double().default(0),
    status: p
      .enum([...MOVIE_STATUSES])
      .default('draft')
      .index(),
    rentalRequired: p.boolean().default(false),
    /** In the currency's minor units; LAK has none. */
    priceAmount: p.integer().nullable(),
    priceCurrency: p.string().length(3).default('LAK'),
    /** The rental price tier (`pricing_tiers`); null: free. `rentalRequired` and `price*` copy it. */
    pricingTierId: p.integer().nullable(),
    trailerUrl: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    translations: () => p.oneToMany(MovieTranslation).mappedBy('movie').orphanRemoval(),
    genres: () => p.manyToMany(Genre).pivotTable('movie_genres').owner(),
    cast: () => p.oneToMany(CastCredit).mappedBy('movie').orphanRemoval(),
    crew: () => p.oneToMany(CrewCredit).mappedBy('movie').orphanRemoval(),
    images: () => p.oneToMany(Image).mappedBy('movie').orphanRemoval(),
    videoSources: () => p.oneToMany(VideoSource).mappedBy('movie').orphanRemoval(),
  },
});
export type IMovie = InferEntity<typeof Movie>;

export const MovieTranslation = defineEntity({
  name: 'MovieTranslation',
  tableName: 'movie_translations',
  properties: {
    movie: () => p.manyToOne(Movie).primary().deleteRule('cascade'),
    locale: p.enum([...LOCALES]).primary(),
    title: p.string().length(300).default(''),
    overview: p.text().default(''),
    tagline: p.string().length(500).default(''),
    /** `title` in the form search compares against (see `searchKey`). */
    searchTitle: p
      .string()
      .length(300)
      .default('')
      // A row made for another field (a Lao tagline before any Lao title) has no title yet.
      .onCreate((t: { title?: string }) => searchKey(t.title ?? ''))
      .onUpdate((t: { title?: string }) => searchKey(t.title ?? '')),
    /** Set when an admin edits this translation by hand, so a TMDB re-sync leaves it alone. */
    editedAt: p.datetime().nullable(),
  },
});
export type IMovieTranslation = InferEntity<typeof MovieTranslation>;
