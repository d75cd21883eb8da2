import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImageSchema, MovieDetailsSchema, ProblemSchema, imageSizeUrls } from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '@lanxang/api/testing';

let app: TestApp;
let mediaDir: string;
let picture: Buffer;
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(tmpdir(), 'lanxang-images-'));
  app = await createTestApp(inject('postgresAdminUrl'), {
    template: 'demo',
    env: { MEDIA_DIR: mediaDir },
  });
  const file = path.join(mediaDir, 'source.png');
  await promisify(execFile)('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'color=c=orange:s=800x1200',
    '-frames:v',
    '1',
    '-y',
    file,
  ]);
  picture = await readFile(file);
  ADMIN = (await signIn(app, { role: 'admin' })).headers;
});
afterAll(() => app?.close());

let ADMIN: Record<string, string>;
function upload(
  query: string,
  body: Buffer,
  name = 'poster.png',
  headers: Record<string, string> = ADMIN,
) {
  const form = new FormData();
  form.append('file', new Blob([body]), name);
  return app.request(`/api/admin/images?${query}`, { method: 'POST', headers, body: form });
}

describe('admin images', () => {
  it('stores an uploaded poster at every size and makes it the film’s primary poster', async () => {
    const film = MovieDetailsSchema.parse(
      await (await app.request('/api/movies/night-market')).json(),
    );
    const response = await upload(`movieId=${film.id}&kind=poster&locale=lo`, picture);
    expect(response.status).toBe(201);
    const image = ImageSchema.parse(await response.json());
    expect(image).toMatchObject({ kind: 'poster', locale: 'lo', width: 780, height: 1170 });
    expect(Object.keys(imageSizeUrls(image))).toEqual(['w185', 'w342', 'w780']);
    for (const url of Object.values(imageSizeUrls(image))) {
      const served = await fetch(url);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
    }
    const after = MovieDetailsSchema.parse(
      await (await app.request('/api/movies/night-market')).json(),
    );
    expect(after.images.posters).toHaveLength(2);
    expect(after.images.posters[0]?.id).toBe(image.id);

    // Reordering puts the old one back in front.
    const old = film.images.posters[0]!;
    const patched = await app.request(`/api/admin/images/${image.id}`, {
      method: 'PATCH',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ position: 5 }),
    });
    expect(patched.status).toBe(200);
    const reordered = MovieDetailsSchema.parse(
      await (await app.request('/api/movies/night-market')).json(),
    );
    expect(reordered.images.posters.map((poster) => poster.id)).toEqual([old.id, image.id]);
  });

  it('refuses a file that is not a picture, keeping nothing', async () => {
    const before = existsSync(path.join(mediaDir, 'images/uploads'))
      ? await readdir(path.join(mediaDir, 'images/uploads'))
      : [];
    const response = await upload(
      'movieId=1&kind=backdrop',
      Buffer.from('just some text, not a picture'),
      'x.jpg',
    );
    expect(response.status).toBe(422);
    expect(ProblemSchema.parse(await response.json()).code).toBe('not_an_image');
    const after = existsSync(path.join(mediaDir, 'images/uploads'))
      ? await readdir(path.join(mediaDir, 'images/uploads'))
      : [];
    expect(after).toEqual(before);
  });

  it('needs exactly one owner, an existing one, and an admin', async () => {
    expect((await upload('kind=poster', picture)).status).toBe(400);
    expect((await upload('movieId=1&personId=1&kind=poster', picture)).status).toBe(400);
    expect((await upload('movieId=999999&kind=poster', picture)).status).toBe(404);
    expect((await upload('movieId=1&kind=poster', picture, 'p.png', {})).status).toBe(401);
  });
});
