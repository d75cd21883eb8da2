import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TMDB_IMPORT_ITEM_STATUSES } from '@lanxang/contracts';
import { Movie } from '../catalog/movie.entity.js';

/** A bulk import an admin started: its films are processed in the background, one row each. */
export const TmdbImportBatch = defineEntity({
  name: 'TmdbImportBatch',
  tableName: 'tmdb_import_batches',
  properties: {
    id: p.integer().primary(),
    actor: p.string().length(200),
    /**
     * The API process running it. Another process finding unfinished items of a batch it does
     * not run knows the runner is gone (a restart) and marks them interrupted.
     */
    runnerId: p.string().length(40),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
    items: () => p.oneToMany(TmdbImportItem).mappedBy('batch').orphanRemoval(),
  },
});
export type ITmdbImportBatch = InferEntity<typeof TmdbImportBatch>;

export const TmdbImportItem = defineEntity({
  name: 'TmdbImportItem',
  tableName: 'tmdb_import_items',
  indexes: [{ properties: ['batch', 'position'] }],
  properties: {
    id: p.integer().primary(),
    batch: () => p.manyToOne(TmdbImportBatch).deleteRule('cascade'),
    position: p.integer(),
    tmdbId: p.integer(),
    status: p.enum([...TMDB_IMPORT_ITEM_STATUSES]).default('pending'),
    // Set null, not cascade: deleting an imported film later must not erase the batch's history.
    movie: () => p.manyToOne(Movie).nullable().deleteRule('set null'),
    title: p.string().length(300).nullable(),
    errorCode: p.string().length(60).nullable(),
    errorMessage: p.string().length(1000).nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type ITmdbImportItem = InferEntity<typeof TmdbImportItem>;
