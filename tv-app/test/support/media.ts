import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testMediaMaker } from '@lanxang/api/testing';

/** The demo film the player tests open: playable, with the subtitles written below. */
export const SUBTITLED_FILM = 'the-rivers-daughter';

const SUBTITLES: Record<string, string> = {
  en: 'A fisherman’s daughter follows the river south.',
  lo: 'ລູກສາວຊາວປະມົງ ເດີນທາງລົງໃຕ້ຕາມແມ່ນ້ຳ.',
};

/**
 * The demo media the API's global setup made, plus English and Lao WebVTT subtitles for one film,
 * where the media pipeline will put them (`video/<slug>/subtitles/<language>.vtt`): the demo has
 * none yet. A separate directory of links, so the cache other packages' tests share stays as made.
 */
export async function demoMediaWithSubtitles(): Promise<string> {
  const source = testMediaMaker.mediaDir;
  const dir = await mkdtemp(path.join(tmpdir(), 'lanxang-tv-media-'));
  for (const entry of await readdir(source)) {
    if (entry !== 'video') await symlink(path.join(source, entry), path.join(dir, entry));
  }
  for (const film of await readdir(path.join(source, 'video'))) {
    await mkdir(path.join(dir, 'video', film), { recursive: true });
    for (const entry of await readdir(path.join(source, 'video', film))) {
      await symlink(path.join(source, 'video', film, entry), path.join(dir, 'video', film, entry));
    }
  }
  const subtitles = path.join(dir, 'video', SUBTITLED_FILM, 'subtitles');
  await mkdir(subtitles);
  for (const [language, line] of Object.entries(SUBTITLES)) {
    // One cue over the whole 12 s clip, so it shows whenever the test looks.
    await writeFile(
      path.join(subtitles, `${language}.vtt`),
      `WEBVTT\n\n00:00:00.000 --> 00:10:00.000\n${line}\n`,
    );
  }
  return dir;
}
