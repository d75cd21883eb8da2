import { mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

const TV_ORIGIN = 'http://localhost:8080';
let app: TestApp;
const segment = Buffer.alloc(100_000).map((_, i) => i % 251);

beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'));
  const hls = path.join(app.config.mediaDir, 'video', '1', 'hls', '360p');
  await mkdir(hls, { recursive: true });
  await writeFile(path.join(hls, 'index.m3u8'), '#EXTM3U\n');
  await writeFile(path.join(hls, 'seg_00000.m4s'), segment);
  await writeFile(path.join(hls, 'init_0.mp4'), segment.subarray(0, 1000));
  await mkdir(path.join(app.config.mediaDir, 'video', '.hls.partial-1234'), { recursive: true });
  await writeFile(
    path.join(app.config.mediaDir, 'video', '.hls.partial-1234', 'master.m3u8'),
    '#EXTM3U\n',
  );
  await writeFile(path.join(app.config.mediaDir, 'secret.txt'), 'not media');
});
afterAll(() => app?.close());

/** A raw request: fetch would normalise `..` away before it left the client. */
function rawGet(rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(app.url);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: rawPath, method: 'GET' },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('/media/* for the TV app', () => {
  // A film's video is served only with a token covering it (what playback hands out).
  let base: string;
  beforeAll(() => {
    const token = app.media.tokens.mint({
      prefixes: ['video/1/'],
      owner: 'anonymous',
      expiresAt: new Date(Date.now() + 600_000),
    });
    base = `/media/t/${token}/video/1/hls/360p`;
  });

  it('answers the TV app’s origin with CORS headers, preflight included', async () => {
    const preflight = await app.request(`${base}/seg_00000.m4s`, {
      method: 'OPTIONS',
      headers: {
        Origin: TV_ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'range',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TV_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('range');

    const get = await app.request(`${base}/seg_00000.m4s`, {
      headers: { Origin: TV_ORIGIN, Range: 'bytes=0-9' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe(TV_ORIGIN);
    expect(get.headers.get('access-control-expose-headers')).toContain('Content-Range');

    const stranger = await app.request(`${base}/index.m3u8`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves playlists and segments with their types and cache lifetimes', async () => {
    const playlist = await app.request(`${base}/index.m3u8`);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    // One viewer's URLs: private, and segments kept no longer than the token lives.
    expect(playlist.headers.get('cache-control')).toBe('private, max-age=10');
    const media = await app.request(`${base}/seg_00000.m4s`);
    expect(media.headers.get('content-type')).toBe('video/iso.segment');
    expect(media.headers.get('cache-control')).toMatch(/^private, max-age=(59\d|600)$/);
    expect(Buffer.from(await media.arrayBuffer()).equals(segment)).toBe(true);
    expect((await app.request(`${base}/init_0.mp4`)).headers.get('content-type')).toBe('video/mp4');
  });

  it('answers byte ranges with 206, and 416 outside the file', async () => {
    const range = await app.request(`${base}/seg_00000.m4s`, {
      headers: { Range: 'bytes=1000-1999' },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 1000-1999/${segment.length}`);
    expect(Buffer.from(await range.arrayBuffer()).equals(segment.subarray(1000, 2000))).toBe(true);
    const suffix = await app.request(`${base}/seg_00000.m4s`, { headers: { Range: 'bytes=-100' } });
    expect(suffix.status).toBe(206);
    expect((await suffix.arrayBuffer()).byteLength).toBe(100);
    const outside = await app.request(`${base}/seg_00000.m4s`, {
      headers: { Range: `bytes=${segment.length}-` },
    });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${segment.length}`);
  });

  it('answers HEAD with the status and headers a GET would send, and no body', async () => {
    const compared = ['content-type', 'content-length', 'content-range', 'accept-ranges'];
    for (const [file, headers] of [
      ['index.m3u8', {}],
      ['seg_00000.m4s', {}],
      ['seg_00000.m4s', { Range: 'bytes=1000-1999' }],
    ] as const) {
      const get = await app.request(`${base}/${file}`, { headers });
      const head = await app.request(`${base}/${file}`, { method: 'HEAD', headers });
      expect(head.status, file).toBe(get.status);
      for (const name of compared) {
        expect(head.headers.get(name), `${file} ${name}`).toBe(get.headers.get(name));
      }
      expect(head.headers.get('content-length'), file).toBe(
        String((await get.arrayBuffer()).byteLength),
      );
      expect((await head.arrayBuffer()).byteLength, file).toBe(0);
    }
  });

  it('refuses path traversal, hidden work in progress and non-media files', async () => {
    for (const attempt of [
      '/media/../package.json',
      '/media/video/../../package.json',
      '/media/%2e%2e/%2e%2e/package.json',
      '/media/video/%2e%2e%2f%2e%2e%2fpackage.json',
      '/media/..%5c..%5cpackage.json',
      '/media/video/1/hls/360p/index.m3u8%00.jpg',
    ]) {
      expect([400, 404], attempt).toContain(await rawGet(attempt));
    }
    expect((await app.request('/media/video/.hls.partial-1234/master.m3u8')).status).toBe(404);
    expect((await app.request('/media/secret.txt')).status).toBe(404);
    expect((await app.request(`${base}/seg_00000.m4s`, { method: 'DELETE' })).status).toBe(405);
  });
});
