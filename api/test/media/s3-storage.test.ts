import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ImageSchema, imageSizeUrls } from '@lanxang/contracts';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { s3Storage, type MediaStorage } from '../../src/modules/media/storage.js';
import { createTestApp, signIn, type TestApp } from '../../src/testing/index.js';
import { ffmpeg, makeTempDir } from './helpers.js';

const BUCKET = 'lanxang-media';
const PREFIX = 'media/';

let work: Awaited<ReturnType<typeof makeTempDir>>;
let server: S3rver;
let endpoint: string;
let client: S3Client;
let storage: MediaStorage;

beforeAll(async () => {
  work = await makeTempDir('s3');
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(work.dir, 'bucket'),
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  // The storage builds its own client, as in production; it finds credentials where the AWS
  // SDK looks for them.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  storage = s3Storage({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    prefix: PREFIX,
    publicBaseUrl: `${endpoint}/${BUCKET}`,
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  client?.destroy();
  await server?.close();
  await work?.remove();
});

const objectKeys = async (prefix = '') =>
  (
    await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}${prefix}` }))
  ).Contents?.map((item) => item.Key!.slice(PREFIX.length)) ?? [];

const bytesOf = async (key: string, range?: string) => {
  const object = await client.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${key}`, Range: range }),
  );
  return { object, bytes: Buffer.from(await object.Body!.transformToByteArray()) };
};

/** A local file with `text` in it, as the pipeline hands the storage. */
async function localFile(name: string, text: string): Promise<string> {
  const file = path.join(work.dir, 'out', name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

describe('S3 storage against an S3-speaking server', () => {
  it('publishes a file, a directory and text, with content types and cache rules', async () => {
    await storage.publishFile(await localFile('poster.jpg', 'jpeg bytes'), 'video/1/poster.jpg');
    const ladder = path.join(work.dir, 'out', 'hls');
    await mkdir(path.join(ladder, '720p'), { recursive: true });
    await writeFile(path.join(ladder, 'master.m3u8'), '#EXTM3U\n');
    await writeFile(path.join(ladder, '720p', 'seg-0.m4s'), 'segment');
    await storage.publishDirectory(ladder, 'video/1/hls');
    await storage.writeText('subtitles/1/en.vtt', 'WEBVTT\n');

    expect((await objectKeys()).sort()).toEqual([
      'subtitles/1/en.vtt',
      'video/1/hls/720p/seg-0.m4s',
      'video/1/hls/master.m3u8',
      'video/1/poster.jpg',
    ]);
    const master = await client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}video/1/hls/master.m3u8` }),
    );
    expect(master.ContentType).toBe('application/vnd.apple.mpegurl');
    expect(master.CacheControl).toBe('public, max-age=10');
    expect(await storage.readText('video/1/hls/master.m3u8')).toBe('#EXTM3U\n');
    expect((await bytesOf('video/1/poster.jpg')).bytes.toString()).toBe('jpeg bytes');
    expect((await bytesOf('video/1/hls/720p/seg-0.m4s')).bytes.toString()).toBe('segment');
    expect(await storage.readText('video/1/hls/missing.m3u8')).toBeNull();

    // A new ladder replaces the old one whole: segments it no longer has are gone.
    await mkdir(path.join(ladder, '1080p'), { recursive: true });
    await writeFile(path.join(ladder, 'master.m3u8'), '#EXTM3U\n#v2\n');
    await writeFile(path.join(ladder, '1080p', 'seg-0.m4s'), 'bigger segment');
    await storage.publishDirectory(ladder, 'video/1/hls');
    expect((await objectKeys('video/1/hls/')).sort()).toEqual([
      'video/1/hls/1080p/seg-0.m4s',
      'video/1/hls/master.m3u8',
    ]);
  });

  it('serves a range read with its Content-Range and exactly those bytes', async () => {
    await storage.writeText('range/alphabet.vtt', 'abcdefghijklmnopqrstuvwxyz');
    const { object, bytes } = await bytesOf('range/alphabet.vtt', 'bytes=5-9');
    expect(object.ContentRange).toBe('bytes 5-9/26');
    expect(bytes.toString()).toBe('fghij');
  });

  it('deletes single keys and whole prefixes', async () => {
    await storage.writeText('gone/a.vtt', 'a');
    await storage.writeText('gone/b.vtt', 'b');
    await storage.writeText('gone/deep/c.vtt', 'c');
    await storage.writeText('kept/d.vtt', 'd');
    await storage.deleteKeys(['gone/a.vtt']);
    expect((await objectKeys('gone/')).sort()).toEqual(['gone/b.vtt', 'gone/deep/c.vtt']);
    await storage.deletePrefix('gone');
    expect(await objectKeys('gone/')).toEqual([]);
    expect(await objectKeys('kept/')).toEqual(['kept/d.vtt']);
  });

  it('gives public URLs that fetch the object from the bucket', async () => {
    await storage.writeText('public/ສະບາຍດີ one.vtt', 'WEBVTT\n\nhello\n');
    const url = storage.url('public/ສະບາຍດີ one.vtt');
    expect(url).toBe(`${endpoint}/${BUCKET}/media/public/${encodeURIComponent('ສະບາຍດີ one.vtt')}`);
    expect(url.startsWith(storage.urlPrefix)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('WEBVTT\n\nhello\n');
  });
});

describe('catalog images with MEDIA_STORAGE=s3', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await createTestApp(inject('postgresAdminUrl'), {
      template: 'demo',
      env: {
        MEDIA_STORAGE: 's3',
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_PREFIX: PREFIX,
        S3_PUBLIC_BASE_URL: `${endpoint}/${BUCKET}`,
      },
    });
    admin = (await signIn(app, { role: 'admin' })).headers;
  });
  afterAll(() => app?.close());

  it('stores an uploaded poster in the bucket, points the film at it, and deletes it there', async () => {
    const picture = path.join(work.dir, 'poster.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=teal:s=600x900', '-frames:v', '1', picture]);
    const film = (await (await app.request('/api/movies/night-market')).json()) as { id: number };
    const form = new FormData();
    form.append('file', new Blob([await readFile(picture)]), 'poster.png');
    const response = await app.request(`/api/admin/images?movieId=${film.id}&kind=poster`, {
      method: 'POST',
      headers: admin,
      body: form,
    });
    expect(response.status).toBe(201);
    const image = ImageSchema.parse(await response.json());

    const stored = await objectKeys('images/uploads/');
    for (const [size, url] of Object.entries(imageSizeUrls(image))) {
      expect(url.startsWith(`${endpoint}/${BUCKET}/media/images/uploads/`)).toBe(true);
      expect(stored).toContain(url.slice(`${endpoint}/${BUCKET}/media/`.length));
      const served = await fetch(url);
      expect(served.status, size).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      // A JPEG's start-of-image marker: the bytes stored are the picture, not an upload encoding.
      expect([...new Uint8Array(await served.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    }
    const details = (await (await app.request('/api/movies/night-market')).json()) as {
      images: { posters: { id: number; url: string }[] };
    };
    expect(details.images.posters.find((poster) => poster.id === image.id)?.url).toEqual(image.url);

    const deleted = await app.request(`/api/admin/images/${image.id}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(deleted.status).toBe(204);
    const prefix = Object.values(imageSizeUrls(image))[0]!.slice(
      `${endpoint}/${BUCKET}/media/`.length,
    );
    expect(await objectKeys(path.posix.dirname(prefix))).toEqual([]);
  });

  it('passes a film’s files on from the bucket only with a media token, the API checking it', async () => {
    const segment = Buffer.alloc(50_000).map((_, i) => i % 251);
    const segmentFile = path.join(work.dir, 'out', 'seg.m4s');
    await writeFile(segmentFile, segment);
    await app.media.storage.publishFile(segmentFile, 'video/s3-film/hls/360p/seg_00000.m4s');
    const key = 'video/s3-film/hls/360p/seg_00000.m4s';
    const mint = (prefixes: string[]) =>
      app.media.tokens.mint({
        prefixes,
        owner: 'anonymous',
        expiresAt: new Date(Date.now() + 600_000),
      });
    const good = mint(['video/s3-film/']);

    expect((await app.request(`/media/${key}`)).status).toBe(403);
    expect((await app.request(`/media/t/${mint(['video/other-film/'])}/${key}`)).status).toBe(403);
    const whole = await app.request(`/media/t/${good}/${key}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/iso.segment');
    expect(whole.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(Buffer.from(await whole.arrayBuffer()).equals(segment)).toBe(true);
    const part = await app.request(`/media/t/${good}/${key}`, {
      headers: { Range: 'bytes=100-199' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${segment.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(segment.subarray(100, 200))).toBe(true);
    const head = await app.request(`/media/t/${good}/${key}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(segment.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect((await app.request(`/media/t/${good}/video/s3-film/hls/360p/none.m4s`)).status).toBe(
      404,
    );
  });
});
