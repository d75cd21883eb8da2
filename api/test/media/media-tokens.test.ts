import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  MovieDetailsSchema,
  PlaybackSchema,
  PlaybackTokenSchema,
  ProblemSchema,
  type Playback,
  imageSizeUrls,
} from '@lanxang/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, manualClock, signIn, type TestApp } from '@lanxang/api/testing';
import type { Owner } from '../../src/modules/accounts/owner.js';

// The rental film and the free one of the demo catalog, both with a real HLS ladder and trickplay.
const RENTAL = 'monsoon-letters';
const FREE = 'the-rivers-daughter';
const MINUTE = 60_000;

let app: TestApp;
const clock = manualClock(new Date());
let renter: Awaited<ReturnType<typeof signIn>>;
let stranger: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;
/** When the renter's rental of the rental film ends (`null`: they hold none). */
let rentalEndsAt: Date | null = null;
let rentalId: number;

beforeAll(async () => {
  app = await createTestApp(inject('postgresAdminUrl'), { template: 'demo', clock });
  renter = await signIn(app, { now: clock() });
  stranger = await signIn(app, { now: clock() });
  admin = await signIn(app, { role: 'admin', now: clock() });
  rentalId = (await details(RENTAL)).id;
  // No rentals table on this branch yet (the rentals module brings it and implements
  // `Entitlements` for real): until then the renter's rental is answered here, the offer is the
  // film's own columns, as in production.
  const { entitlements } = app.media;
  const placeholder = entitlements.activeRentalEnd.bind(entitlements);
  entitlements.activeRentalEnd = async (em, owner: Owner, movieId) =>
    owner.userId === renter.user.id && movieId === rentalId
      ? rentalEndsAt
      : placeholder(em, owner, movieId);
  // Subtitles, so the subtitle files are checked too.
  const put = await app.request(`/api/admin/movies/${rentalId}/subtitles/en`, {
    method: 'PUT',
    headers: { ...admin.headers, 'content-type': 'text/vtt' },
    body: 'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello\n',
  });
  expect(put.status).toBe(200);
  // The admin's answer names the file with a URL that works, signed for that admin.
  const uploaded = new URL(((await put.json()) as { url: string }).url).pathname;
  expect(uploaded).toMatch(new RegExp(`^/media/t/[^/]+/subtitles/${rentalId}/en\\.vtt$`));
  expect((await app.request(uploaded)).status).toBe(200);
}, 60_000);
afterAll(() => app?.close());

async function details(slug: string) {
  return MovieDetailsSchema.parse(await (await app.request(`/api/movies/${slug}`)).json());
}

const playback = (slug: string | number, headers: Record<string, string> = {}) =>
  app.request(`/api/movies/${slug}/playback`, { headers });
const renew = (slug: string | number, headers: Record<string, string> = {}) =>
  app.request(`/api/movies/${slug}/playback/token`, { method: 'POST', headers });

async function playable(slug: string | number, headers: Record<string, string> = {}) {
  const response = await playback(slug, headers);
  expect(response.status, await response.clone().text()).toBe(200);
  return PlaybackSchema.parse(await response.json());
}

async function problem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(await response.json());
}

const tokenOf = (playback: Pick<Playback, 'masterUrl'>) =>
  /\/media\/t\/([^/]+)\//.exec(playback.masterUrl)![1]!;

/** Every file the API would serve of a film: its ladder, poster, trickplay and subtitles. */
async function mediaKeys(slug: string, movieId: number): Promise<string[]> {
  const keys: string[] = [];
  for (const root of [`video/${slug}`, `subtitles/${movieId}`]) {
    const dir = path.join(app.config.mediaDir, ...root.split('/'));
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const key = path.relative(app.config.mediaDir, full).split(path.sep).join('/');
      if (/\.(m3u8|m4s|mp4|vtt|jpg)$/.test(key)) keys.push(key);
    }
  }
  return keys.sort();
}

/** GET and HEAD of `/media/<prefix><key>`: the same status, and HEAD has no body. */
async function fetchBoth(urlPath: string): Promise<number> {
  const get = await app.request(urlPath);
  const head = await app.request(urlPath, { method: 'HEAD' });
  expect(head.status, `HEAD ${urlPath}`).toBe(get.status);
  expect((await head.arrayBuffer()).byteLength).toBe(0);
  if (get.status === 403) {
    expect((await problem(get, 403)).code).toBe('media_token_invalid');
  } else await get.arrayBuffer();
  return get.status;
}

describe('a rental film', () => {
  it('asks to be rented, with its price, whoever has no rental', async () => {
    for (const headers of [{}, stranger.headers]) {
      const refused = await problem(await playback(RENTAL, headers), 402);
      expect(refused.code).toBe('rental_required');
      expect(refused.price).toEqual({ amount: 15000, currency: 'LAK', rentalHours: 24 });
    }
    expect((await problem(await renew(RENTAL, stranger.headers), 402)).code).toBe('rental_ended');
  });

  it('serves every file only with a good token for it', async () => {
    rentalEndsAt = new Date(clock().getTime() + 24 * 60 * MINUTE);
    const rented = await playable(RENTAL, renter.headers);
    expect(rented.rentalEndsAt).toBe(rentalEndsAt.toISOString());
    expect(rented.tokenExpiresAt).toBe(new Date(clock().getTime() + 15 * MINUTE).toISOString());
    expect(rented.subtitles.map((track) => new URL(track.url).pathname)).toEqual([
      `/media/t/${tokenOf(rented)}/subtitles/${rentalId}/en.vtt`,
    ]);
    const good = tokenOf(rented);
    const otherFilms = tokenOf(await playable(FREE, renter.headers));
    const [payload, signature] = good.split('.') as [string, string];
    // The free film's claims under the rental film's signature, and a signature off by a bit.
    const forged = `${otherFilms.split('.')[0]}.${signature}`;
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;

    const keys = await mediaKeys(RENTAL, rentalId);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys).toContain(`subtitles/${rentalId}/en.vtt`);
    expect(keys).toContain(`video/${RENTAL}/trickplay/thumbnails.vtt`);
    for (const key of keys) {
      expect(await fetchBoth(`/media/${key}`), `no token: ${key}`).toBe(403);
      expect(await fetchBoth(`/media/t/${otherFilms}/${key}`), `other film: ${key}`).toBe(403);
      expect(await fetchBoth(`/media/t/${forged}/${key}`), `forged: ${key}`).toBe(403);
      expect(await fetchBoth(`/media/t/${flipped}/${key}`), `tampered: ${key}`).toBe(403);
      expect(await fetchBoth(`/media/t/not-a-token/${key}`), `garbage: ${key}`).toBe(403);
      expect(await fetchBoth(`/media/t/${good}/${key}`), `good: ${key}`).toBe(200);
    }
    // A token cannot walk out of its film with dot segments sent as they are.
    expect(
      await fetchBoth(`/media/t/${otherFilms}/video/${FREE}/..%2F${RENTAL}/hls/master.m3u8`),
    ).not.toBe(200);

    clock.advance(15 * MINUTE);
    for (const key of keys)
      expect(await fetchBoth(`/media/t/${good}/${key}`), `expired: ${key}`).toBe(403);
  });

  it('renews while the rental lasts, never past its end, then says it ended', async () => {
    rentalEndsAt = new Date(clock().getTime() + 5 * MINUTE);
    const started = await playable(RENTAL, renter.headers);
    // The token ends with the rental, not 15 minutes on.
    expect(started.tokenExpiresAt).toBe(rentalEndsAt.toISOString());

    clock.advance(4 * MINUTE);
    const renewed = PlaybackTokenSchema.parse(await (await renew(RENTAL, renter.headers)).json());
    expect(renewed.tokenExpiresAt).toBe(rentalEndsAt.toISOString());
    expect(renewed.rentalEndsAt).toBe(rentalEndsAt.toISOString());
    const master = `video/${RENTAL}/hls/master.m3u8`;
    expect(await fetchBoth(`/media/t/${renewed.token}/${master}`)).toBe(200);

    clock.advance(MINUTE);
    const ended = await problem(await renew(RENTAL, renter.headers), 402);
    expect(ended.code).toBe('rental_ended');
    expect(ended.price).toEqual({ amount: 15000, currency: 'LAK', rentalHours: 24 });
    expect(await fetchBoth(`/media/t/${renewed.token}/${master}`)).toBe(403);
    expect((await problem(await playback(RENTAL, renter.headers), 402)).code).toBe(
      'rental_required',
    );
  });
});

describe('a free film', () => {
  it('plays for anyone, with a token bound to the viewer that asked', async () => {
    const anonymous = (await (
      await app.request('/api/anonymous', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { anonymousId: string };
    const asAnonymous = await playable(FREE, { 'x-anonymous-id': anonymous.anonymousId });
    expect(asAnonymous.rentalEndsAt).toBeNull();
    expect(app.media.tokens.verify(tokenOf(asAnonymous))?.owner).toMatch(/^a:[0-9a-f-]{36}$/);
    const asViewer = await playable(FREE, renter.headers);
    expect(app.media.tokens.verify(tokenOf(asViewer))?.owner).toBe(`u:${renter.user.id}`);
    expect(await fetchBoth(new URL(asViewer.masterUrl).pathname)).toBe(200);
    expect(await fetchBoth(`/media/video/${FREE}/hls/master.m3u8`)).toBe(403);
    const renewed = PlaybackTokenSchema.parse(await (await renew(FREE)).json());
    expect(renewed.rentalEndsAt).toBeNull();
  });

  it('keeps catalog images public', async () => {
    const { images } = await details(FREE);
    const poster = Object.values(imageSizeUrls(images.posters[0]!))[0]!;
    const response = await fetch(poster);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('drafts and deleted films', () => {
  it('are never served to viewers; admins preview drafts with their own token', async () => {
    const film = await details(FREE);
    const before = await playable(FREE);
    const unpublished = await app.db.em
      .fork()
      .getConnection()
      .execute(`update movies set status = 'draft' where id = ?`, [film.id]);
    expect(unpublished).toBeDefined();

    for (const headers of [{}, renter.headers]) {
      expect((await problem(await playback(film.id, headers), 404)).code).toBe('not_found');
      expect((await problem(await renew(film.id, headers), 404)).code).toBe('not_found');
    }
    const preview = await playable(film.id, admin.headers);
    expect(preview.rentalEndsAt).toBeNull();
    expect(app.media.tokens.verify(tokenOf(preview))?.owner).toBe(`u:${admin.user.id}`);
    for (const url of [preview.masterUrl, preview.trickplay!.vttUrl, preview.posterUrl!])
      expect(await fetchBoth(new URL(url).pathname), url).toBe(200);
    expect((await renew(film.id, admin.headers)).status).toBe(200);
    // Admins preview rental films without renting them.
    expect((await playable(RENTAL, admin.headers)).rentalEndsAt).toBeNull();

    const removed = await app.request(`/api/admin/movies/${film.id}`, {
      method: 'DELETE',
      headers: admin.headers,
    });
    expect(removed.status).toBe(204);
    expect((await problem(await playback(film.id, admin.headers), 404)).code).toBe('not_found');
    // A token handed out before: its files are gone with the film.
    expect(await fetchBoth(new URL(before.masterUrl).pathname)).toBe(404);
    expect(await fetchBoth(new URL(preview.masterUrl).pathname)).toBe(404);
  });
});
