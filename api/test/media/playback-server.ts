import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/mp4',
  '.mp4': 'video/mp4',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript; charset=utf-8',
};

const SHAKA_BUNDLE = createRequire(import.meta.url).resolve(
  'shaka-player/dist/shaka-player.compiled.js',
);

/**
 * The test page: Shaka plays `/media/master.m3u8` with ABR off (so only the test switches rungs)
 * and exposes `lanxangTest.state()` / `lanxangTest.select(height)` to the test. The status line
 * is for the screenshot.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lanxang media pipeline: Shaka playback</title>
<style>
  body { margin: 0; background: #101014; color: #f4f4f5; font: 20px/1.4 sans-serif; }
  video { display: block; width: 960px; height: 540px; background: #000; margin: 24px auto 12px; }
  #status { text-align: center; }
</style>
</head>
<body>
<video id="video" muted playsinline loop></video>
<div id="status">loading…</div>
<script src="/shaka.js"></script>
<script>
  const video = document.getElementById('video');
  const status = document.getElementById('status');
  const errors = [];
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.addEventListener('error', (event) => errors.push(String(event.detail && event.detail.code)));
  player.configure({ abr: { enabled: false } });
  const activeTrack = () => player.getVariantTracks().find((track) => track.active) || null;
  window.lanxangTest = {
    ready: false,
    state() {
      const active = activeTrack();
      return {
        ready: this.ready,
        currentTime: video.currentTime,
        videoHeight: video.videoHeight,
        activeHeight: active ? active.height : null,
        statsHeight: player.getStats().height,
        heights: player.getVariantTracks().map((track) => track.height),
        errors,
      };
    },
    select(height) {
      const track = player.getVariantTracks().find((candidate) => candidate.height === height);
      player.selectVariantTrack(track, true);
    },
  };
  (async () => {
    await player.attach(video);
    await player.load('/media/master.m3u8');
    await video.play();
    window.lanxangTest.ready = true;
    setInterval(() => {
      const active = activeTrack();
      status.textContent = 'Shaka ' + shaka.Player.version + ' · rung ' + (active ? active.width + 'x' + active.height : '?') +
        ' · decoded ' + video.videoWidth + 'x' + video.videoHeight + ' · t=' + video.currentTime.toFixed(1) + ' s';
    }, 100);
  })().catch((error) => errors.push(String((error && error.code) || error)));
</script>
</body>
</html>`;

export interface PlaybackServer {
  url: string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (Chromium refuses loopback requests from non-local pages). */
export async function startPlaybackServer(mediaDir: string): Promise<PlaybackServer> {
  const root = path.resolve(mediaDir);
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const send = (file: string) =>
      stat(file).then(
        (info) => {
          response.writeHead(200, {
            'content-type': MIME_TYPES[path.extname(file)] ?? 'application/octet-stream',
            'content-length': info.size,
          });
          createReadStream(file).pipe(response);
        },
        () => response.writeHead(404).end(),
      );
    if (pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (pathname === '/shaka.js') {
      void send(SHAKA_BUNDLE);
    } else if (pathname.startsWith('/media/')) {
      const file = path.resolve(root, `.${pathname.slice('/media'.length)}`);
      if (!file.startsWith(root + path.sep)) response.writeHead(403).end();
      else void send(file);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
