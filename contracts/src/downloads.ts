import { z } from 'zod';
import { LocaleSchema } from './locale.js';

/** One file of a download: its storage key and its exact size. */
export const DownloadFileSchema = z.object({
  /** e.g. `video/monsoon-letters/hls/720p/seg_00001.m4s`; fetched from `baseUrl + key`. */
  key: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type DownloadFile = z.infer<typeof DownloadFileSchema>;

export const DownloadRungSchema = z.object({
  height: z.number().int(),
  bandwidth: z.number().int(),
  /** The rung's playlist, init segment and media segments. */
  files: z.array(DownloadFileSchema),
  /** This rung's files plus the shared ones: what storing it takes. */
  bytes: z.number().int().nonnegative(),
});
export type DownloadRung = z.infer<typeof DownloadRungSchema>;

/**
 * What the TV may keep and until when. The TV trusts these fields as the server's answer over
 * TLS; `signature` (HMAC-SHA256 over `licensePayload(license)`) lets the server check a license
 * a TV sends back.
 */
export const DownloadLicenseSchema = z.object({
  movieId: z.number().int(),
  /** The viewer it was issued to (`user:<id>`, `anon:<id>` or `anonymous`). */
  owner: z.string(),
  /** A rental's end: after it the film does not play, online or offline. */
  rentalEndsAt: z.iso.datetime().nullable(),
  /** The server's clock when it was issued: the TV never trusts a clock earlier than this. */
  serverTime: z.iso.datetime(),
  /** The TV must show the license to the server again before this (a free film: 30 days). */
  renewBy: z.iso.datetime(),
});
export type DownloadLicense = z.infer<typeof DownloadLicenseSchema>;

/** The same fields in a fixed order, so the server signs and checks the same bytes. */
export const licensePayload = (license: DownloadLicense): string =>
  JSON.stringify([
    license.movieId,
    license.owner,
    license.rentalEndsAt,
    license.serverTime,
    license.renewBy,
  ]);

export const DownloadOfferSchema = z
  .object({
    movieId: z.number().int(),
    /** The master playlist's key; the TV keeps only the chosen rung in its stored copy. */
    masterKey: z.string(),
    /** Every file's URL is `baseUrl + key` (the key's segments percent-encoded). */
    baseUrl: z.string(),
    /** The media token inside `baseUrl`; renew it with `playbackToken` before `tokenExpiresAt`. */
    token: z.string(),
    tokenExpiresAt: z.iso.datetime(),
    durationSeconds: z.number().nullable(),
    /** Files every rung needs: the master, subtitles (playlist and WebVTT), trickplay, poster. */
    common: z.array(DownloadFileSchema),
    subtitles: z.array(z.object({ locale: LocaleSchema, label: z.string(), vttKey: z.string() })),
    trickplay: z.object({ vttKey: z.string(), intervalSeconds: z.number() }).nullable(),
    /** Highest first. */
    rungs: z.array(DownloadRungSchema),
    license: DownloadLicenseSchema,
    signature: z.string(),
  })
  .meta({ id: 'DownloadOffer' });
export type DownloadOffer = z.infer<typeof DownloadOfferSchema>;
