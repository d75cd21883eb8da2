import { resumePointOf as contractResumePointOf } from '@lanxang/contracts';
import { describe, expect, it } from 'vitest';
import { resumePointOf } from '../src/lib/resume';

// The TV restates the contract's rule (zod stays out of its bundle): hold the two to one answer.
describe("the TV's resume rule", () => {
  it('answers as the contract does, at and around every threshold', () => {
    const durations = [0, 12, 300, 5400, 7200];
    for (const duration of durations) {
      const positions = [
        -1,
        0,
        duration * 0.05 - 0.01,
        duration * 0.05,
        duration / 2,
        duration - 120,
        duration - 119.99,
        duration,
        Number.NaN,
      ];
      for (const position of positions) {
        expect(resumePointOf(position, duration), `${position} of ${duration}`).toBe(
          contractResumePointOf(position, duration),
        );
      }
    }
  });

  it('offers a point part-way through a film, and none near its start or end', () => {
    expect(resumePointOf(2530, 5400)).toBe(2530);
    expect(resumePointOf(100, 5400)).toBeNull();
    expect(resumePointOf(5300, 5400)).toBeNull();
  });
});
