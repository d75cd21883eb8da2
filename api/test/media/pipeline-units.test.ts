import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { renderMasterPlaylist } from '../../src/modules/media/playlist.js';
import {
  assertSafeKey,
  cacheControlFor,
  contentTypeFor,
  localStorage,
  s3Storage,
} from '../../src/modules/media/storage.js';
import {
  subtitlePlaylist,
  subtitleRenditions,
  validateWebVtt,
} from '../../src/modules/media/subtitles.js';
import { parseMasterVariants } from '../../src/modules/media/transcode-job.js';
import { safeFileName } from '../../src/modules/media/upload.js';

describe('S3 storage (key and URL logic only: no network here)', () => {
  // A client pointed at a closed port: constructing it is offline, and no test sends a request.
  const client = new S3Client({
    region: 'ap-southeast-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  const storage = s3Storage(
    {
      bucket: 'lanxang-media',
      region: 'ap-southeast-1',
      forcePathStyle: true,
      prefix: 'prod/',
      publicBaseUrl: 'https://cdn.lanxang.la',
    },
    client,
  );

  it('builds public CDN URLs from keys, prefix included, each segment encoded', () => {
    expect(storage.kind).toBe('s3');
    expect(storage.url('video/12/hls/master.m3u8')).toBe(
      'https://cdn.lanxang.la/prod/video/12/hls/master.m3u8',
    );
    expect(storage.url('video/12/poster file.jpg')).toBe(
      'https://cdn.lanxang.la/prod/video/12/poster%20file.jpg',
    );
  });

  it('refuses keys that could escape the prefix', () => {
    for (const key of ['', '/abs', 'a/../b', 'a//b', 'a/./b', 'a\\b', 'video/.staging/x', 'a\0b']) {
      expect(() => storage.url(key), key).toThrow(/Unsafe media storage key/);
    }
    expect(assertSafeKey('video/12/hls/720p/seg_00001.m4s')).toBe(
      'video/12/hls/720p/seg_00001.m4s',
    );
  });

  it('gives objects the same types and cache lifetimes as the local media route', () => {
    expect(contentTypeFor('video/1/hls/master.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(contentTypeFor('video/1/hls/720p/seg_00000.m4s')).toBe('video/iso.segment');
    expect(contentTypeFor('subtitles/1/lo.vtt')).toBe('text/vtt; charset=utf-8');
    expect(cacheControlFor('video/1/hls/master.m3u8')).toBe('public, max-age=10');
    expect(cacheControlFor('video/1/hls/720p/seg_00000.m4s')).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('local storage serves keys under the API’s /media route', () => {
    const local = localStorage('/srv/media', 'https://api.lanxang.la/media');
    expect(local.url('video/3/hls/master.m3u8')).toBe(
      'https://api.lanxang.la/media/video/3/hls/master.m3u8',
    );
    expect(() => local.url('../etc/passwd')).toThrow();
  });
});

describe('upload file names', () => {
  it('keep only a harmless last component, as a label', () => {
    expect(safeFileName('../../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\Windows\\evil.mp4')).toBe('evil.mp4');
    expect(safeFileName('.hidden.mp4')).toBe('hidden.mp4');
    expect(safeFileName('film\u0000\u0007.mp4')).toBe('film.mp4');
    expect(safeFileName('..')).toBe('upload');
    expect(safeFileName(undefined)).toBe('upload');
    expect(safeFileName('ຮູບເງົາ.mp4')).toBe('ຮູບເງົາ.mp4');
  });
});

describe('WebVTT validation', () => {
  const check = (text: string) => validateWebVtt(Buffer.from(text));
  it('accepts real files, BOM and CRLF included, and measures the last cue', () => {
    const result = check(
      '\uFEFFWEBVTT - Lao\r\n\r\n1\r\n00:00:01.000 --> 00:00:04.500 align:start\r\nສະບາຍດີ\r\n\r\n01:02:03.000 --> 01:02:05.250\r\nBye\r\n',
    );
    expect(result).toMatchObject({ ok: true, durationSeconds: 3725.25 });
    expect(result.ok && result.text.startsWith('WEBVTT - Lao\n')).toBe(true);
    expect(check('WEBVTT')).toMatchObject({ ok: true, durationSeconds: 0 });
  });
  it('refuses what a player would not play', () => {
    expect(check('1\n00:00:01,000 --> 00:00:02,000\nSRT, not VTT\n')).toMatchObject({ ok: false });
    expect(check('WEBVTTX\n')).toMatchObject({ ok: false });
    expect(check('WEBVTT\n\n00:00:01,000 --> 00:00:02,000\ncomma decimals\n')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Line 3/),
    });
    expect(check('WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nbackwards\n')).toMatchObject({
      ok: false,
    });
    expect(check('WEBVTT\n\n00:61:00.000 --> 00:62:00.000\nbad minutes\n')).toMatchObject({
      ok: false,
    });
    expect(
      validateWebVtt(Buffer.from([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xc3, 0x28])),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/UTF-8/) });
  });
});

describe('master playlists with subtitles', () => {
  const variants = [
    {
      uri: '720p/index.m3u8',
      bandwidth: 3_100_000,
      averageBandwidth: 2_900_000,
      width: 1280,
      height: 720,
      codecs: 'avc1.64001f,mp4a.40.2',
      frameRate: 25,
    },
    {
      uri: '360p/index.m3u8',
      bandwidth: 950_000,
      averageBandwidth: 900_000,
      width: 640,
      height: 360,
      codecs: 'avc1.64001e,mp4a.40.2',
      frameRate: 25,
    },
  ];
  it('reads back the variants it rendered, so a master can be re-rendered', () => {
    expect(parseMasterVariants(renderMasterPlaylist(variants))).toEqual(variants);
    const tracks = subtitleRenditions('video/9/hls/master.m3u8', [
      { locale: 'lo', label: 'ລາວ', playlistKey: 'subtitles/9/lo.m3u8' },
      { locale: 'en', label: 'English', playlistKey: 'subtitles/9/en.m3u8' },
    ]);
    expect(tracks).toEqual([
      { language: 'en', name: 'English', uri: '../../../subtitles/9/en.m3u8' },
      { language: 'lo', name: 'ລາວ', uri: '../../../subtitles/9/lo.m3u8' },
    ]);
    const withSubtitles = renderMasterPlaylist(
      parseMasterVariants(renderMasterPlaylist(variants)),
      tracks,
    );
    expect(parseMasterVariants(withSubtitles)).toEqual(variants);
    expect(withSubtitles.match(/SUBTITLES="subs"/g)).toHaveLength(2);
  });
  it('wraps a whole-film WebVTT file in a one-segment VOD playlist', () => {
    expect(subtitlePlaylist('en.vtt', 5399.2)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:5400\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:5400.000,\nen.vtt\n#EXT-X-ENDLIST\n',
    );
  });
});
