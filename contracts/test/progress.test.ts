import { describe, expect, it } from 'vitest';
import { AnalyticsBatchSchema } from '../src/analytics.js';
import { progressFractionOf, resumePointOf, WatchProgressInputSchema } from '../src/progress.js';

describe('resumePointOf', () => {
  const film = 100 * 60;

  it('offers the position from 5 % of the film to two minutes before its end', () => {
    expect(resumePointOf(film * 0.05, film)).toBe(300);
    expect(resumePointOf(2530, film)).toBe(2530);
    expect(resumePointOf(film - 120, film)).toBe(film - 120);
  });

  it('offers nothing under 5 %, in the last two minutes, or for a film without a duration', () => {
    expect(resumePointOf(299, film)).toBeNull();
    expect(resumePointOf(0, film)).toBeNull();
    expect(resumePointOf(film - 119, film)).toBeNull();
    expect(resumePointOf(film, film)).toBeNull();
    expect(resumePointOf(60, 0)).toBeNull();
    expect(resumePointOf(Number.NaN, film)).toBeNull();
  });

  it('gives the share watched between 0 and 1', () => {
    expect(progressFractionOf(1500, film)).toBe(0.25);
    expect(progressFractionOf(film + 3, film)).toBe(1);
    expect(progressFractionOf(10, 0)).toBe(0);
  });
});

describe('the progress and analytics inputs', () => {
  it('refuse numbers no player sends', () => {
    const save = {
      positionSeconds: 10,
      durationSeconds: 600,
      clientTimestamp: '2026-12-01T10:00:00Z',
    };
    expect(WatchProgressInputSchema.safeParse(save).success).toBe(true);
    for (const wrong of [
      { positionSeconds: -1 },
      { positionSeconds: Number.NaN },
      { durationSeconds: 0 },
      { durationSeconds: Number.POSITIVE_INFINITY },
      { clientTimestamp: 'yesterday' },
    ])
      expect(WatchProgressInputSchema.safeParse({ ...save, ...wrong }).success).toBe(false);
  });

  it('tells events apart by type and refuses fields of another type', () => {
    const base = { at: '2026-12-01T10:00:00.000Z', movieId: 3, positionSeconds: 0 };
    const parsed = AnalyticsBatchSchema.safeParse({
      sessionId: 'session-0001',
      events: [
        { ...base, type: 'first_frame', loadLatencyMs: 400, timeToFirstFrameMs: 900 },
        { ...base, type: 'heartbeat', watchedSeconds: 30 },
      ],
    });
    expect(parsed.success).toBe(true);
    const mixed = AnalyticsBatchSchema.safeParse({
      sessionId: 'session-0001',
      events: [{ ...base, type: 'pause', watchedSeconds: 30 }],
    });
    expect(mixed.success).toBe(false);
  });
});
