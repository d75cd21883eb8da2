import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MediaJobSchema, MovieDetailsSchema, imageSizeUrls } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { removeStoredFiles } from '../../src/modules/media/cleanup.js';
import { localStorage } from '../../src/modules/media/storage.js';
import { createTestApp, testMediaMaker, type TestApp } from '../../src/testing/index.js';
import { ffmpeg, makeTempDir } from './helpers.js';
import { adminHeaders, useAdmin, uploadVideo, waitForJob, finished } from './pipeline-helpers.js';

let app: TestApp;
let work: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  work = await makeTempDir('stored-files');
  app = await createTestApp(inject('postgresAdminUrl'), {
    template: 'demo',
    env: { MEDIA_JOB_POLL_SECONDS: '0.5', MEDIA_JOB_RETRY_LIMIT: '0' },
  });
  await useAdmin(app);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await work?.remove();
});

const stored = (key: string) => existsSync(path.join(app.config.mediaDir, ...key.split('/')));
const shared = (key: string) => existsSync(path.join(testMediaMaker.mediaDir, ...key.split('/')));
const keyOf = (url: string) => url.slice(`${app.url}/media/`.length);
const film = async (slug: string) =>
  MovieDetailsSchema.parse(await (await app.request(`/api/movies/${slug}`)).json());
const remove = (pathname: string) =>
  app.request(pathname, { method: 'DELETE', headers: adminHeaders() });

describe('files go with their records', () => {
  it('deleting an image deletes its sizes', async () => {
    const { images } = await film('night-market');
    const poster = images.posters[0]!;
    const files = Object.values(imageSizeUrls(poster)).map(keyOf);
    expect(files.every(stored)).toBe(true);

    expect((await remove(`/api/admin/images/${poster.id}`)).status).toBe(204);
    expect(files.some(stored)).toBe(false);
    // Only this app's copy: the demo media other tests share are untouched.
    expect(files.every(shared)).toBe(true);
  });

  it('deleting a film deletes its images and its video', async () => {
    const details = await film('monsoon-letters');
    const images = [...details.images.posters, ...details.images.backdrops].flatMap((image) =>
      Object.values(imageSizeUrls(image)).map(keyOf),
    );
    const video = ['video/monsoon-letters/hls/master.m3u8', 'video/monsoon-letters/poster.jpg'];
    expect([...images, ...video].every(stored)).toBe(true);

    expect((await remove(`/api/admin/movies/${details.id}`)).status).toBe(204);
    expect(images.some(stored)).toBe(false);
    expect(stored('video/monsoon-letters')).toBe(false);
  });

  it('a new ladder deletes the one it replaced, and never itself', async () => {
    const clip = path.join(work.dir, 'clip.mp4');
    await ffmpeg([
      ...'-f lavfi -i testsrc2=s=320x180:r=25:d=2 -f lavfi -i sine=frequency=440:duration=2'.split(
        ' ',
      ),
      ...'-c:v libx264 -preset ultrafast -c:a aac -shortest'.split(' '),
      clip,
    ]);
    const bytes = await readFile(clip);
    const { id } = await film('the-rivers-daughter');
    expect(stored('video/the-rivers-daughter/hls/master.m3u8')).toBe(true);

    const transcode = async () => {
      const response = await uploadVideo(app.request, id, { bytes, name: 'clip.mp4' });
      expect(response.status, await response.clone().text()).toBe(202);
      const job = MediaJobSchema.parse(await response.json());
      expect((await waitForJob(app.request, job.id, finished)).state).toBe('completed');
    };
    await transcode();
    // Removed just after the job's transaction commits, so a moment after it reads completed.
    await vi.waitFor(() => expect(stored('video/the-rivers-daughter')).toBe(false));
    expect(stored(`video/${id}/hls/master.m3u8`)).toBe(true);

    // The next upload is published under the same prefix: replacing it must keep the new files.
    await transcode();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stored(`video/${id}/hls/master.m3u8`)).toBe(true);
    expect(stored(`video/${id}/poster.jpg`)).toBe(true);
  }, 120_000);

  it('a file that cannot be deleted is logged, not the request’s failure', async () => {
    const storage = localStorage(work.dir, 'http://localhost/media');
    storage.deletePrefix = () => Promise.reject(new Error('disk gone'));
    const warn = vi.fn();
    await removeStoredFiles({ storage, logger: { warn } }, { prefixes: ['images/x'], keys: [] });
    expect(warn).toHaveBeenCalledOnce();
  });
});
