import { describe, expect, it } from 'vitest';
import { formatPercent } from './format';
import { bandOf, seedGroups, spreadOf, spreadText } from './seed-bands';

const config = { trainer: 'backprop', optimizer: { id: 'adam', params: { lr: 0.01 } }, epochs: 5 };
const prepare = { split: { train: 0.7, val: 0.15, test: 0.15 }, seed: 0 };
const run = (id: number, seed: number, over: Record<string, unknown> = {}) => ({
  id, seed, datasetId: 1, prepare, trainerConfig: config, modelSpec: null, ...over,
});

describe('seedGroups', () => {
  it('groups runs that differ only by seed, whatever the key order of their settings', () => {
    const reordered = { epochs: 5, optimizer: { params: { lr: 0.01 }, id: 'adam' }, trainer: 'backprop' };
    const runs = [
      run(1, 0), run(2, 1, { trainerConfig: reordered }), run(3, 2),
      run(4, 0, { trainerConfig: { ...config, epochs: 6 } }),
      run(5, 0, { datasetId: 2 }),
      run(6, 3, { prepare: { ...prepare, seed: 1 } }),
    ];
    expect(seedGroups(runs).map((g) => g.map((r) => r.id))).toEqual([[1, 2, 3], [4], [5], [6]]);
  });

  it('never puts the same seed twice in a group', () => {
    expect(seedGroups([run(1, 0), run(2, 0), run(3, 1)]).map((g) => g.map((r) => r.id))).toEqual([[1, 3], [2]]);
  });
});

describe('bands and spread', () => {
  it('match mean and sample standard deviation worked out by hand', () => {
    // 0.90, 0.94, 0.95, 0.93, 0.98: mean 0.94; squared deviations 16, 0, 1, 1, 16 (×1e-4) → var 34e-4 / 4.
    const s = spreadOf([0.9, 0.94, 0.95, 0.93, 0.98]);
    expect(s.mean).toBeCloseTo(0.94, 14);
    expect(s.std).toBeCloseTo(Math.sqrt(0.0034 / 4), 14);
    expect([s.min, s.max, s.n]).toEqual([0.9, 0.98, 5]);
    expect(spreadText([0.9, 0.94, 0.95, 0.93, 0.98], formatPercent, true)).toBe('5 seeds: 94.0 ± 2.9 %, worst 90.0 %');
    // Lower is better (an error): the worst is the largest.
    expect(spreadText([2, 4], (v) => v.toFixed(2), false)).toBe('2 seeds: 3.00 ± 1.41, worst 4.00');
  });

  it('follows every epoch, with the runs that reached it', () => {
    const band = bandOf([
      { epoch: [1, 2, 3], value: [1, 2, 3], elapsedMs: [100, 200, 300] },
      { epoch: [1, 2], value: [3, 4], elapsedMs: [300, 400] },
    ]);
    expect(band.epoch).toEqual([1, 2, 3]);
    expect(band.mean).toEqual([2, 3, 3]);
    expect(band.std[0]).toBeCloseTo(Math.SQRT2, 14);
    expect(band.std[2]).toBe(0);
    expect(band.min).toEqual([1, 2, 3]);
    expect(band.max).toEqual([3, 4, 3]);
    expect(band.n).toEqual([2, 2, 1]);
    expect(band.seconds).toEqual([0.2, 0.3, 0.3]);
  });
});
