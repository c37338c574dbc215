import { describe, expect, it } from 'vitest';
import { normaliseTarget, timeToParity, type ParityRun } from './time-to-parity';

const adam: ParityRun = { id: 1, name: 'Adam', timeMs: [400, 800, 1200, 1600], score: [0.80, 0.92, 0.95, 0.956], finalScore: 0.956 };
const elm: ParityRun = { id: 2, name: 'ELM (1000 units)', timeMs: [2200], score: [0.936], finalScore: 0.936 };
const accuracy = { higherIsBetter: true, fraction: true } as const;

describe('timeToParity', () => {
  it('by default targets the worst final score, so every run has a time, and states it in one sentence', () => {
    const p = timeToParity([adam, elm], { ...accuracy, baselineId: 1 });
    expect(p.target).toBe(0.936);
    expect(p.targetIsDefault).toBe(true);
    expect(p.rows.map((r) => r.timeToTargetMs)).toEqual([1200, 2200]);
    expect(p.rows[1]).toMatchObject({ finalScore: 0.936, baselineFinalScore: 0.956 });
    expect(p.rows[1].speedup).toBeCloseTo(1200 / 2200, 12);
    expect(p.sentence).toBe('Adam reached 93.6 % in 1.20 s and went on to 95.6 %; ELM (1000 units) reached it in 2.20 s.'
      + ' Measured: ELM (1000 units) was 1.83× slower to this score than Adam.');
  });

  it('reads a typed 90 as 90 % for a fraction, and says "never reached" with the final score', () => {
    expect(normaliseTarget(90, true)).toBe(0.9);
    expect(normaliseTarget(0.9, true)).toBe(0.9);
    expect(normaliseTarget(90, false)).toBe(90);
    const p = timeToParity([adam, elm], { ...accuracy, target: 95, baselineId: 2 });
    expect(p.target).toBe(0.95);
    expect(p.rows.map((r) => r.timeToTargetMs)).toEqual([1200, null]);
    expect(p.rows.map((r) => r.speedup)).toEqual([null, null]);
    expect(p.sentence).toBe('Adam reached 95.0 % in 1.20 s and went on to 95.6 %; ELM (1000 units) never reached it (final 93.6 %).');
  });

  it('measures the speed-up to the target, not to the end of training', () => {
    const fastElm: ParityRun = { ...elm, timeMs: [20] };
    const p = timeToParity([adam, fastElm], { ...accuracy, baselineId: 1 });
    expect(p.rows[1].speedup).toBe(60);
    expect(p.sentence).toMatch(/Measured: ELM \(1000 units\) was 60× faster to this score than Adam\.$/);
  });

  it('lower is better for RMSE: the default target is the largest final error', () => {
    const a: ParityRun = { id: 1, name: 'a', timeMs: [10, 20, 30], score: [9, 5, 4.1], finalScore: 4.1 };
    const b: ParityRun = { id: 2, name: 'b', timeMs: [5], score: [4.5], finalScore: 4.5 };
    const p = timeToParity([a, b], { higherIsBetter: false, fraction: false });
    expect(p.target).toBe(4.5);
    expect(p.rows.map((r) => r.timeToTargetMs)).toEqual([30, 5]);
    expect(p.rows[1].speedup).toBe(6);
    expect(p.sentence).toBe('b reached 4.5 in 5.0 ms; a reached it in 30 ms and went on to 4.1. Measured: b was 6× faster to this score than a.');
  });

  it('without any score there is no target and nothing is claimed', () => {
    const p = timeToParity([{ id: 1, name: 'x', timeMs: [], score: [], finalScore: null }], accuracy);
    expect(p.target).toBeNull();
    expect(p.rows[0].timeToTargetMs).toBeNull();
    expect(p.sentence).toBe('No run has a validation score yet.');
  });
});
