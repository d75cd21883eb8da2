/**
 * Faults: the disk fills during a transcode. The media dir (and the work dir in it) is a 12 MiB
 * tmpfs; one film's small ladder is published on it, then a 720p upload whose ladder cannot fit
 * is transcoded. Expected: the job fails with a clear error (no retry loop filling the disk
 * again and again), the space is given back, and the first film's rows and files are untouched.
 *
 * Part of `npm run test:faults`. Needs root to mount the tmpfs (`mount -t tmpfs -o size=12m`);
 * without it the script says so and stops. Only 127.0.0.1; bounded; stops by itself.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, statfs } from 'node:fs/promises';
import path from 'node:path';
import { startApiProcess } from '@lanxang/api/testing/processes';
import { benchRun, log, withClient } from '../kit.js';
import { adminClient, makeClip, mediaFaultSetup } from './media-steps.js';

const TMPFS_MIB = 12;
const FINISH_LIMIT_MS = 300_000;

/** Every file under `dir` (work files aside) with a hash of its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (path.relative(dir, file).startsWith('.work')) continue;
    files.set(
      path.relative(dir, file),
      createHash('sha1')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return files;
}

const freeMiB = async (dir: string) => {
  const stats = await statfs(dir);
  return (stats.bavail * stats.bsize) / 2 ** 20;
};

const bench = benchRun(10 * 60_000);
await bench.run(async () => {
  if (process.getuid?.() !== 0) {
    log('disk-full needs root to mount a tmpfs; skipped');
    return;
  }
  const { databaseUrl, admin, dir, mediaDir, env } = await mediaFaultSetup(bench, 'disk');
  execFileSync('mkdir', ['-p', mediaDir]);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MIB}m`, 'tmpfs', mediaDir]);
  bench.onCleanup(async () => execFileSync('umount', ['-l', mediaDir]));
  const small = path.join(dir, 'small.mp4');
  const big = path.join(dir, 'big.mp4');
  await makeClip(small, { seconds: 4, size: '320x180', kbps: 200 });
  await makeClip(big, { seconds: 30, size: '1280x720', kbps: 1000 });

  const api = await startApiProcess('server', env);
  bench.onCleanup(() => api.stop());
  const client = adminClient(() => api.url, admin);

  const first = await client.filmWithVideo('Already Published', small);
  const firstJob = await client.settle(first.jobId, FINISH_LIMIT_MS);
  if (firstJob.state !== 'completed') throw new Error(`the small film's job ${firstJob.state}`);
  const rowsOf = (movieId: number) =>
    withClient(databaseUrl, async (pg) =>
      JSON.stringify(
        (
          await pg.query(
            `select id, status, storage_key, bandwidth from video_sources where movie_id = $1 order by id`,
            [movieId],
          )
        ).rows,
      ),
    );
  await client.call(`/api/admin/movies/${first.movieId}/publish`, { method: 'POST' });
  const firstRows = await rowsOf(first.movieId);
  const firstFiles = await snapshot(mediaDir);
  log(
    `first film published (${firstFiles.size} files), ${(await freeMiB(mediaDir)).toFixed(1)} MiB free`,
  );

  const second = await client.filmWithVideo('Too Big For The Disk', big);
  const secondJob = await client.settle(second.jobId, FINISH_LIMIT_MS);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const freeAfter = await freeMiB(mediaDir);
  const filesAfter = await snapshot(mediaDir);
  const changed = [...firstFiles].filter(([file, hash]) => filesAfter.get(file) !== hash);
  const firstRowsAfter = await rowsOf(first.movieId);
  const secondRows = await rowsOf(second.movieId);
  const playback = await client.call(`/api/movies/${first.movieId}/playback`);

  console.log(`
## Faults: the disk fills during a transcode (${new Date().toISOString()})

- a ${TMPFS_MIB} MiB tmpfs as MEDIA_DIR (work dir inside it)
- the big film's job: \`${secondJob.state}\` after ${secondJob.attempts} attempt(s), error ${JSON.stringify(secondJob.error)}
- its video rows: ${secondRows}
- free space after: ${freeAfter.toFixed(1)} MiB of ${TMPFS_MIB}
- the first film: files changed or gone ${changed.length} of ${firstFiles.size}, rows ${firstRows === firstRowsAfter ? 'unchanged' : 'CHANGED'}, its playback info answers ${playback.status}
`);
  const problems = [
    secondJob.state !== 'failed' && `the job ended ${secondJob.state}, not failed`,
    secondJob.error?.code !== 'disk_full' && 'the failure does not say the disk is full',
    secondRows !== '[]' && 'the failed film has video rows',
    changed.length > 0 && "the first film's files changed",
    firstRows !== firstRowsAfter && "the first film's rows changed",
    freeAfter < TMPFS_MIB / 2 && 'the space was not given back',
    playback.status !== 200 && "the first film's playback does not answer",
  ].filter(Boolean);
  if (problems.length) throw new Error(problems.join('; '));
});
