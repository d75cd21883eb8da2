import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { LOCALES } from '@lanxang/contracts';
import { Movie } from '../catalog/movie.entity.js';

/** One WebVTT track per film and language; its files are `<prefix>/<locale>.vtt` and `.m3u8`. */
export const SubtitleTrack = defineEntity({
  name: 'SubtitleTrack',
  tableName: 'subtitle_tracks',
  uniques: [{ properties: ['movie', 'locale'] }],
  properties: {
    id: p.integer().primary(),
    movie: () => p.manyToOne(Movie).deleteRule('cascade'),
    locale: p.enum([...LOCALES]),
    label: p.string().length(100),
    /** The WebVTT file's storage key. */
    vttKey: p.string().length(300),
    /** Its one-segment HLS media playlist, which the master's SUBTITLES group points at. */
    playlistKey: p.string().length(300),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ISubtitleTrack = InferEntity<typeof SubtitleTrack>;
