import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const execFileAsync = promisify(execFile);

/** A ceiling, not a measurement: four engineers share two cores, so real encodes can crawl. */
export const FFMPEG_TEST_TIMEOUT_MS = 120_000;

export async function makeTempDir(
  label: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `lanxang-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function ffmpeg(args: string[]): Promise<void> {
  await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

const ProbedStreamSchema = z.object({
  codec_type: z.string(),
  codec_name: z.string(),
  codec_tag_string: z.string().optional(),
  profile: z.string().optional(),
  level: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  duration: z.string().optional(),
  field_order: z.string().optional(),
});
const ProbeSchema = z.object({
  streams: z.array(ProbedStreamSchema),
  format: z.object({ duration: z.string() }),
});
const PacketsSchema = z.object({
  packets: z.array(
    z.object({ size: z.string(), pts_time: z.string().optional(), flags: z.string() }),
  ),
});

/** ffprobe, independently of the module under test. */
export async function ffprobe(file: string): Promise<z.infer<typeof ProbeSchema>> {
  const args = '-v error -print_format json -show_format -show_streams'.split(' ');
  const { stdout } = await execFileAsync('ffprobe', [...args, file]);
  return ProbeSchema.parse(JSON.parse(stdout));
}

export async function videoPackets(
  file: string,
): Promise<z.infer<typeof PacketsSchema>['packets']> {
  const args = '-v error -select_streams v:0 -show_entries packet=size,pts_time,flags -of json';
  const { stdout } = await execFileAsync('ffprobe', [...args.split(' '), file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return PacketsSchema.parse(JSON.parse(stdout)).packets;
}

/** An fMP4 segment is only playable after its init segment: join them into one file to probe. */
export async function joinSegments(
  dir: string,
  initUri: string,
  segmentUris: string[],
  outFile: string,
): Promise<string> {
  const parts = await Promise.all(
    [initUri, ...segmentUris].map((uri) => readFile(path.join(dir, uri))),
  );
  await writeFile(outFile, Buffer.concat(parts));
  return outFile;
}

/** Everything under `dir`, so a test can prove no partial output was left behind. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => []);
  return entries.map(String).sort();
}
