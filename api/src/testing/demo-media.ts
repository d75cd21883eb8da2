import path from 'node:path';
import { ffmpegDemoMedia } from '../seeders/demo-media.js';

/**
 * The real demo media, made once per machine under `.cache/` and shared by every test that
 * seeds the demo catalog (its files are a pure function of their inputs).
 */
const cacheRoot = path.resolve(import.meta.dirname, '../../../.cache/test-media');
export const testMediaMaker = ffmpegDemoMedia({
  mediaDir: path.join(cacheRoot, 'media'),
  cacheDir: path.join(cacheRoot, 'sources'),
  clipSeconds: 12,
});
