import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FIXTURE_VERSION = 'v1';
export const CLIP_SECONDS = 40;

/**
 * A short fMP4 HLS ladder (480p and 240p, the audio mapped once per rung) with English and Lao
 * WebVTT subtitles, made once with the system ffmpeg and cached under test/.cache.
 */
export async function makeHlsClip(
  cacheRoot = path.resolve(import.meta.dirname, '../.cache'),
): Promise<string> {
  const dir = path.join(cacheRoot, `hls-${FIXTURE_VERSION}`);
  if (existsSync(path.join(dir, 'master.m3u8'))) return dir;
  const work = `${dir}.tmp`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=854x480:rate=25:duration=${CLIP_SECONDS}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
      '-filter_complex',
      '[0:v]split=2[a][b];[a]scale=854:480[v480];[b]scale=426:240[v240]',
      '-map',
      '[v480]',
      '-map',
      '1:a',
      '-map',
      '[v240]',
      '-map',
      '1:a',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-profile:v',
      'main',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '50',
      '-keyint_min',
      '50',
      '-sc_threshold',
      '0',
      '-b:v:0',
      '700k',
      '-b:v:1',
      '200k',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '-ac',
      '2',
      '-f',
      'hls',
      '-hls_time',
      '2',
      '-hls_playlist_type',
      'vod',
      '-hls_segment_type',
      'fmp4',
      '-master_pl_name',
      'master.m3u8',
      '-var_stream_map',
      'v:0,a:0 v:1,a:1',
      '-hls_segment_filename',
      'v%v/seg%03d.m4s',
      'v%v/index.m3u8',
    ],
    { cwd: work },
  );
  await mkdir(path.join(work, 'subs'));
  for (const [language, lines] of Object.entries(SUBTITLES)) {
    const cues = lines.map((line, index) => {
      const start = index * 4;
      return `${clock(start)} --> ${clock(start + 3.5)}\n${line}`;
    });
    await writeFile(path.join(work, 'subs', `${language}.vtt`), `WEBVTT\n\n${cues.join('\n\n')}\n`);
    await writeFile(
      path.join(work, 'subs', `${language}.m3u8`),
      `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${CLIP_SECONDS}\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:${CLIP_SECONDS}.0,\n${language}.vtt\n#EXT-X-ENDLIST\n`,
    );
  }
  const master = await readFile(path.join(work, 'master.m3u8'), 'utf8');
  const withSubtitles = master
    .replace(
      '#EXTM3U',
      '#EXTM3U\n' +
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",AUTOSELECT=NO,DEFAULT=NO,URI="subs/en.m3u8"\n' +
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="ລາວ",LANGUAGE="lo",AUTOSELECT=NO,DEFAULT=NO,URI="subs/lo.m3u8"',
    )
    .replace(/^(#EXT-X-STREAM-INF:.*)$/gm, '$1,SUBTITLES="subs"');
  await writeFile(path.join(work, 'master.m3u8'), withSubtitles);
  await rm(dir, { recursive: true, force: true });
  await run('mv', [work, dir]);
  return dir;
}

const SUBTITLES: Record<string, string[]> = {
  en: Array.from(
    { length: CLIP_SECONDS / 4 },
    (_, index) => `The river keeps its promises (${index + 1})`,
  ),
  lo: Array.from({ length: CLIP_SECONDS / 4 }, (_, index) => `ແມ່ນ້ຳຮັກສາຄຳສັນຍາຂອງມັນ (${index + 1})`),
};

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const ms = Math.round((seconds - whole) * 1000);
  const mm = String(Math.floor(whole / 60)).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  return `00:${mm}:${ss}.${String(ms).padStart(3, '0')}`;
}
