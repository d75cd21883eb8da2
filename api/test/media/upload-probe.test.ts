import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ProblemSchema } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '@lanxang/api/testing';
import { makeTempDir } from './helpers.js';
import { createMovie, uploadVideo, useAdmin } from './pipeline-helpers.js';

let app: TestApp;
let work: Awaited<ReturnType<typeof makeTempDir>>;
let elsewhere: Server;
const fetched: string[] = [];
let calls: string;

beforeAll(async () => {
  work = await makeTempDir('upload-probe');
  // Somewhere an uploaded playlist could point ffprobe at; it must never hear from it.
  elsewhere = createServer((request, response) => {
    fetched.push(request.url ?? '');
    response.end();
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  // The real ffprobe, behind a wrapper that writes down how it was called.
  calls = path.join(work.dir, 'ffprobe-calls.txt');
  const ffprobe = path.join(work.dir, 'ffprobe');
  await writeFile(ffprobe, `#!/bin/sh\necho "$*" >> '${calls}'\nexec ffprobe "$@"\n`);
  await chmod(ffprobe, 0o755);
  app = await createTestApp(inject('postgresAdminUrl'), { env: { FFPROBE_PATH: ffprobe } });
  await useAdmin(app);
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => elsewhere?.close(resolve));
  await work?.remove();
});

describe('an uploaded "video" that is a playlist of URLs', () => {
  it('is refused as not a video, and nothing on the network is asked for', async () => {
    const { port } = elsewhere.address() as AddressInfo;
    const playlist = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:10',
      '#EXTINF:10,',
      `http://127.0.0.1:${port}/segment.ts`,
      '#EXT-X-ENDLIST',
      '',
    ].join('\n');
    const movieId = await createMovie(app.request, 'Playlist Film');
    const response = await uploadVideo(app.request, movieId, {
      bytes: new TextEncoder().encode(playlist),
      name: 'film.mp4',
    });
    expect(response.status).toBe(422);
    expect(ProblemSchema.parse(await response.json()).code).toBe('not_a_video');
    expect(fetched).toEqual([]);
    // Not left to this ffmpeg build's defaults: every probe of an upload allows local files only.
    const invocations = (await readFile(calls, 'utf8')).trim().split('\n');
    expect(invocations.length).toBeGreaterThan(0);
    for (const args of invocations) expect(args).toContain('-protocol_whitelist file');
  });
});
