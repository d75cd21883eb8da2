import { describe, expect, it } from 'vitest';
import { frameAt, parseTrickplay } from '../src/player/trickplay';

const INDEX = `WEBVTT

00:00:00.000 --> 00:00:10.000
sprite-001.jpg#xywh=0,0,320,180

00:00:10.000 --> 00:00:20.000
sprite-001.jpg#xywh=320,0,320,180

not a cue
00:00:20.000 --> 00:00:30.000
no-region.jpg

01:00:20.000 --> 01:00:30.000
../sheets/sprite-002.jpg#xywh=0,180,320,180
`;

describe('trickplay index', () => {
  const frames = parseTrickplay(INDEX, 'http://api.test/media/video/7/trickplay/thumbnails.vtt');

  it('reads sprite regions relative to the index and skips cues without one', () => {
    expect(frames).toEqual([
      expect.objectContaining({ start: 0, end: 10, x: 0, y: 0, w: 320, h: 180 }),
      expect.objectContaining({ start: 10, end: 20, x: 320, y: 0 }),
      {
        start: 3620,
        end: 3630,
        sheetUrl: 'http://api.test/media/video/7/sheets/sprite-002.jpg',
        x: 0,
        y: 180,
        w: 320,
        h: 180,
      },
    ]);
    expect(frames[0]!.sheetUrl).toBe('http://api.test/media/video/7/trickplay/sprite-001.jpg');
  });

  it('finds the frame for a time: the last one starting at or before it', () => {
    expect(frameAt(frames, 0)?.x).toBe(0);
    expect(frameAt(frames, 9.99)?.x).toBe(0);
    expect(frameAt(frames, 10)?.x).toBe(320);
    expect(frameAt(frames, 3000)?.x).toBe(320);
    expect(frameAt(frames, 4000)?.y).toBe(180);
    expect(frameAt([], 5)).toBeNull();
  });
});
