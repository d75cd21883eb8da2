import { PlaybackSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo' });
});
afterAll(() => app?.close());

it('the seeded demo films answer playback with everything the TV needs, all of it served', async () => {
  const response = await app.request('/api/movies/the-rivers-daughter/playback');
  expect(response.status).toBe(200);
  const playback = PlaybackSchema.parse(await response.json());
  // Signed: `/media/t/<token>/<key>`, the same token on every URL.
  const token = /\/media\/t\/([^/]+)\//.exec(playback.masterUrl)?.[1];
  const signed = `${app.url}/media/t/${token}/video/the-rivers-daughter`;
  expect(playback.masterUrl).toBe(`${signed}/hls/master.m3u8`);
  expect(playback.posterUrl).toBe(`${signed}/poster.jpg`);
  expect(playback.trickplay).toEqual({
    vttUrl: `${signed}/trickplay/thumbnails.vtt`,
    intervalSeconds: 10,
  });
  expect(playback.durationSeconds).toBeGreaterThan(0);
  for (const url of [playback.masterUrl, playback.posterUrl!, playback.trickplay!.vttUrl]) {
    expect((await fetch(url)).status, url).toBe(200);
  }
  expect((await app.request('/api/movies/no-such-film/playback')).status).toBe(404);
});
