import path from 'node:path';
import type { Locale } from '@lanxang/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badRequest, notFound } from '../../http/errors.js';
import type { MediaStorage } from './storage.js';
import { SubtitleTrack, type ISubtitleTrack } from './subtitle-track.entity.js';
import {
  subtitleKeys,
  subtitleLabel,
  subtitlePlaylist,
  subtitleRenditions,
  validateWebVtt,
} from './subtitles.js';
import { rerenderMaster } from './transcode-job.js';
import { latestReadySource } from './video-sources.js';

type Film = { id: number };

/** A film's subtitle tracks: stored beside its video and listed in its own master playlist. */
export function subtitleTracks(em: EntityManager, storage: MediaStorage) {
  /** Lists the film's subtitles in its own master playlist (an external one is not ours to edit). */
  const syncMaster = async (movie: Film) => {
    const source = await latestReadySource(em, movie, { stored: true });
    if (!source?.storageKey) return;
    const tracks = await em.find(SubtitleTrack, { movie });
    await rerenderMaster(storage, source.storageKey, subtitleRenditions(source.storageKey, tracks));
  };

  return {
    /** Adds or replaces the film's track in `locale`; refuses a file players would not read. */
    async put(movie: Film, locale: Locale, bytes: Buffer): Promise<ISubtitleTrack> {
      const vtt = validateWebVtt(bytes);
      if (!vtt.ok) throw badRequest(vtt.reason, 'invalid_subtitles');
      const keys = subtitleKeys(movie.id, locale);
      const source = await latestReadySource(em, movie);
      await storage.writeText(keys.vttKey, vtt.text);
      await storage.writeText(
        keys.playlistKey,
        subtitlePlaylist(
          path.posix.basename(keys.vttKey),
          Math.max(Number(source?.durationSeconds ?? 0), vtt.durationSeconds),
        ),
      );
      const track =
        (await em.findOne(SubtitleTrack, { movie, locale })) ??
        em.create(SubtitleTrack, {
          movie: movie.id,
          locale,
          label: subtitleLabel(locale),
          ...keys,
        });
      Object.assign(track, keys);
      await em.flush();
      await syncMaster(movie);
      return track;
    },

    async remove(movie: Film, locale: Locale): Promise<void> {
      const track = await em.findOne(SubtitleTrack, { movie, locale });
      if (!track) throw notFound('That subtitle track');
      await em.remove(track).flush();
      await syncMaster(movie);
      await storage.deleteKeys([track.vttKey, track.playlistKey]);
    },
  };
}
