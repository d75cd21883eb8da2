import { describe, expect, it } from 'vitest';
import { formatBytes } from '../src/lib/download-text';

const KB = 1024;
const MB = 1024 ** 2;
const GB = 1024 ** 3;

describe('download sizes', () => {
  it('says KB under a megabyte instead of rounding a small file up to "1 MB"', () => {
    expect(formatBytes(0)).toBe('0 MB');
    expect(formatBytes(1)).toBe('1 KB');
    expect(formatBytes(300 * KB)).toBe('300 KB');
    expect(formatBytes(0.6 * MB)).toBe('614 KB');
    expect(formatBytes(MB - KB)).toBe('1023 KB');
    expect(formatBytes(MB - 1)).toBe('1 MB');
  });

  it('keeps one decimal under ten of a unit and whole numbers above', () => {
    expect(formatBytes(MB)).toBe('1 MB');
    expect(formatBytes(2.46 * MB)).toBe('2.5 MB');
    expect(formatBytes(350.4 * MB)).toBe('350 MB');
    expect(formatBytes(1.44 * GB)).toBe('1.4 GB');
    expect(formatBytes(5 * GB)).toBe('5 GB');
    expect(formatBytes(12.6 * GB)).toBe('13 GB');
  });
});
