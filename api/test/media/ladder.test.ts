import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, screenshot } from '@lanxang/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateDemoClip } from '../../src/demo/demo-generators.js';
import {
  LADDER,
  parseMediaPlaylist,
  transcodeLadder,
  type LadderResult,
  type TranscodeProgress,
} from '../../src/modules/media/index.js';
import {
  FFMPEG_TEST_TIMEOUT_MS,
  ffmpeg,
  ffprobe,
  joinSegments,
  listTree,
  makeTempDir,
  videoPackets,
} from './helpers.js';
import { startPlaybackServer } from './playback-server.js';

const BITRATE_TOLERANCE = 0.15;

/** Attribute lists of the master playlist, honouring quoted values (CODECS has a comma). */
function parseMaster(text: string): { attributes: Record<string, string>; uri: string }[] {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.flatMap((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return [];
    const attributes: Record<string, string> = {};
    for (const match of line
      .slice('#EXT-X-STREAM-INF:'.length)
      .matchAll(/([A-Z-]+)=("[^"]*"|[^,]*)/g)) {
      attributes[match[1] ?? ''] = (match[2] ?? '').replace(/^"|"$/g, '');
    }
    return [{ attributes, uri: lines[i + 1] ?? '' }];
  });
}

/** `avc1.PPCCLL` from ffprobe's profile name and level, to compare with what the master claims. */
const H264_PROFILE_IDC: Record<string, number> = {
  Baseline: 66,
  'Constrained Baseline': 66,
  Main: 77,
  High: 100,
};

describe(
  'transcodeLadder on a 14 s 1280x720 clip with audio',
  { timeout: FFMPEG_TEST_TIMEOUT_MS },
  () => {
    let work: Awaited<ReturnType<typeof makeTempDir>>;
    let result: LadderResult;
    const progress: TranscodeProgress[] = [];

    beforeAll(async () => {
      work = await makeTempDir('ladder');
      const { file } = await generateDemoClip({
        title: 'Ladder Test',
        seconds: 14,
        outFile: path.join(work.dir, 'source.mp4'),
      });
      result = await transcodeLadder({
        input: file,
        outDir: path.join(work.dir, 'hls'),
        onProgress: (report) => progress.push(report),
      });
    }, 240_000);
    afterAll(() => work?.remove());

    it('skips the rung above the source height and keeps the others', async () => {
      expect(result.variants.map((v) => v.name)).toEqual(['720p', '480p', '360p']);
      const tree = await listTree(work.dir);
      expect(tree.filter((entry) => !entry.includes(path.sep))).toEqual([
        'hls',
        'source.mp4',
        'source.mp4.key',
      ]);
      expect(tree).not.toContain(path.join('hls', '1080p'));
    });

    it('gives every rung its resolution, its bitrate within 15% and the codecs the master claims', async () => {
      const master = parseMaster(await readFile(result.masterPlaylist, 'utf8'));
      expect(master).toHaveLength(3);

      for (const variant of result.variants) {
        const rung = LADDER.find((r) => r.name === variant.name);
        expect(rung).toBeDefined();
        const rungDir = path.join(result.outDir, variant.name);
        const playlist = parseMediaPlaylist(
          await readFile(path.join(rungDir, 'index.m3u8'), 'utf8'),
        );
        const joined = await joinSegments(
          rungDir,
          playlist.initUri ?? '',
          playlist.segments.map((s) => s.uri),
          path.join(work.dir, `${variant.name}-joined.mp4`),
        );
        const probe = await ffprobe(joined);
        const video = probe.streams.find((s) => s.codec_type === 'video');
        const audio = probe.streams.find((s) => s.codec_type === 'audio');

        expect(video?.height).toBe(rung?.height);
        expect(video?.width).toBe(Math.round(((rung?.height ?? 0) * 16) / 9 / 2) * 2);

        // Video bits only (the target is the video rate), over the duration of all segments.
        const packets = await videoPackets(joined);
        const videoBits = packets.reduce((sum, p) => sum + Number(p.size) * 8, 0);
        const seconds = playlist.segments.reduce((sum, s) => sum + s.durationSeconds, 0);
        const kbps = videoBits / seconds / 1000;
        const target = rung?.videoBitrateKbps ?? 0;
        expect(
          Math.abs(kbps - target) / target,
          `${variant.name}: ${kbps.toFixed(0)} kbps`,
        ).toBeLessThanOrEqual(BITRATE_TOLERANCE);

        const entry = master.find((m) => m.uri === `${variant.name}/index.m3u8`);
        const [videoCodec, audioCodec] = (entry?.attributes.CODECS ?? '').split(',');
        const profileIdc = H264_PROFILE_IDC[video?.profile ?? ''] ?? -1;
        expect(video?.codec_tag_string).toBe('avc1');
        expect(videoCodec).toMatch(/^avc1\.[0-9a-f]{6}$/);
        expect(Number.parseInt(videoCodec?.slice(5, 7) ?? '', 16)).toBe(profileIdc);
        expect(Number.parseInt(videoCodec?.slice(9, 11) ?? '', 16)).toBe(video?.level);
        expect(audio?.codec_name).toBe('aac');
        expect(audio?.profile).toBe('LC');
        expect(audioCodec).toBe('mp4a.40.2');
        expect(entry?.attributes.RESOLUTION).toBe(`${video?.width}x${video?.height}`);
      }
    });

    it('writes VOD playlists whose segments fit the target duration and start on aligned keyframes', async () => {
      const durationsPerRung: number[][] = [];
      for (const variant of result.variants) {
        const rungDir = path.join(result.outDir, variant.name);
        const text = await readFile(path.join(rungDir, 'index.m3u8'), 'utf8');
        const playlist = parseMediaPlaylist(text);
        expect(playlist.playlistType).toBe('VOD');
        expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
        expect(playlist.endList).toBe(true);
        expect(playlist.targetDurationSeconds).toBe(6);
        expect(playlist.segments.length).toBe(3);

        const measured: number[] = [];
        for (const [i, segment] of playlist.segments.entries()) {
          const joined = await joinSegments(
            rungDir,
            playlist.initUri ?? '',
            [segment.uri],
            path.join(work.dir, `${variant.name}-segment-${i}.mp4`),
          );
          // A segment keeps its place on the timeline (tfdt), so measure from its own frames:
          // first to last presentation time plus one frame.
          const packets = await videoPackets(joined);
          const times = packets.map((p) => Number(p.pts_time));
          const actual = Math.max(...times) - Math.min(...times) + 1 / variant.frameRate;
          expect(actual).toBeLessThanOrEqual(playlist.targetDurationSeconds + 0.001);
          expect(Math.round(segment.durationSeconds)).toBeLessThanOrEqual(
            playlist.targetDurationSeconds,
          );
          expect(packets[0]?.flags, `${variant.name} segment ${i} starts on a keyframe`).toMatch(
            /^K/,
          );
          // A scene cut must not add keyframes inside a segment: exactly one per segment.
          expect(packets.filter((p) => p.flags.startsWith('K'))).toHaveLength(1);
          measured.push(Math.round(actual * 10) / 10);
        }
        durationsPerRung.push(measured);
      }
      expect(durationsPerRung[0]).toEqual([6, 6, 2]);
      for (const durations of durationsPerRung) expect(durations).toEqual(durationsPerRung[0]);
    });

    it('writes a master playlist with every attribute, measured from the segments', async () => {
      const text = await readFile(result.masterPlaylist, 'utf8');
      expect(text.startsWith('#EXTM3U\n')).toBe(true);
      expect(text).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
      for (const { attributes, uri } of parseMaster(text)) {
        const variant = result.variants.find((v) => v.uri === uri);
        expect(variant).toBeDefined();
        expect(Object.keys(attributes).sort()).toEqual(
          ['AVERAGE-BANDWIDTH', 'BANDWIDTH', 'CODECS', 'FRAME-RATE', 'RESOLUTION'].sort(),
        );
        expect(Number(attributes.BANDWIDTH)).toBe(variant?.bandwidth);
        expect(Number(attributes['AVERAGE-BANDWIDTH'])).toBe(variant?.averageBandwidth);
        expect(Number(attributes.BANDWIDTH)).toBeGreaterThanOrEqual(
          Number(attributes['AVERAGE-BANDWIDTH']),
        );
        expect(attributes['FRAME-RATE']).toBe('30.000');

        // AVERAGE-BANDWIDTH is every segment byte over the whole duration: recompute it.
        const rungDir = path.join(result.outDir, variant?.name ?? '');
        const playlist = parseMediaPlaylist(
          await readFile(path.join(rungDir, 'index.m3u8'), 'utf8'),
        );
        const bytes = await Promise.all(
          playlist.segments.map(
            async (s) => (await readFile(path.join(rungDir, s.uri))).byteLength,
          ),
        );
        const total = bytes.reduce((a, b) => a + b, 0);
        expect(Number(attributes['AVERAGE-BANDWIDTH'])).toBe(Math.ceil((total * 8) / 14));
      }
    });

    it('reports monotonic progress with a step and an ETA, ending at 100', () => {
      expect(progress.length).toBeGreaterThan(3);
      const percents = progress.map((p) => p.percent);
      for (let i = 1; i < percents.length; i++)
        expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1] ?? 0);
      expect(progress.at(-1)).toEqual({ step: 'done', percent: 100, etaSeconds: 0 });
      expect(new Set(progress.map((p) => p.step))).toEqual(
        new Set(['probing', 'transcoding', 'measuring', 'done']),
      );
      expect(progress.some((p) => p.step === 'transcoding' && p.etaSeconds !== null)).toBe(true);
    });

    it('plays in Shaka Player in headless Chromium and switches rungs', async () => {
      const server = await startPlaybackServer(result.outDir);
      const chromium = await launchChromium({ viewport: { width: 1008, height: 620 } });
      try {
        const page = await chromium.newPage();
        await page.goto(server.url);
        const state = async () =>
          PlayerStateSchema.parse(await page.evaluate('lanxangTest.state()'));
        await page.waitForFunction(
          'window.lanxangTest && (lanxangTest.ready || lanxangTest.state().errors.length > 0)',
          null,
          { timeout: 60_000 },
        );
        const started = await state();
        expect(started.errors).toEqual([]);
        expect([...started.heights].sort((a, b) => a - b)).toEqual([360, 480, 720]);

        // Playback advances: wait for a later time than the one seen once the player was ready.
        await page.waitForFunction(
          `lanxangTest.state().currentTime > ${started.currentTime + 1}`,
          null,
          { timeout: 60_000 },
        );
        const before = await state();
        expect(before.activeHeight).not.toBeNull();
        expect(before.videoHeight).toBe(before.activeHeight);

        const target = before.activeHeight === 720 ? 360 : 720;
        await page.evaluate(`lanxangTest.select(${target})`);
        // Switched when the decoder itself outputs frames of the new height, not just when asked.
        await page.waitForFunction(`lanxangTest.state().videoHeight === ${target}`, null, {
          timeout: 60_000,
        });
        const after = await state();
        expect(after.activeHeight).toBe(target);
        expect(after.statsHeight).toBe(target);
        expect(after.errors).toEqual([]);
        await page.waitForFunction(
          `lanxangTest.state().currentTime !== ${after.currentTime}`,
          null,
          {
            timeout: 60_000,
          },
        );

        await screenshot(page, 'media-shaka-playback');
      } finally {
        await chromium.close();
        await server.close();
      }
    }, 180_000);
  },
);

const PlayerStateSchema = z.object({
  ready: z.boolean(),
  currentTime: z.number(),
  videoHeight: z.number(),
  activeHeight: z.number().nullable(),
  statsHeight: z.number(),
  heights: z.array(z.number()),
  errors: z.array(z.string()),
});

describe(
  'transcodeLadder on an interlaced source without audio',
  { timeout: FFMPEG_TEST_TIMEOUT_MS },
  () => {
    let work: Awaited<ReturnType<typeof makeTempDir>>;
    beforeAll(async () => {
      work = await makeTempDir('ladder-silent');
    });
    afterAll(() => work?.remove());

    it('deinterlaces and adds a silent AAC track so every film has the same layout', async () => {
      const input = path.join(work.dir, 'interlaced-silent.mp4');
      const encode = '-f lavfi -i testsrc2=s=640x360:r=25:d=3 -c:v libx264 -preset ultrafast';
      await ffmpeg([...encode.split(' '), '-flags', '+ildct+ilme', '-x264-params', 'tff=1', input]);
      const result = await transcodeLadder({ input, outDir: path.join(work.dir, 'hls') });

      expect(result.silentAudioAdded).toBe(true);
      expect(result.variants.map((v) => [v.name, v.width, v.height, v.frameRate])).toEqual([
        ['360p', 640, 360, 25],
      ]);
      expect(result.variants[0]?.codecs).toMatch(/^avc1\.[0-9a-f]{6},mp4a\.40\.2$/);
      const rungDir = path.join(result.outDir, '360p');
      const playlist = parseMediaPlaylist(await readFile(path.join(rungDir, 'index.m3u8'), 'utf8'));
      const joined = await joinSegments(
        rungDir,
        playlist.initUri ?? '',
        playlist.segments.map((s) => s.uri),
        path.join(work.dir, 'joined.mp4'),
      );
      const probe = await ffprobe(joined);
      expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
      expect(probe.streams.find((s) => s.codec_type === 'video')?.field_order).toBe('progressive');
    });
  },
);
