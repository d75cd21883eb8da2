import { rm } from 'node:fs/promises';
import { privateDemoMediaDir } from '@lanxang/api/testing';

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
