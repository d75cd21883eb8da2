import path from 'node:path';
import { SUBTITLE_LABELS, type Locale } from '@lanxang/contracts';
import type { SubtitleRendition } from './playlist.js';

export interface StoredSubtitle {
  locale: Locale;
  label: string;
  playlistKey: string;
}

/**
 * Checks that `bytes` is a WebVTT file a player will accept: UTF-8, the `WEBVTT` signature, and
 * cue timings that parse with the end after the start. Returns the text (BOM removed, line
 * endings normalised) or the reason it is refused.
 */
export function validateWebVtt(
  bytes: Buffer,
): { ok: true; text: string; durationSeconds: number } | { ok: false; reason: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: 'The file is not UTF-8 text.' };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t][^\n]*)?(?:\n|$)/.test(text)) {
    return { ok: false, reason: 'A WebVTT file starts with the line "WEBVTT".' };
  }
  let durationSeconds = 0;
  for (const [lineIndex, line] of text.split('\n').entries()) {
    if (!line.includes('-->')) continue;
    const match =
      /^((?:\d+:)?\d{2}:\d{2}\.\d{3})[ \t]+-->[ \t]+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:[ \t].*)?$/.exec(
        line.trim(),
      );
    const start = match ? cueSeconds(match[1]!) : NaN;
    const end = match ? cueSeconds(match[2]!) : NaN;
    if (!match || !(end >= start)) {
      return {
        ok: false,
        reason: `Line ${lineIndex + 1} is not a valid cue timing: ${line.slice(0, 80)}`,
      };
    }
    durationSeconds = Math.max(durationSeconds, end);
  }
  return { ok: true, text, durationSeconds };
}

function cueSeconds(value: string): number {
  const parts = value.split(':').map(Number);
  const seconds = parts.pop() ?? NaN;
  const minutes = parts.pop() ?? 0;
  const hours = parts.pop() ?? 0;
  if (minutes > 59 || seconds >= 60) return NaN;
  return hours * 3600 + minutes * 60 + seconds;
}

/**
 * HLS lists a subtitle track as a media playlist; for a whole-film WebVTT file that is one
 * segment as long as the film. (No `X-TIMESTAMP-MAP`: our fMP4 ladders start at 0.)
 */
export function subtitlePlaylist(vttFileName: string, durationSeconds: number): string {
  const duration = Math.max(1, Math.ceil(durationSeconds));
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${duration}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${duration.toFixed(3)},`,
    vttFileName,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

export const subtitleKeys = (movieId: number, locale: Locale) => ({
  vttKey: `subtitles/${movieId}/${locale}.vtt`,
  playlistKey: `subtitles/${movieId}/${locale}.m3u8`,
});

export const subtitleLabel = (locale: Locale) => SUBTITLE_LABELS[locale];

/** The master's SUBTITLES renditions, with URIs relative to the master (so they work on any CDN). */
export function subtitleRenditions(
  masterKey: string,
  tracks: readonly StoredSubtitle[],
): SubtitleRendition[] {
  const masterDir = path.posix.dirname(masterKey);
  return [...tracks]
    .sort((a, b) => a.locale.localeCompare(b.locale))
    .map((track) => ({
      language: track.locale,
      name: track.label,
      uri: path.posix.relative(masterDir, track.playlistKey),
    }));
}
