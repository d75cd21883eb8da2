import { createHmac } from 'node:crypto';
import path from 'node:path';
import {
  licensePayload,
  type DownloadFile,
  type DownloadLicense,
  type DownloadOffer,
} from '@lanxang/contracts';
import type { Caller } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import type { Clock } from '../accounts/sessions.js';
import { ownerKeyOf, type PlaybackAccess } from './playback-access.js';
import { parseMediaPlaylist } from './playlist.js';
import type { MediaStorage } from './storage.js';
import { parseMasterVariants } from './transcode-job.js';

/** A download's token outlives a slow network; it never outlives the rental (`grant` caps it). */
const DOWNLOAD_TOKEN_TTL_SECONDS = 6 * 3600;
/** A free film downloaded must be seen by the server again within this. */
const FREE_RENEW_DAYS = 30;
const DAY_MS = 86_400_000;

export interface DownloadDeps {
  access: PlaybackAccess;
  storage: MediaStorage;
  clock: Clock;
  /** MEDIA_TOKEN_SECRET: licenses are signed with a key derived from it, never with it directly. */
  secret: string;
}

/**
 * What a TV needs to store a film for offline viewing: the same permission as playback (a free
 * film, or an active rental: else the same 402), every file per rung with its exact size read from
 * storage, and a signed license saying until when the copy may play.
 */
export function downloadOffers({ access, storage, clock, secret }: DownloadDeps) {
  const licenseKey = createHmac('sha256', secret).update('lanxang download license').digest();
  const sign = (license: DownloadLicense) =>
    createHmac('sha256', licenseKey).update(licensePayload(license)).digest('base64url');

  async function sized(keys: string[]): Promise<DownloadFile[]> {
    return Promise.all(
      keys.map(async (key) => {
        const bytes = await storage.sizeOf(key);
        if (bytes === null) throw notFound(`The stored file ${key}`);
        return { key, bytes };
      }),
    );
  }

  const total = (files: DownloadFile[]) => files.reduce((sum, file) => sum + file.bytes, 0);

  async function readPlaylist(key: string): Promise<string> {
    const text = await storage.readText(key);
    if (text === null) throw notFound(`The playlist ${key}`);
    return text;
  }

  /** The sprite sheets a trickplay index names (`sheet.jpg#xywh=…`), as keys. */
  async function trickplayKeys(vttKey: string): Promise<string[]> {
    const sheets = new Set<string>();
    for (const line of (await readPlaylist(vttKey)).split(/\r?\n/)) {
      const match = /^([^\s#]+\.(?:jpg|jpeg|png|webp))#xywh=/.exec(line.trim());
      if (match) sheets.add(path.posix.join(path.posix.dirname(vttKey), match[1]!));
    }
    return [vttKey, ...sheets];
  }

  return {
    async offer(caller: Caller, idOrSlug: number | string): Promise<DownloadOffer> {
      const grant = await access.grant(caller, idOrSlug, false, DOWNLOAD_TOKEN_TTL_SECONDS);
      const { movie, source, tracks } = grant.playable;
      const masterKey = source.storageKey;
      // A video hosted elsewhere is not ours to hand out file by file.
      if (!masterKey) throw notFound('A downloadable video for that film');
      const folder = path.posix.dirname(masterKey);

      const commonKeys = [masterKey];
      for (const track of tracks) commonKeys.push(track.playlistKey, track.vttKey);
      if (source.trickplayKey) commonKeys.push(...(await trickplayKeys(source.trickplayKey)));
      if (source.posterKey) commonKeys.push(source.posterKey);
      const common = await sized(commonKeys);
      const commonBytes = total(common);

      const variants = parseMasterVariants(await readPlaylist(masterKey));
      const rungs = await Promise.all(
        variants.map(async (variant) => {
          const playlistKey = path.posix.join(folder, variant.uri);
          const playlist = parseMediaPlaylist(await readPlaylist(playlistKey));
          const dir = path.posix.dirname(playlistKey);
          const keys = [
            playlistKey,
            ...(playlist.initUri ? [path.posix.join(dir, playlist.initUri)] : []),
            ...playlist.segments.map((segment) => path.posix.join(dir, segment.uri)),
          ];
          const files = await sized(keys);
          return {
            height: variant.height,
            bandwidth: Math.round(variant.bandwidth),
            files,
            bytes: total(files) + commonBytes,
          };
        }),
      );
      rungs.sort((a, b) => b.height - a.height);

      const now = clock();
      const license: DownloadLicense = {
        movieId: movie.id,
        owner: ownerKeyOf(caller),
        rentalEndsAt: grant.rentalEndsAt?.toISOString() ?? null,
        serverTime: now.toISOString(),
        renewBy: new Date(
          grant.rentalEndsAt?.getTime() ?? now.getTime() + FREE_RENEW_DAYS * DAY_MS,
        ).toISOString(),
      };
      const baseUrl = grant.urls.url('');
      return {
        movieId: movie.id,
        masterKey,
        baseUrl,
        token: grant.token,
        tokenExpiresAt: grant.expiresAt.toISOString(),
        durationSeconds: source.durationSeconds === null ? null : Number(source.durationSeconds),
        common,
        subtitles: tracks.map((track) => ({
          locale: track.locale,
          label: track.label,
          vttKey: track.vttKey,
        })),
        trickplay:
          source.trickplayKey && source.trickplayIntervalSeconds
            ? {
                vttKey: source.trickplayKey,
                intervalSeconds: Number(source.trickplayIntervalSeconds),
              }
            : null,
        rungs,
        license,
        signature: sign(license),
      };
    },

    /** Whether a license a TV sends back is one we issued, unchanged. */
    verify(license: DownloadLicense, signature: string): boolean {
      return sign(license) === signature;
    },
  };
}
