import { readdir, readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import path from 'node:path';
import { PlaybackSchema, ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';
import { startNginxInFront, type NginxInFront } from '../../src/testing/nginx.js';

// The production path for media bytes: a real nginx (Debian's, from the same template the
// compose uses) in front of the real API on real PostgreSQL. nginx sends the files; the API only
// answers `auth_request`'s question, once per token and film, counted at a proxy in between.
const FREE = 'the-rivers-daughter';
const TV_ORIGIN = 'http://localhost:8080';
let app: TestApp;
let nginx: NginxInFront;
let counter: Server;
const authorizeCalls: string[] = [];

beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
  // Between nginx and the API: counts the questions nginx asks, passes everything on untouched.
  const api = new URL(app.url);
  counter = createServer((request, response) => {
    if (request.url?.startsWith('/api/media/authorize'))
      authorizeCalls.push(String(request.headers['x-original-uri']));
    const forward = httpRequest(
      {
        host: api.hostname,
        port: api.port,
        path: request.url,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  const address = counter.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  nginx = await startNginxInFront({ api: `127.0.0.1:${port}`, mediaRoot: app.config.mediaDir });
}, 60_000);
afterAll(async () => {
  await nginx?.close();
  counter?.closeAllConnections();
  await new Promise((resolve) => counter?.close(resolve));
  await app?.close();
});

const viaNginx = (urlPath: string, init?: RequestInit) => fetch(`${nginx.url}${urlPath}`, init);

async function playback(slug: string | number) {
  const response = await viaNginx(`/api/movies/${slug}/playback`);
  expect(response.status, await response.clone().text()).toBe(200);
  return PlaybackSchema.parse(await response.json());
}
const tokenOf = (masterUrl: string) => /\/media\/t\/([^/]+)\//.exec(masterUrl)![1]!;

/** A refusal as the API words it: 403 problem+json `media_token_invalid`, HEAD alike. */
async function expectRefused(urlPath: string, why: string) {
  const get = await viaNginx(urlPath);
  expect(get.status, `${why}: ${urlPath}`).toBe(403);
  expect(get.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(ProblemSchema.parse(await get.json()).code).toBe('media_token_invalid');
  const head = await viaNginx(urlPath, { method: 'HEAD' });
  expect(head.status, `HEAD ${why}`).toBe(403);
}

/** Every file of the free film's ladder and trickplay, as keys under the media root. */
async function filmKeys(): Promise<string[]> {
  const dir = path.join(app.config.mediaDir, 'video', FREE);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(
      (entry) =>
        (entry.isFile() || entry.isSymbolicLink()) && /\.(m3u8|m4s|mp4|vtt|jpg)$/.test(entry.name),
    )
    .map((entry) => path.relative(app.config.mediaDir, path.join(entry.parentPath, entry.name)))
    .map((key) => key.split(path.sep).join('/'))
    .sort();
}

describe('nginx in front of the API', () => {
  it('serves a film’s segments with a good token: types, ranges, HEAD, caching, CORS', async () => {
    const { masterUrl } = await playback(FREE);
    const base = new URL(masterUrl).pathname.replace(/master\.m3u8$/, '');
    const file = path.join(app.config.mediaDir, 'video', FREE, 'hls', '720p', 'seg_00001.m4s');
    const bytes = await readFile(file);

    const whole = await viaNginx(`${base}720p/seg_00001.m4s`, { headers: { Origin: TV_ORIGIN } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/iso.segment');
    expect(whole.headers.get('content-length')).toBe(String(bytes.length));
    expect(whole.headers.get('cache-control')).toBe('private');
    expect(new Date(whole.headers.get('expires')!).getTime()).toBeGreaterThan(Date.now());
    expect(whole.headers.get('access-control-allow-origin')).toBe(TV_ORIGIN);
    expect(whole.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const range = await viaNginx(`${base}720p/seg_00001.m4s`, {
      headers: { Range: 'bytes=100-1099' },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 100-1099/${bytes.length}`);
    expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);

    const head = await viaNginx(`${base}720p/seg_00001.m4s`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const playlist = await viaNginx(masterUrl.replace(/^https?:\/\/[^/]+/, ''));
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('cache-control')).toBe('private, max-age=10');
    // A stranger's origin gets no CORS grant, as from the API itself.
    const stranger = await viaNginx(`${base}720p/index.m3u8`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('asks the API once per token and film, not once per file', async () => {
    const keys = await filmKeys();
    expect(keys.length).toBeGreaterThan(10);
    // Tokens of their own (playback answers one viewer the same token within a second).
    const fresh = (owner: string) =>
      app.media.tokens.mint({
        prefixes: [`video/${FREE}/`],
        owner,
        expiresAt: new Date(Date.now() + 600_000),
      });
    const token = fresh('u:1001');
    const before = authorizeCalls.length;
    for (let pass = 0; pass < 3; pass++) {
      for (const key of keys) {
        const response = await viaNginx(`/media/t/${token}/${key}`);
        expect(response.status, key).toBe(200);
        await response.arrayBuffer();
      }
    }
    expect(authorizeCalls.length - before).toBe(1);

    // A player's first burst, many files at once on a cold cache: still one question.
    const burst = fresh('u:1002');
    const beforeBurst = authorizeCalls.length;
    const statuses = await Promise.all(
      keys.map(async (key) => {
        const response = await viaNginx(`/media/t/${burst}/${key}`);
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(authorizeCalls.length - beforeBurst).toBe(1);
  });

  it('refuses a missing, other film’s, expired or tampered token with the API’s problem', async () => {
    const key = `video/${FREE}/hls/720p/seg_00000.m4s`;
    const { tokens } = app.media;
    const soon = new Date(Date.now() + 600_000);
    const good = tokenOf((await playback(FREE)).masterUrl);
    const [payload, signature] = good.split('.') as [string, string];
    const otherFilm = tokens.mint({
      prefixes: ['video/monsoon-letters/'],
      owner: 'anonymous',
      expiresAt: soon,
    });
    const expired = tokens.mint({
      prefixes: [`video/${FREE}/`],
      owner: 'anonymous',
      expiresAt: new Date(Date.now() - 1000),
    });
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    // A good answer for one film is not reused for another film's files.
    expect(
      (await viaNginx(`/media/t/${otherFilm}/video/monsoon-letters/hls/master.m3u8`)).status,
    ).toBe(200);

    await expectRefused(`/media/${key}`, 'no token');
    await expectRefused(`/media/t/${otherFilm}/${key}`, 'other film');
    await expectRefused(`/media/t/${expired}/${key}`, 'expired');
    await expectRefused(`/media/t/${flipped}/${key}`, 'tampered');
    await expectRefused(`/media/t/not-a-token/${key}`, 'garbage');
    // Dot segments cannot walk a token out of its film: the API's own answer, a 404 problem.
    const walk = await viaNginx(
      `/media/t/${otherFilm}/video/monsoon-letters/..%2F${FREE}/hls/master.m3u8`,
    );
    expect(walk.status).toBe(404);
    expect(walk.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('stops serving when the token expires, though nginx kept the answer', async () => {
    const shortLived = app.media.tokens.mint({
      prefixes: [`video/${FREE}/`],
      owner: 'anonymous',
      expiresAt: new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000),
    });
    const url = `/media/t/${shortLived}/video/${FREE}/hls/master.m3u8`;
    expect((await viaNginx(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await expectRefused(url, 'expired since');
  });

  it('serves catalog images to anyone, straight from disk', async () => {
    const before = authorizeCalls.length;
    const image = (await readdir(path.join(app.config.mediaDir, 'images'), { recursive: true }))
      .map((name) => String(name).split(path.sep).join('/'))
      .find((name) => name.endsWith('.jpg'))!;
    const response = await viaNginx(`/media/images/${image}`, { headers: { Origin: TV_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(authorizeCalls.length).toBe(before);
    // A missing image is the API's 404 problem, not nginx's page.
    const missing = await viaNginx('/media/images/none/such.jpg');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('never serves a draft’s files to viewers', async () => {
    const film = PlaybackSchema.parse(
      await (await viaNginx(`/api/movies/${FREE}/playback`)).json(),
    );
    expect(film.masterUrl).toBeTruthy();
    await app.db.em
      .fork()
      .getConnection()
      .execute(`update movies set status = 'draft' where slug = ?`, [FREE]);
    try {
      const refused = await viaNginx(`/api/movies/${FREE}/playback`);
      expect(refused.status).toBe(404);
      for (const key of await filmKeys()) await expectRefused(`/media/${key}`, 'draft, no token');
    } finally {
      await app.db.em
        .fork()
        .getConnection()
        .execute(`update movies set status = 'published' where slug = ?`, [FREE]);
    }
  });

  it('leaves the nginx-only check route closed to clients', async () => {
    const response = await viaNginx('/api/media/authorize', {
      headers: { 'X-Original-URI': `/media/video/${FREE}/hls/master.m3u8` },
    });
    expect(response.status).toBe(404);
  });
});
