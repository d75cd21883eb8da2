import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { VIDEO_QUALITIES, VIDEO_SOURCE_STATUSES } from '@lanxang/contracts';
import { Movie } from './movie.entity.js';

export const VideoSource = defineEntity({
  name: 'VideoSource',
  tableName: 'video_sources',
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).deleteRule('cascade').index(),
    format: p.enum(['hls'] as const).default('hls'),
    quality: p.enum([...VIDEO_QUALITIES]).default('original'),
    /** An external HLS URL (a CDN), or null when the files are in our media storage. */
    url: p.string().length(1000).nullable(),
    /** The master playlist's key in media storage, e.g. `hls/<movie>/master.m3u8`. */
    storageKey: p.string().length(300).nullable(),
    bandwidth: p.integer().nullable(),
    codecs: p.string().length(100).nullable(),
    width: p.integer().nullable(),
    height: p.integer().nullable(),
    durationSeconds: p.double().nullable(),
    status: p.enum([...VIDEO_SOURCE_STATUSES]).default('pending'),
    /** A frame of the film (storage key), and the trickplay index with its interval. */
    posterKey: p.string().length(300).nullable(),
    trickplayKey: p.string().length(300).nullable(),
    trickplayIntervalSeconds: p.double().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IVideoSource = InferEntity<typeof VideoSource>;
