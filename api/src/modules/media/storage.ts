import { createReadStream } from 'node:fs';
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { MediaConfig } from '../../config.js';
import { withStagingDir, withStagingFile } from './staging.js';

/**
 * Where published media lives. Keys are `/`-separated paths such as `video/12/hls/master.m3u8`;
 * the pipeline builds every output in a local work directory first and publishes it whole, so a
 * reader (the media route, a CDN) never sees half a ladder.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  /** The absolute URL a player fetches `key` from. */
  url(key: string): string;
  /**
   * What every `url(key)` starts with. Hot reads (the catalog's image URLs) join it with keys our
   * own code made, which need no checking or encoding, so a URL costs one concatenation.
   */
  readonly urlPrefix: string;
  /** Replaces everything under `prefix` with the contents of local `dir` (which is consumed). */
  publishDirectory(dir: string, prefix: string): Promise<void>;
  /** Replaces one object with a local file (which is consumed). */
  publishFile(file: string, key: string): Promise<void>;
  writeText(key: string, text: string): Promise<void>;
  /** Null when there is no such object. */
  readText(key: string): Promise<string | null>;
  /** Removes every object under `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
  deleteKeys(keys: string[]): Promise<void>;
  /** The object's exact size in bytes; `null` when there is none. */
  sizeOf(key: string): Promise<number | null>;
  /**
   * A bucket's object for the API to pass on (`Range` as the client sent it), after the API has
   * checked the media token; `null` when there is none. Only remote stores have it: the local
   * one is read from `MEDIA_DIR` by the media route itself.
   */
  open?(key: string, range: string | undefined): Promise<StoredObject | null>;
}

/** An object read from a remote store, as the media route answers it. */
export interface StoredObject {
  status: 200 | 206 | 416;
  body: NodeJS.ReadableStream | null;
  length: number | undefined;
  contentRange: string | undefined;
  lastModified: Date | undefined;
}

/** Keys come from our own code, but a slip must never reach outside the store. */
export function assertSafeKey(key: string): string {
  const segments = key.split('/');
  if (
    !key ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    segments.some(
      (segment) => segment === '' || segment === '.' || segment === '..' || segment.startsWith('.'),
    )
  ) {
    throw new Error(`Unsafe media storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

export function createMediaStorage(config: {
  mediaDir: string;
  publicApiUrl: string;
  media: MediaConfig;
}): MediaStorage {
  return config.media.storage === 's3'
    ? s3Storage(config.media.s3)
    : localStorage(config.mediaDir, `${config.publicApiUrl}/media`);
}

/** `MEDIA_DIR`, served by the API's own `/media/*` route. Publishing is a rename: atomic and free. */
export function localStorage(mediaDir: string, baseUrl: string): MediaStorage {
  const root = path.resolve(mediaDir);
  const fileOf = (key: string) => path.join(root, ...assertSafeKey(key).split('/'));
  const urlPrefix = `${baseUrl}/`;
  return {
    kind: 'local',
    url: (key) => `${urlPrefix}${encodeKey(assertSafeKey(key))}`,
    urlPrefix,
    async publishDirectory(dir, prefix) {
      // withStagingDir swaps the staged copy in for the old one in one rename.
      await withStagingDir(fileOf(prefix), async (staging) => {
        await rm(staging, { recursive: true, force: true });
        await moveAcross(dir, staging);
      });
    },
    async publishFile(file, key) {
      await withStagingFile(fileOf(key), (staging) => moveAcross(file, staging));
    },
    async writeText(key, text) {
      await withStagingFile(fileOf(key), (staging) => writeFile(staging, text));
    },
    readText: (key) => readFile(fileOf(key), 'utf8').catch(() => null),
    sizeOf: async (key) => {
      const info = await stat(fileOf(key)).catch(() => null);
      return info?.isFile() ? info.size : null;
    },
    deletePrefix: (prefix) => rm(fileOf(prefix), { recursive: true, force: true }),
    deleteKeys: async (keys) => {
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
    },
  };
}

async function moveAcross(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(from, to);
  } catch (error) {
    // A work directory on another filesystem than MEDIA_DIR: copy, then remove.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  forcePathStyle: boolean;
  prefix: string;
  publicBaseUrl: string;
}

/** What a CDN may keep: playlists are re-rendered (subtitles added), segments never change. */
export function cacheControlFor(key: string): string {
  return key.endsWith('.m3u8') ? 'public, max-age=10' : 'public, max-age=31536000, immutable';
}

export const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.ts': 'video/mp2t',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};
export const contentTypeFor = (key: string) =>
  CONTENT_TYPES[path.posix.extname(key).toLowerCase()] ?? 'application/octet-stream';

/** An S3-compatible bucket; players fetch through `publicBaseUrl` (a CDN in front of it). */
export function s3Storage(options: S3StorageOptions, client?: S3Client): MediaStorage {
  const s3 =
    client ??
    new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // The SDK's default sends streamed uploads aws-chunked with a trailing checksum, which
      // S3-compatible servers (s3rver, older MinIO and others) store as the object's bytes.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint && { endpoint: options.endpoint }),
    });
  const objectKey = (key: string) => `${options.prefix}${assertSafeKey(key)}`;
  const put = async (key: string, body: PutObjectCommand['input']['Body'], length?: number) => {
    await s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: objectKey(key),
        Body: body,
        ContentType: contentTypeFor(key),
        CacheControl: cacheControlFor(key),
        ...(length !== undefined && { ContentLength: length }),
      }),
    );
  };
  const listKeys = async (prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: options.bucket,
          Prefix: `${objectKey(prefix)}/`,
          ContinuationToken: token,
        }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  };
  const deleteObjects = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += 1000) {
      await s3.send(
        new DeleteObjectsCommand({
          Bucket: options.bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  };

  const urlPrefix = `${options.publicBaseUrl}/${encodeKey(options.prefix)}`;
  return {
    kind: 's3',
    url: (key) => `${urlPrefix}${encodeKey(assertSafeKey(key))}`,
    urlPrefix,
    async publishDirectory(dir, prefix) {
      const before = await listKeys(prefix);
      const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) =>
        entry.isFile(),
      );
      const written = new Set<string>();
      // Segments first, playlists last: a player that finds the new master finds its segments too.
      const ordered = files
        .map((entry) =>
          path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
        )
        .sort(
          (a, b) => Number(a.endsWith('.m3u8')) - Number(b.endsWith('.m3u8')) || a.localeCompare(b),
        );
      for (const relative of ordered) {
        const key = `${prefix}/${relative}`;
        const file = path.join(dir, ...relative.split('/'));
        await put(key, createReadStream(file), (await stat(file)).size);
        written.add(objectKey(key));
      }
      await deleteObjects(before.filter((key) => !written.has(key)));
      await rm(dir, { recursive: true, force: true });
    },
    async publishFile(file, key) {
      await put(key, createReadStream(file), (await stat(file)).size);
      await rm(file, { force: true });
    },
    writeText: (key, text) => put(key, text),
    async readText(key) {
      try {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }),
        );
        return (await object.Body?.transformToString('utf-8')) ?? null;
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    deletePrefix: async (prefix) => deleteObjects(await listKeys(prefix)),
    async sizeOf(key) {
      try {
        const head = await s3.send(
          new HeadObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }),
        );
        return head.ContentLength ?? null;
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'NotFound' || name === 'NoSuchKey') return null;
        throw error;
      }
    },
    deleteKeys: (keys) => deleteObjects(keys.map(objectKey)),
    async open(key, range) {
      try {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key), Range: range }),
        );
        return {
          status: object.ContentRange ? 206 : 200,
          body: (object.Body as NodeJS.ReadableStream | undefined) ?? null,
          length: object.ContentLength,
          contentRange: object.ContentRange,
          lastModified: object.LastModified,
        };
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'NoSuchKey') return null;
        if (name === 'InvalidRange')
          return {
            status: 416,
            body: null,
            length: 0,
            contentRange: undefined,
            lastModified: undefined,
          };
        throw error;
      }
    },
  };
}

/** Each segment percent-encoded, the slashes kept. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
