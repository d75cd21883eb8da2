import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Output is built next to its final place (same filesystem, so `rename` is atomic) under a
 * hidden name, and only renamed into place when complete: a crash, a cancel or a full disk never
 * leaves a half-written ladder where the media server or a cache check would find it.
 */
function stagingPath(target: string, label: string): string {
  const ext = path.extname(target);
  const base = path.basename(target, ext);
  return path.join(
    path.dirname(target),
    `.${base}.${label}-${randomBytes(4).toString('hex')}${ext}`,
  );
}

/** Runs `build` in a fresh staging directory, then swaps it in for `outDir` (replacing any old one). */
export async function withStagingDir<T>(
  outDir: string,
  build: (stagingDir: string) => Promise<T>,
): Promise<T> {
  const target = path.resolve(outDir);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = stagingPath(target, 'partial');
  await mkdir(staging);
  try {
    const result = await build(staging);
    await replaceWith(staging, target);
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Like `withStagingDir` for one file; the staged name keeps the extension so ffmpeg picks the muxer. */
export async function withStagingFile<T>(
  outFile: string,
  build: (stagingFile: string) => Promise<T>,
): Promise<T> {
  const target = path.resolve(outFile);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = stagingPath(target, 'partial');
  try {
    const result = await build(staging);
    await rename(staging, target);
    return result;
  } finally {
    await rm(staging, { force: true });
  }
}

/** Swaps a fresh copy in this many times at most while other writers keep swapping theirs in. */
const SWAP_ATTEMPTS = 10;

async function replaceWith(staging: string, target: string): Promise<void> {
  // rename() cannot replace a non-empty directory: move the old one aside first, so readers see
  // either the old ladder or the new one, never a mix.
  for (let attempt = 1; ; attempt++) {
    const previous = stagingPath(target, 'previous');
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    try {
      await rename(staging, target);
    } catch (error) {
      // Another writer swapped its copy in between our two renames (two imports storing the same
      // TMDB picture at once): ours is as new as theirs, so move theirs aside and try again.
      const code = (error as NodeJS.ErrnoException).code;
      const raced = (code === 'ENOTEMPTY' || code === 'EEXIST') && attempt < SWAP_ATTEMPTS;
      if (hadPrevious) {
        if (raced) await rm(previous, { recursive: true, force: true });
        else await rename(previous, target);
      }
      if (raced) continue;
      throw error;
    }
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
    return;
  }
}
