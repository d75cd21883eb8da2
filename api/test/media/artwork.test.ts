import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoArtwork, generateDemoClip } from '../../src/demo/demo-generators.js';
import { extractPoster, generateTrickplay, probeMedia } from '../../src/modules/media/index.js';
import { FFMPEG_TEST_TIMEOUT_MS, ffprobe, listTree, makeTempDir } from './helpers.js';

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('poster frame and trickplay thumbnails', { timeout: FFMPEG_TEST_TIMEOUT_MS }, () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  let clip: string;

  beforeAll(async () => {
    work = await makeTempDir('artwork');
    // 24 s so the thumbnails land at 0, 10 and 20 s; small, since only the timing matters here.
    ({ file: clip } = await generateDemoClip({
      title: 'Artwork Test',
      seconds: 24,
      width: 640,
      height: 360,
      outFile: path.join(work.dir, 'clip.mp4'),
    }));
  }, 120_000);
  afterAll(() => work?.remove());

  it('takes the poster at 10% of the duration, at the source size', async () => {
    const poster = await extractPoster({
      input: clip,
      outFile: path.join(work.dir, 'art', 'poster.jpg'),
    });
    expect(poster.atSeconds).toBeCloseTo(2.4, 1);
    const probe = await ffprobe(poster.file);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 360 });
  });

  it('tiles a thumbnail every 10 s, 320 px wide, into a sprite sheet indexed by WebVTT', async () => {
    const outDir = path.join(work.dir, 'art', 'trickplay');
    const result = await generateTrickplay({ input: clip, outDir });
    expect(result).toMatchObject({
      thumbnailCount: 3,
      thumbnailWidth: 320,
      thumbnailHeight: 180,
      intervalSeconds: 10,
    });
    expect(await listTree(outDir)).toEqual(['sprite-001.jpg', 'thumbnails.vtt']);

    const sheet = await ffprobe(path.join(outDir, 'sprite-001.jpg'));
    expect(sheet.streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 960, height: 180 });

    const vtt = await readFile(result.vttFile, 'utf8');
    expect(vtt).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:10.000',
        'sprite-001.jpg#xywh=0,0,320,180',
        '',
        '00:00:10.000 --> 00:00:20.000',
        'sprite-001.jpg#xywh=320,0,320,180',
        '',
        '00:00:20.000 --> 00:00:24.000',
        'sprite-001.jpg#xywh=640,0,320,180',
        '',
      ].join('\n'),
    );
  });

  it('splits long films over several sheets so a TV never decodes one huge image', async () => {
    const outDir = path.join(work.dir, 'art', 'trickplay-small-sheets');
    const result = await generateTrickplay({
      input: clip,
      outDir,
      intervalSeconds: 2,
      columns: 3,
      rows: 2,
    });
    expect(result.thumbnailCount).toBe(12);
    expect(result.sprites).toEqual(['sprite-001.jpg', 'sprite-002.jpg']);
    const vtt = await readFile(result.vttFile, 'utf8');
    expect(vtt).toContain('00:00:12.000 --> 00:00:14.000\nsprite-002.jpg#xywh=0,0,320,180');
    expect(vtt).toContain('00:00:22.000 --> 00:00:24.000\nsprite-002.jpg#xywh=640,180,320,180');
  });
});

describe('demo media for the seeded catalog', { timeout: FFMPEG_TEST_TIMEOUT_MS }, () => {
  let work: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    work = await makeTempDir('demo');
  });
  afterAll(() => work?.remove());

  it('makes a 16:9 clip with audio that the pipeline accepts, deterministically', async () => {
    const options = { title: 'Mekong Nights', seconds: 2, width: 320, height: 180 };
    const first = await generateDemoClip({
      ...options,
      outFile: path.join(work.dir, 'a', 'clip.mp4'),
    });
    const second = await generateDemoClip({
      ...options,
      outFile: path.join(work.dir, 'b', 'clip.mp4'),
    });
    expect(first.cached).toBe(false);
    expect(await sha256(first.file)).toBe(await sha256(second.file));

    const info = await probeMedia(first.file);
    expect(info).toMatchObject({
      width: 320,
      height: 180,
      frameRate: 30,
      hasAudio: true,
      videoCodec: 'h264',
    });
    expect(info.durationSeconds).toBeCloseTo(2, 1);
  });

  it('skips regeneration when the same options were already rendered, and redoes it when they change', async () => {
    const outFile = path.join(work.dir, 'poster.jpg');
    const options = {
      title: 'The Long Road to Luang Prabang',
      subtitle: 'Drama · 2024',
      kind: 'poster' as const,
    };
    const first = await generateDemoArtwork({ ...options, outFile });
    const again = await generateDemoArtwork({ ...options, outFile });
    expect(first.cached).toBe(false);
    expect(again).toEqual({ ...first, cached: true });

    const retitled = await generateDemoArtwork({ ...options, title: 'ບ້ານນາລາວ', outFile });
    expect(retitled.cached).toBe(false);
    expect(retitled.cacheKey).not.toBe(first.cacheKey);
    expect(await listTree(work.dir)).toContain('poster.jpg.key');
    expect((await listTree(work.dir)).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('makes a 2:3 poster and a 16:9 backdrop, byte-identical for identical options', async () => {
    const poster = await generateDemoArtwork({
      title: 'Ban Na Lao',
      subtitle: 'ບ້ານນາລາວ · Documentary',
      kind: 'poster',
      outFile: path.join(work.dir, 'p1.jpg'),
    });
    const posterAgain = await generateDemoArtwork({
      title: 'Ban Na Lao',
      subtitle: 'ບ້ານນາລາວ · Documentary',
      kind: 'poster',
      outFile: path.join(work.dir, 'p2.jpg'),
    });
    const backdrop = await generateDemoArtwork({
      title: 'Ban Na Lao',
      kind: 'backdrop',
      hue: 200,
      outFile: path.join(work.dir, 'backdrop.jpg'),
    });
    expect(await sha256(poster.file)).toBe(await sha256(posterAgain.file));
    expect((await ffprobe(poster.file)).streams[0]).toMatchObject({
      codec_name: 'mjpeg',
      width: 600,
      height: 900,
    });
    expect((await ffprobe(backdrop.file)).streams[0]).toMatchObject({
      codec_name: 'mjpeg',
      width: 1920,
      height: 1080,
    });
  });
});
