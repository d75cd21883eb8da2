export interface MediaSegment {
  uri: string;
  durationSeconds: number;
}

export interface MediaPlaylist {
  targetDurationSeconds: number;
  playlistType: string | null;
  /** The `EXT-X-MAP` init segment of an fMP4 playlist. */
  initUri: string | null;
  segments: MediaSegment[];
  endList: boolean;
}

/** Reads the parts of a media playlist the pipeline writes; not a general HLS parser. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const playlist: MediaPlaylist = {
    targetDurationSeconds: 0,
    playlistType: null,
    initUri: null,
    segments: [],
    endList: false,
  };
  let pendingDuration: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#EXT-X-TARGETDURATION:'))
      playlist.targetDurationSeconds = Number(line.split(':')[1]);
    else if (line.startsWith('#EXT-X-PLAYLIST-TYPE:'))
      playlist.playlistType = line.split(':')[1] ?? null;
    else if (line.startsWith('#EXT-X-MAP:'))
      playlist.initUri = /URI="([^"]+)"/.exec(line)?.[1] ?? null;
    else if (line.startsWith('#EXTINF:'))
      pendingDuration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line === '#EXT-X-ENDLIST') playlist.endList = true;
    else if (!line.startsWith('#') && pendingDuration !== null) {
      playlist.segments.push({ uri: line, durationSeconds: pendingDuration });
      pendingDuration = null;
    }
  }
  return playlist;
}

export interface MasterVariant {
  /** Relative to the master playlist, e.g. `720p/index.m3u8`. */
  uri: string;
  /** Peak segment bit rate in bits/s (audio and video together). */
  bandwidth: number;
  /** Mean bit rate over all segments in bits/s. */
  averageBandwidth: number;
  width: number;
  height: number;
  /** RFC 6381, e.g. `avc1.64001f,mp4a.40.2`. */
  codecs: string;
  frameRate: number;
}

export interface SubtitleRendition {
  /** BCP 47, e.g. `en`, `lo`. */
  language: string;
  name: string;
  /** A WebVTT media playlist, relative to the master playlist. */
  uri: string;
  isDefault?: boolean;
}

const SUBTITLE_GROUP = 'subs';

/**
 * The master playlist, written by us rather than taken from ffmpeg: ffmpeg's `BANDWIDTH` is the
 * requested rate plus a guess and it writes neither `AVERAGE-BANDWIDTH` nor `FRAME-RATE`.
 * Subtitles are optional so the same function can re-render the master when a WebVTT track is
 * added later.
 */
export function renderMasterPlaylist(
  variants: readonly MasterVariant[],
  subtitles: readonly SubtitleRendition[] = [],
): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (subtitles.length > 0) lines.push('');
  for (const track of subtitles) {
    lines.push(
      '#EXT-X-MEDIA:' +
        [
          'TYPE=SUBTITLES',
          `GROUP-ID="${SUBTITLE_GROUP}"`,
          `LANGUAGE="${quoted(track.language)}"`,
          `NAME="${quoted(track.name)}"`,
          `DEFAULT=${track.isDefault ? 'YES' : 'NO'}`,
          `AUTOSELECT=YES`,
          `URI="${quoted(track.uri)}"`,
        ].join(','),
    );
  }
  for (const variant of variants) {
    const attributes = [
      `BANDWIDTH=${Math.round(variant.bandwidth)}`,
      `AVERAGE-BANDWIDTH=${Math.round(variant.averageBandwidth)}`,
      `RESOLUTION=${variant.width}x${variant.height}`,
      `CODECS="${quoted(variant.codecs)}"`,
      `FRAME-RATE=${variant.frameRate.toFixed(3)}`,
    ];
    if (subtitles.length > 0) attributes.push(`SUBTITLES="${SUBTITLE_GROUP}"`);
    lines.push('', `#EXT-X-STREAM-INF:${attributes.join(',')}`, variant.uri);
  }
  return `${lines.join('\n')}\n`;
}

// A quoted-string attribute cannot contain a double quote or a line break (RFC 8216 §4.2).
function quoted(value: string): string {
  return value.replace(/["\r\n]/g, '');
}
