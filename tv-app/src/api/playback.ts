import type { MovieDetails } from '@lanxang/contracts';
import { getConfig } from '../lib/config';
import { getJson } from './client';
import { AppError } from './errors';

/**
 * What the player needs to start a film: the HLS master playlist and its sidecars. This is the
 * shape the API's `GET /api/movies/{idOrSlug}/playback` is being built to answer; when it lands in
 * `@lanxang/contracts`, this type becomes an import from there.
 */
export interface Playback {
  masterUrl: string;
  /** WebVTT sidecars, one per language, in the order the menu lists them. */
  subtitles: { language: string; label?: string; url: string }[];
  /** A WebVTT file whose cues name sprite regions (`sprite.jpg#xywh=x,y,w,h`). */
  trickplay: { url: string } | null;
  poster: string | null;
  durationSeconds: number | null;
}

/** Subtitle languages the stopgap below looks for, in menu order. */
const SIDECAR_LANGUAGES = ['en', 'lo'];

/**
 * Asks the API how to play a film. Until the playback endpoint exists (the API answers
 * `route_not_found`), the answer is assembled from where the media pipeline writes a film's files:
 * `video/<slug>/hls/master.m3u8` (the `mediaUrl` template), with `trickplay/`, `poster.jpg` and
 * `subtitles/<language>.vtt` beside `hls/`.
 */
export async function getPlayback(movie: MovieDetails): Promise<Playback> {
  if (!movie.videoSources.some((source) => source.status === 'ready')) {
    throw new AppError('not_found', 'not_playable', `${movie.slug} has no ready video source`, 404);
  }
  try {
    return await getJson<Playback>(`/api/movies/${encodeURIComponent(movie.slug)}/playback`);
  } catch (error) {
    if (error instanceof AppError && error.code === 'route_not_found')
      return playbackFromLayout(movie);
    throw error;
  }
}

async function playbackFromLayout(movie: MovieDetails): Promise<Playback> {
  const masterUrl = getConfig()
    .mediaUrl.replace('{slug}', encodeURIComponent(movie.slug))
    .replace('{id}', String(movie.id));
  const filmDir = new URL('..', new URL(masterUrl, window.location.href));
  const found = await Promise.all(
    SIDECAR_LANGUAGES.map(async (language) => {
      const url = new URL(`subtitles/${language}.vtt`, filmDir).toString();
      const response = await fetch(url, { method: 'HEAD' }).catch(() => null);
      return response?.ok ? { language, url } : null;
    }),
  );
  return {
    masterUrl,
    subtitles: found.filter((track) => track !== null),
    trickplay: { url: new URL('trickplay/thumbnails.vtt', filmDir).toString() },
    poster: new URL('poster.jpg', filmDir).toString(),
    durationSeconds:
      movie.videoSources.find((source) => source.status === 'ready')?.durationSeconds ?? null,
  };
}
