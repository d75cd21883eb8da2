import shaka from 'shaka-player/dist/shaka-player.hls.js';
import { OFFLINE_SCHEME, storedFile } from '../downloads';

const CONTENT_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  m4s: 'video/mp4',
  mp4: 'video/mp4',
  vtt: 'text/vtt',
  jpg: 'image/jpeg',
};

/**
 * `lxoffline://<movieId>/<storage key>`: Shaka fetches a stored film's playlists and segments
 * from our download store as if from a server, so offline playback is the normal player. The
 * stored master's relative URIs resolve inside the scheme (subtitles `../../…` included).
 */
const plugin: shaka.extern.SchemePlugin = (uri, request) =>
  shaka.util.AbortableOperation.notAbortable(
    (async (): Promise<shaka.extern.Response> => {
      const { movieId, key } = parseOfflineUri(uri);
      const data = movieId === null ? null : await storedFile(movieId, key);
      if (!data) {
        throw new shaka.util.Error(
          shaka.util.Error.Severity.CRITICAL,
          shaka.util.Error.Category.NETWORK,
          shaka.util.Error.Code.BAD_HTTP_STATUS,
          uri,
          404,
        );
      }
      const extension = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
      return {
        uri,
        originalUri: uri,
        originalRequest: request,
        data,
        status: 200,
        headers: { 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream' },
      };
    })(),
  );

export function parseOfflineUri(uri: string): { movieId: number | null; key: string } {
  const match = new RegExp(`^${OFFLINE_SCHEME}://(\\d+)/(.*)$`).exec(uri);
  if (!match) return { movieId: null, key: '' };
  // Shaka resolved `../` already; keys hold no `?` or `#`.
  return { movieId: Number(match[1]), key: decodeURIComponent(match[2]!.split(/[?#]/)[0]!) };
}

let registered = false;

export function registerOfflineScheme(): void {
  if (registered) return;
  shaka.net.NetworkingEngine.registerScheme(OFFLINE_SCHEME, plugin);
  registered = true;
}
