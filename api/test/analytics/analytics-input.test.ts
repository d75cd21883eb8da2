import { AnalyticsBatchSchema, type AnalyticsEvent } from '@lanxang/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyticsBatchBody,
  eventRowsJson,
  isPlainBatch,
} from '../../src/modules/analytics/analytics-input.js';
import { malformedOf, validOf } from '../abuse/schema-arbitraries.js';

const at = '2026-12-02T10:00:00.000Z';
const batchOf = (...events: AnalyticsEvent[]) => ({ sessionId: 'session-1', events });

/** Whatever the hand check passes, the contract's schema passes unchanged. */
function agrees(value: unknown): void {
  if (!isPlainBatch(value)) return;
  const parsed = AnalyticsBatchSchema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(parsed.data).toEqual(value);
}

describe('the hand check of an analytics batch', () => {
  it('passes only batches the contract accepts as they are', () => {
    fc.assert(fc.property(validOf(AnalyticsBatchSchema), agrees), { numRuns: 300 });
    fc.assert(fc.property(malformedOf(AnalyticsBatchSchema), agrees), { numRuns: 1000 });
  });

  it('passes every kind of event a TV sends, so real batches skip zod', () => {
    const base = { at, movieId: 12, positionSeconds: 30 };
    const batch = batchOf(
      { ...base, type: 'play_requested' },
      { ...base, type: 'first_frame', loadLatencyMs: 420, timeToFirstFrameMs: 900 },
      { ...base, type: 'stall_start' },
      { ...base, type: 'stall_end', durationMs: 350 },
      {
        ...base,
        type: 'quality_switch',
        fromHeight: null,
        toHeight: 720,
        fromBandwidth: null,
        toBandwidth: 2_400_000,
      },
      { ...base, type: 'error', category: 3, code: 3016 },
      { ...base, type: 'pause' },
      { ...base, type: 'seek', fromSeconds: 30, toSeconds: 60 },
      { ...base, type: 'complete' },
      { ...base, type: 'heartbeat', watchedSeconds: 10 },
    );
    expect(isPlainBatch(batch)).toBe(true);
    agrees(batch);
    fc.assert(
      fc.property(validOf(AnalyticsBatchSchema), (valid) => {
        // The arbitraries make film ids as numbers, as a TV sends them.
        expect(isPlainBatch(valid)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('draws each bound where the contract draws it', () => {
    const edges = [
      -1,
      -0,
      0,
      0.5,
      1,
      3600,
      3600.5,
      10_000,
      10_001,
      86_400,
      86_400.5,
      1e6,
      1e6 + 1,
    ].concat([3.6e6, 3.6e6 + 0.5, 1e11, 1e11 + 1, 2_147_483_647, 2_147_483_648]);
    const base = { at, movieId: 12, positionSeconds: 30 };
    const kinds: Record<string, string[]> = {
      first_frame: ['loadLatencyMs', 'timeToFirstFrameMs'],
      stall_end: ['durationMs'],
      quality_switch: ['fromHeight', 'toHeight', 'fromBandwidth', 'toBandwidth'],
      error: ['category', 'code'],
      seek: ['fromSeconds', 'toSeconds'],
      heartbeat: ['watchedSeconds'],
      pause: [],
    };
    for (const [type, fields] of Object.entries(kinds))
      for (const field of [...fields, 'movieId', 'positionSeconds'])
        for (const edge of edges) {
          const event = { ...base, type, ...Object.fromEntries(fields.map((name) => [name, 1])) };
          const batch = batchOf({ ...event, [field]: edge } as AnalyticsEvent);
          expect(isPlainBatch(batch), `${type}.${field} = ${edge}`).toBe(
            AnalyticsBatchSchema.safeParse(batch).success,
          );
        }
  });

  it('leaves what it refuses to the contract, which writes the same errors as before', () => {
    const base = { at, movieId: 12, positionSeconds: 30, type: 'pause' as const };
    for (const broken of [
      batchOf({ ...base, at: '2026-02-30T10:00:00Z' }),
      batchOf({ ...base, movieId: '12' as unknown as number }),
      batchOf({ ...base, positionSeconds: 86_400.5 }),
      batchOf({ ...base, extra: 1 } as AnalyticsEvent),
      { ...batchOf(base), sessionId: 'short' },
      batchOf(),
    ]) {
      expect(isPlainBatch(broken)).toBe(false);
      expect(analyticsBatchBody.safeParse(broken)).toEqual(AnalyticsBatchSchema.safeParse(broken));
    }
  });
});

describe('the events as the insert takes them', () => {
  it('are what JSON.stringify writes of each event split into its columns and its own fields', () => {
    fc.assert(
      fc.property(validOf(AnalyticsBatchSchema), (value) => {
        const { events } = AnalyticsBatchSchema.parse(value);
        const rows = events.map(({ type, at, movieId, positionSeconds, ...data }) => ({
          movie_id: movieId,
          type,
          at,
          position_seconds: positionSeconds,
          data,
        }));
        expect(JSON.parse(eventRowsJson(events))).toEqual(JSON.parse(JSON.stringify(rows)));
      }),
      { numRuns: 300 },
    );
  });
});
