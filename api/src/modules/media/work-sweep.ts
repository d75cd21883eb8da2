import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { MediaJob } from './media-job.entity.js';

/** Where a transcode builds its ladder; `runTranscodeJob` removes it, unless its process dies. */
export const jobWorkDir = (workDir: string, mediaJobId: number) =>
  path.join(workDir, 'jobs', String(mediaJobId));

/**
 * `withStagingDir` / `withStagingFile` names: `.<name>.partial-<8 hex>[.ext]` while output is
 * built, `.<name>.previous-<8 hex>` for the old copy moved aside during a swap.
 */
const STAGING_NAME = /^\..*\.(partial|previous)-[0-9a-f]{8}(\.[^.]+)?$/;
/**
 * `storeImageSizes` builds each picture in a `mkdtemp` directory `image-XXXXXX`; a TMDB import
 * downloads the picture beside it as `tmdb-<12 hex>.<ext>` first.
 */
const IMAGE_SCRATCH = /^(image-[A-Za-z0-9]{6}|tmdb-[0-9a-f]{12}\.[A-Za-z]+)$/;

export interface SweepTarget {
  em: EntityManager;
  /** `MEDIA_WORK_DIR`: `uploads/`, `jobs/<id>/`, `images/image-*`. */
  workDir: string;
  /** `MEDIA_DIR` when media is stored locally (its staging names are swept too); else null. */
  mediaDir: string | null;
  /**
   * What was written this recently may belong to live work in any process sharing the disk (an
   * upload arriving or being probed, a publish, an image import): it is never swept.
   */
  graceMs: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/**
 * The job directories of jobs no worker is running. Run before this worker takes any job: a job
 * claimed while it runs would lose the directory it is building in. A job `running` on another
 * worker keeps its directory; if that worker is dead, stall recovery removes it.
 */
export async function sweepJobDirs(target: SweepTarget): Promise<string[]> {
  const jobsDir = path.join(target.workDir, 'jobs');
  const names = (await entries(jobsDir)).filter((name) => /^\d+$/.test(name));
  if (!names.length) return [];
  const running = await target.em.find(
    MediaJob,
    { id: { $in: names.map(Number) }, state: 'running' },
    { fields: ['id'] },
  );
  const live = new Set(running.map((row) => String(row.id)));
  return removeAll(
    target,
    names.filter((name) => !live.has(name)).map((name) => path.join(jobsDir, name)),
  );
}

/**
 * Uploads no job row names, abandoned image scratch, and staging files and directories a crash
 * left: each only once nothing in it has changed for `graceMs`. Safe while jobs run anywhere.
 */
export async function sweepLeftovers(target: SweepTarget): Promise<string[]> {
  const uploadsDir = path.join(target.workDir, 'uploads');
  const uploads = (await entries(uploadsDir)).map((name) => path.join(uploadsDir, name));
  const owned = uploads.length
    ? await target.em.find(MediaJob, { sourcePath: { $in: uploads } }, { fields: ['sourcePath'] })
    : [];
  const ownedPaths = new Set(owned.map((row) => row.sourcePath));
  const imagesDir = path.join(target.workDir, 'images');
  const candidates = [
    ...uploads.filter((file) => !ownedPaths.has(file)),
    ...(await entries(imagesDir))
      .filter((name) => IMAGE_SCRATCH.test(name))
      .map((name) => path.join(imagesDir, name)),
    // The work directory is often inside the media directory (`MEDIA_DIR/.work`): look once.
    ...new Set([
      ...(await stagingPaths(target.workDir)),
      ...(target.mediaDir ? await stagingPaths(target.mediaDir) : []),
    ]),
  ];
  const cutoff = Date.now() - target.graceMs;
  const idle: string[] = [];
  for (const candidate of candidates)
    if ((await lastChange(candidate)) < cutoff) idle.push(candidate);
  return removeAll(target, idle);
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

/** Staging names anywhere under `root`, without looking inside them. */
async function stagingPaths(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children) {
      const full = path.join(dir, child.name);
      if (STAGING_NAME.test(child.name)) found.push(full);
      else if (child.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return found;
}

/** The newest modification time of `target` or anything under it; 0 when it is gone. */
async function lastChange(target: string): Promise<number> {
  const info = await lstat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(target).catch(() => []))
    newest = Math.max(newest, await lastChange(path.join(target, child)));
  return newest;
}

async function removeAll(target: SweepTarget, paths: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const file of paths) {
    try {
      await rm(file, { recursive: true, force: true });
      removed.push(file);
    } catch (error) {
      target.logger.warn({ err: error, path: file }, 'a leftover could not be removed');
    }
  }
  if (removed.length) target.logger.info({ removed }, 'removed leftovers of interrupted work');
  return removed;
}
