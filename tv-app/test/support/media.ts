import { copyFile, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { privateDemoMediaDir, type TestApp } from '@lanxang/api/testing';

/** The demo film the player tests open: playable, given subtitles by `addSubtitles` below. */
export const SUBTITLED_FILM = 'the-rivers-daughter';

export const SUBTITLES = {
  en: 'A fisherman’s daughter follows the river south.',
  lo: 'ລູກສາວຊາວປະມົງ ເດີນທາງລົງໃຕ້ຕາມແມ່ນ້ຳ.',
} as const;

/**
 * A private MEDIA_DIR for the TV tests' API (see `privateDemoMediaDir`): subtitle uploads
 * re-render a film's `master.m3u8`, which must not land in the shared `.cache/test-media`.
 */
export async function privateDemoMedia(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await privateDemoMediaDir();
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Admin requests to the test's own API, with an admin's session token. */
export interface AdminApi {
  url: string;
  adminToken: string;
}

async function admin(api: AdminApi, pathname: string, init: RequestInit): Promise<Response> {
  const response = await fetch(`${api.url}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${api.adminToken}`, ...init.headers },
  });
  if (!response.ok) {
    throw new Error(`${init.method} ${pathname}: ${response.status} ${await response.text()}`);
  }
  return response;
}

export async function movieId(api: AdminApi, slug: string): Promise<number> {
  const response = await fetch(`${api.url}/api/movies/${slug}`);
  return ((await response.json()) as { id: number }).id;
}

/**
 * English and Lao subtitles for `slug`, uploaded as an admin does (`PUT …/subtitles/{locale}`),
 * which also lists them in the film's master playlist. One cue over the whole 12 s demo clip, so
 * it shows whenever a test looks.
 */
export async function addSubtitles(api: AdminApi, slug: string): Promise<void> {
  const id = await movieId(api, slug);
  for (const [locale, line] of Object.entries(SUBTITLES)) {
    await admin(api, `/api/admin/movies/${id}/subtitles/${locale}`, {
      method: 'PUT',
      headers: { 'content-type': 'text/vtt' },
      body: `WEBVTT\n\n00:00:00.000 --> 00:10:00.000\n${line}\n`,
    });
  }
}

/** Makes `slug` play from an external HLS master URL, as an admin registers a CDN's stream. */
export async function setExternalVideo(api: AdminApi, slug: string, url: string): Promise<void> {
  await admin(api, `/api/admin/movies/${await movieId(api, slug)}/video/url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
}

/** One rung of a clip's HLS: its init map line, its files (init first) and its segments. */
async function readRung(rungDir: string) {
  const lines = (await readFile(path.join(rungDir, 'index.m3u8'), 'utf8'))
    .split('\n')
    .map((line) => line.trim());
  const map = lines.find((line) => line.startsWith('#EXT-X-MAP'))!;
  const init = /URI="([^"]+)"/.exec(map)![1]!;
  const segments: { extinf: string; uri: string }[] = [];
  let clipSeconds = 0;
  lines.forEach((line, index) => {
    if (!line.startsWith('#EXTINF:')) return;
    clipSeconds += Number.parseFloat(line.slice('#EXTINF:'.length));
    segments.push({ extinf: line, uri: lines[index + 1]! });
  });
  return { map, init, segments, clipSeconds };
}

/** A VOD playlist of `passes` passes, each a discontinuity after the first. */
function loopedPlaylist(map: string, passes: number, pass: (index: number) => string[]): string {
  const body = Array.from({ length: passes }, (_, index) => [
    ...(index > 0 ? ['#EXT-X-DISCONTINUITY'] : []),
    ...pass(index),
  ]).flat();
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    '#EXT-X-TARGETDURATION:6',
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    map,
    ...body,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

const rungsOf = async (masterPath: string) =>
  (await readFile(masterPath, 'utf8')).split('\n').filter((line) => line.endsWith('/index.m3u8'));

/**
 * Makes `slug` a film of `seconds` (a multiple of the 12 s demo clip), as an admin registering an
 * external stream would: HLS playlists that play `source`'s demo clip over and over (each pass a
 * discontinuity), written under the API's media and registered as the film's video. Resume
 * points need a film longer than the clip: none is offered in a film's last two minutes. The
 * stream carries its own copy of the clip's files: an external stream never reaches into a
 * film's private `video/` folder, which answers only with a media token.
 */
export async function setLoopedVideo(
  api: AdminApi,
  mediaDir: string,
  film: { slug: string; source: string; seconds: number },
): Promise<void> {
  const sourceDir = path.join(mediaDir, 'video', film.source, 'hls');
  const loopDir = path.join(mediaDir, 'looped', film.slug);
  await mkdir(loopDir, { recursive: true });
  const master = await readFile(path.join(sourceDir, 'master.m3u8'), 'utf8');
  for (const rung of await rungsOf(path.join(sourceDir, 'master.m3u8'))) {
    const name = path.dirname(rung);
    const clip = await readRung(path.join(sourceDir, name));
    await mkdir(path.join(loopDir, name), { recursive: true });
    for (const file of [clip.init, ...clip.segments.map((segment) => segment.uri)])
      await copyFile(path.join(sourceDir, name, file), path.join(loopDir, name, file));
    const passes = Math.round(film.seconds / clip.clipSeconds);
    await writeFile(
      path.join(loopDir, `${name}.m3u8`),
      loopedPlaylist(clip.map.replace(/URI="([^"]+)"/, `URI="${name}/$1"`), passes, () =>
        clip.segments.flatMap((segment) => [segment.extinf, `${name}/${segment.uri}`]),
      ),
    );
  }
  await writeFile(
    path.join(loopDir, 'master.m3u8'),
    master.replace(/^(\w+)\/index\.m3u8$/gm, '$1.m3u8'),
  );
  await admin(api, `/api/admin/movies/${await movieId(api, film.slug)}/video/url`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `${api.url}/media/looped/${film.slug}/master.m3u8`,
      durationSeconds: film.seconds,
    }),
  });
}

/**
 * Makes the stored (downloadable) film `slug` last `seconds`: each rung of its own HLS plays the
 * demo clip over and over, every pass from its own segment files (links to the clip's), so a
 * download has many distinct segments to count, and its recorded length says so (the API refuses
 * progress saves of a length no version of the film has). The playlists are replaced, not written
 * through: the private media dir's files are hard links to the shared cache.
 */
export async function loopStoredVideo(api: TestApp, slug: string, seconds: number) {
  const hlsDir = path.join(api.config.mediaDir, 'video', slug, 'hls');
  for (const rung of await rungsOf(path.join(hlsDir, 'master.m3u8'))) {
    const rungDir = path.join(hlsDir, path.dirname(rung));
    const clip = await readRung(rungDir);
    const passes = Math.round(seconds / clip.clipSeconds);
    for (let pass = 1; pass < passes; pass += 1) {
      for (const segment of clip.segments) {
        const copy = path.join(rungDir, `pass${pass}_${segment.uri}`);
        await link(path.join(rungDir, segment.uri), copy).catch(() =>
          copyFile(path.join(rungDir, segment.uri), copy),
        );
      }
    }
    const playlist = loopedPlaylist(clip.map, passes, (pass) =>
      clip.segments.flatMap((segment) => [
        segment.extinf,
        pass === 0 ? segment.uri : `pass${pass}_${segment.uri}`,
      ]),
    );
    await rm(path.join(rungDir, 'index.m3u8'));
    await writeFile(path.join(rungDir, 'index.m3u8'), playlist);
  }
  await api.db.em
    .fork()
    .getConnection()
    .execute(
      `update video_sources set duration_seconds = ? where movie_id = (select id from movies where slug = ?)`,
      [seconds, slug],
    );
}
