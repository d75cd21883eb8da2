import { describe, expect, it } from 'vitest';
import { VideoUrlInputSchema } from '../src/media.js';

describe('VideoUrlInputSchema', () => {
  // The .m3u8 refinement ran on text the URL check had already refused, and `new URL` threw out
  // of the parse: the API answered 500 instead of 400 (found by the abuse suite).
  it.each(['', 'not a url', 'https://', '//cdn.example.com/a.m3u8'])(
    'refuses %j as a problem, without throwing',
    (url) => {
      const parsed = VideoUrlInputSchema.safeParse({ url });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('url');
    },
  );

  it('still takes an HLS playlist on http(s)', () => {
    expect(VideoUrlInputSchema.parse({ url: 'https://cdn.example.com/a/master.m3u8' })).toEqual({
      url: 'https://cdn.example.com/a/master.m3u8',
    });
  });
});
