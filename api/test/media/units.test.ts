import { describe, expect, it } from 'vitest';
import { wrapTitle } from '../../src/demo/demo-generators.js';
import {
  createProgressParser,
  failureFromStderr,
  type FfmpegProgress,
} from '../../src/modules/media/ffmpeg.js';
import {
  parseMediaPlaylist,
  planLadder,
  renderMasterPlaylist,
} from '../../src/modules/media/index.js';

describe('planLadder', () => {
  const heights = (width: number, height: number) =>
    planLadder({ width, height }).map((r) => r.height);

  it('keeps every rung for a 1080p source', () => {
    expect(planLadder({ width: 1920, height: 1080 })).toEqual([
      { name: '1080p', height: 1080, width: 1920, videoBitrateKbps: 5000 },
      { name: '720p', height: 720, width: 1280, videoBitrateKbps: 2800 },
      { name: '480p', height: 480, width: 854, videoBitrateKbps: 1400 },
      { name: '360p', height: 360, width: 640, videoBitrateKbps: 800 },
    ]);
  });

  it('skips rungs above the source height, never upscaling', () => {
    expect(heights(3840, 2160)).toEqual([1080, 720, 480, 360]);
    expect(heights(1280, 720)).toEqual([720, 480, 360]);
    expect(heights(1024, 576)).toEqual([480, 360]);
  });

  it('always keeps the lowest rung, even for a tiny source', () => {
    expect(heights(320, 240)).toEqual([360]);
  });

  it('keeps the display aspect ratio with even widths', () => {
    expect(planLadder({ width: 1440, height: 1080 }).map((r) => r.width)).toEqual([
      1440, 960, 640, 480,
    ]);
    expect(planLadder({ width: 1998, height: 1080 }).map((r) => `${r.width}x${r.height}`)).toEqual([
      '1998x1080',
      '1332x720',
      '888x480',
      '666x360',
    ]);
  });
});

describe('playlists', () => {
  it('renders a master playlist with every attribute, and a subtitles group when given', () => {
    const variant = {
      uri: '720p/index.m3u8',
      bandwidth: 3_005_980,
      averageBandwidth: 2_880_948,
      width: 1280,
      height: 720,
      codecs: 'avc1.64001f,mp4a.40.2',
      frameRate: 29.97,
    };
    expect(renderMasterPlaylist([variant])).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '',
        '#EXT-X-STREAM-INF:BANDWIDTH=3005980,AVERAGE-BANDWIDTH=2880948,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=29.970',
        '720p/index.m3u8',
        '',
      ].join('\n'),
    );
    const withSubtitles = renderMasterPlaylist(
      [variant],
      [{ language: 'lo', name: 'ລາວ', uri: 'subs/lo.m3u8', isDefault: true }],
    );
    expect(withSubtitles).toContain(
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="lo",NAME="ລາວ",DEFAULT=YES,AUTOSELECT=YES,URI="subs/lo.m3u8"',
    );
    expect(withSubtitles).toContain(',SUBTITLES="subs"\n720p/index.m3u8');
  });

  it('parses the media playlists ffmpeg writes', () => {
    const playlist = parseMediaPlaylist(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:6',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="init_0.mp4"',
        '#EXTINF:6.000000,',
        'seg_00000.m4s',
        '#EXTINF:2.000000,',
        'seg_00001.m4s',
        '#EXT-X-ENDLIST',
      ].join('\n'),
    );
    expect(playlist).toEqual({
      targetDurationSeconds: 6,
      playlistType: 'VOD',
      initUri: 'init_0.mp4',
      endList: true,
      segments: [
        { uri: 'seg_00000.m4s', durationSeconds: 6 },
        { uri: 'seg_00001.m4s', durationSeconds: 2 },
      ],
    });
  });
});

describe('ffmpeg output parsing', () => {
  it('reads -progress blocks however the pipe splits them', () => {
    const reports: FfmpegProgress[] = [];
    const feed = createProgressParser((p) => reports.push(p));
    const text =
      'frame=10\nout_time_us=1500000\nspeed=1.5x\nprogress=continue\nframe=20\nout_time_us=N/A\nspeed=N/A\nprogress=continue\nout_time_us=3000000\nspeed=2.01x\nprogress=end\n';
    for (let i = 0; i < text.length; i += 7) feed(text.slice(i, i + 7));
    expect(reports).toEqual([
      { outTimeSeconds: 1.5, speed: 1.5, done: false },
      { outTimeSeconds: 0, speed: null, done: false },
      { outTimeSeconds: 3, speed: 2.01, done: true },
    ]);
  });

  it('maps stderr to stable codes and quotes the line that explains them', () => {
    const diskFull = failureFromStderr(
      'ffmpeg',
      '[hls @ 0x1] Opening seg_2.m4s\nav_interleaved_write_frame(): No space left on device\nConversion failed!',
      1,
    );
    expect(diskFull.code).toBe('disk_full');
    expect(diskFull.message).toContain('No space left on device');
    expect(
      failureFromStderr(
        'ffmpeg',
        '[mov @ 0x1] moov atom not found\nx.mp4: Invalid data found when processing input',
        1,
      ).code,
    ).toBe('truncated');
    expect(
      failureFromStderr('ffprobe', 'x.bin: Invalid data found when processing input', 1).code,
    ).toBe('not_a_video');
    const other = failureFromStderr('ffmpeg', 'Unknown encoder libfoo', 8);
    expect([other.code, other.exitCode, other.message]).toEqual([
      'ffmpeg_failed',
      8,
      'ffmpeg failed (exit code 8): Unknown encoder libfoo',
    ]);
  });
});

describe('wrapTitle', () => {
  it('keeps a short title on one line at the largest size', () => {
    expect(wrapTitle('Mekong Nights', 500, 60)).toEqual({ lines: ['Mekong Nights'], fontSize: 60 });
  });

  it('wraps long titles and shrinks the font until three lines fit', () => {
    const { lines, fontSize } = wrapTitle(
      'The Long Road to Luang Prabang and Back Again Before the Rains',
      500,
      60,
    );
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(fontSize).toBeLessThan(60);
    for (const line of lines) expect(line.length * fontSize * 0.62).toBeLessThanOrEqual(500);
  });
});
