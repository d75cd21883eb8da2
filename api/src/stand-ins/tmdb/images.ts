import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../../modules/media/index.js';

/**
 * Real image files for the fake's `file_path`s, drawn once with ffmpeg and kept in `cacheDir`
 * (each is a pure function of path and size), so the importer downloads and decodes real JPEGs
 * and PNGs exactly as it would from TMDB's image CDN.
 */
export function fakeImageMaker(cacheDir: string) {
  const inFlight = new Map<string, Promise<string>>();

  async function draw(file: string, width: number, height: number, outFile: string): Promise<void> {
    await mkdir(path.dirname(outFile), { recursive: true });
    const hue = createHash('sha1').update(file).digest();
    const color = `0x${hue.subarray(0, 3).toString('hex')}`;
    const accent = `0x${hue.subarray(3, 6).toString('hex')}`;
    // Written beside the final name, then renamed: parallel test files share this cache.
    const staging = `${outFile}.${randomBytes(4).toString('hex')}${path.extname(outFile)}`;
    try {
      await runFfmpeg([
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        `color=c=${color}:s=${width}x${height}`,
        '-vf',
        `drawbox=x=${Math.round(width / 8)}:y=${Math.round(height / 8)}:w=${Math.round(width / 2)}:h=${Math.round(height / 3)}:color=${accent}:t=fill`,
        '-frames:v',
        '1',
        ...(outFile.endsWith('.png') ? [] : ['-q:v', '4']),
        '-y',
        staging,
      ]);
      await rename(staging, outFile);
    } finally {
      await rm(staging, { force: true });
    }
  }

  return {
    /** The path of `file` drawn `width`×`height`, drawing it first if needed. */
    async get(file: string, width: number, height: number): Promise<string> {
      const outFile = path.join(cacheDir, `${width}x${height}`, path.basename(file));
      if (existsSync(outFile)) return outFile;
      let pending = inFlight.get(outFile);
      if (!pending) {
        pending = draw(file, width, height, outFile).then(() => outFile);
        inFlight.set(outFile, pending);
        void pending.finally(() => inFlight.delete(outFile)).catch(() => {});
      }
      return pending;
    },
  };
}
