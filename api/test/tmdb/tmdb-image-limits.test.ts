import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStorage } from '../../src/modules/media/storage.js';
import { TmdbError, createTmdbClient } from '../../src/modules/tmdb/index.js';
import { tmdbImageStore } from '../../src/modules/tmdb/tmdb.images.js';
import { listTree, makeTempDir } from '../media/helpers.js';

const MiB = 1024 * 1024;
const HUGE_IMAGE_BYTES = 200 * MiB;

let work: Awaited<ReturnType<typeof makeTempDir>>;
let server: Server;
let origin: string;
const imageRequests: string[] = [];
/** Bytes of the huge image the server got to send before the client hung up. */
let hugeSent: Promise<number>;

/**
 * A TMDB that answers /configuration, and every image with an endless-looking stream of bytes
 * and no Content-Length, the way a broken or hostile image server could.
 */
beforeAll(async () => {
  work = await makeTempDir('tmdb-image-limits');
  server = createServer((request, response) => {
    const url = request.url ?? '';
    if (url.startsWith('/3/configuration')) {
      const base = `${origin}/t/p/`;
      const sizes = ['w92', 'w185', 'w500', 'w780', 'original'];
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          images: {
            base_url: base,
            secure_base_url: base,
            backdrop_sizes: sizes,
            logo_sizes: sizes,
            poster_sizes: sizes,
            profile_sizes: sizes,
          },
        }),
      );
      return;
    }
    imageRequests.push(url);
    hugeSent = new Promise((resolve) => {
      let sent = 0;
      const chunk = Buffer.alloc(MiB, 0xff);
      const more = () => {
        while (sent < HUGE_IMAGE_BYTES && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return;
        }
        response.end();
      };
      response.on('drain', more);
      response.on('close', () => resolve(sent));
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      more();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await work?.remove();
});

const client = () =>
  createTmdbClient({
    apiKey: '0123456789abcdef0123456789abcdef',
    baseUrl: `${origin}/3`,
    maxRetries: 0,
  });

/** Refused the way an import reports TMDB sending what we cannot use. */
async function expectInvalidResponse(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(TmdbError);
  await expect(promise).rejects.toMatchObject({ code: 'invalid_response' });
}

describe('TMDB image downloads', () => {
  it('stop reading an image as soon as it passes 25 MiB', async () => {
    await expectInvalidResponse(client().download(`${origin}/t/p/original/huge.jpg`));
    // What sits in socket buffers on either side comes on top of the cap, never the whole image.
    expect(await hugeSent).toBeLessThan(60 * MiB);
  }, 60_000);

  it.each(['/..', '/../../etc/passwd.jpg', '/a/b.jpg', '/.hidden.jpg', 'poster.jpg', '/p.jpg?x=1'])(
    'refuses the file_path %j without fetching or writing anything',
    async (filePath) => {
      const mediaDir = path.join(work.dir, 'media');
      const store = tmdbImageStore(client(), {
        storage: localStorage(mediaDir, 'http://api.test/media'),
        workDir: path.join(work.dir, 'work'),
      });
      const before = imageRequests.length;
      await expectInvalidResponse(store.store('poster', filePath));
      expect(imageRequests.length).toBe(before);
      expect(await listTree(mediaDir).catch(() => [])).toEqual([]);
    },
  );
});
