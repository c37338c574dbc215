import { describe, expect, it } from 'vitest';
import { smoothSeries } from './smooth';

describe('smoothSeries', () => {
  it('returns the input unchanged at weight 0', () => {
    expect(smoothSeries([3, 1, 4], 0)).toEqual([3, 1, 4]);
  });

  it('is the debiased exponential moving average', () => {
    const w = 0.6;
    const v = [2, 4, 8];
    // Written out: m1 = 0.4·2, m2 = 0.6·m1 + 0.4·4, m3 = 0.6·m2 + 0.4·8, each divided by 1 − wⁿ.
    const m1 = 0.4 * 2;
    const m2 = 0.6 * m1 + 0.4 * 4;
    const m3 = 0.6 * m2 + 0.4 * 8;
    const out = smoothSeries(v, w);
    expect(out[0]).toBeCloseTo(m1 / (1 - 0.6), 12);
    expect(out[1]).toBeCloseTo(m2 / (1 - 0.36), 12);
    expect(out[2]).toBeCloseTo(m3 / (1 - 0.216), 12);
  });

  it('starts at the first raw value and keeps a constant series constant', () => {
    expect(smoothSeries([5, 5, 5, 5], 0.9).every((x) => Math.abs(x - 5) < 1e-12)).toBe(true);
  });
});
