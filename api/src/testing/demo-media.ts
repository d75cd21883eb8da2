import { copyFile, link, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ffmpegDemoMedia } from '../demo/demo-media.js';
import { localStorage } from '../modules/media/storage.js';

/**
 * The real demo media, made once per machine under `.cache/` and shared by every test that
 * seeds the demo catalog (its files are a pure function of their inputs).
 */
const cacheRoot = path.resolve(import.meta.dirname, '../../../.cache/test-media');
const mediaDir = path.join(cacheRoot, 'media');
export const testMediaMaker = {
  // Only the seed writes here; each test app serves its own copy (`privateDemoMediaDir`).
  ...ffmpegDemoMedia({
    storage: localStorage(mediaDir, 'http://127.0.0.1/media'),
    cacheDir: path.join(cacheRoot, 'sources'),
    clipSeconds: 12,
  }),
  mediaDir,
};

/**
 * A private MEDIA_DIR holding the demo media as hard links (a copy where links cannot cross
 * filesystems): the API deletes a removed film's files and replaces files by renaming new ones
 * into place, which drops only the private link and leaves the shared cache as made.
 */
export async function privateDemoMediaDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lanxang-demo-media-'));
  await linkTree(mediaDir, dir);
  return dir;
}

/** Mirrors `from` into `to` as hard links (copies where a link cannot cross filesystems). */
export async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else await link(source, target).catch(() => copyFile(source, target));
  }
}
