import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../catalog/trainer-config';
import { Rng } from '../../math/random';
import type { PreparedSplits } from '../types';
import { hiddenForward } from './elm-model';
import { initHidden } from './init-hidden';
import { trainElm } from './train-elm';

function splitsOf(n: number, seed: number): PreparedSplits {
  const rng = new Rng(seed);
  const make = (rows: number) => {
    const x = new Float64Array(rows * 3).map(() => rng.uniform(-1, 1));
    const y = new Float64Array(rows).map((_, i) => Math.sin(2 * x[i * 3]) + x[i * 3 + 1] * x[i * 3 + 2] + rng.normal(0, 0.1));
    return { x: { rows, cols: 3, data: x }, y: { rows, cols: 1, data: y } };
  };
  return { task: 'regression', classes: [], train: make(n), val: make(40), test: make(30) };
}

describe('trainElm with Auto', () => {
  it('fits the chosen size and C on the first units of the largest layer, and the choice has the smallest LOO error', async () => {
    const splits = splitsOf(150, 2);
    const config = resolveTrainerConfig({ trainer: 'elm', hiddenUnits: 64, auto: true }, 'regression', null);
    const r = await trainElm(splits, config, 9);
    const s = r.selection!;
    expect(s.points).toHaveLength(100);
    expect(s.points.every((p) => p.val !== null && Number.isFinite(p.loo) && Number.isFinite(p.gcv))).toBe(true);
    expect(s.valMetric).toBe('rmse');
    const best = s.points.find((p) => p.loo === Math.min(...s.points.map((q) => q.loo)))!;
    expect([s.hiddenUnits, s.c]).toEqual([best.hiddenUnits, best.c]);
    expect(r.weights!.beta.rows).toBe(s.hiddenUnits);

    // Independently: H of a 64-unit layer with this seed, its first k columns, ridge by ml-matrix's solve.
    const hidden = initHidden({ ...config, hiddenUnits: 64 }, 3, new Rng(9));
    const h = new Float64Array(150 * 64);
    hiddenForward(hidden, splits.train.x.data, 150, h);
    const hk = MlMatrix.from1DArray(150, 64, h).subMatrix(0, 149, 0, s.hiddenUnits - 1);
    const t = MlMatrix.from1DArray(150, 1, splits.train.y.data);
    const beta = solve(hk.transpose().mmul(hk).add(MlMatrix.eye(s.hiddenUnits).mul(1 / s.c)), hk.transpose().mmul(t));
    const got = Array.from(r.weights!.beta.data);
    const want = beta.to1DArray();
    const scale = Math.max(...want.map(Math.abs));
    got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-6 * scale));
    // The validation RMSE reported at the chosen point is that of the fitted model.
    expect(best.val).toBeCloseTo(r.final!.val!.rmse!, 6);
  });

  it('is refused with the pseudo-inverse solver, and stops when asked', async () => {
    expect(() => resolveTrainerConfig({ trainer: 'elm', solver: 'pinv', auto: true }, 'regression', null)).toThrow(/ridge/);
    const config = resolveTrainerConfig({ trainer: 'elm', hiddenUnits: 64, auto: true }, 'regression', null);
    const r = await trainElm(splitsOf(100, 3), config, 1, { shouldStop: () => true });
    expect(r.status).toBe('cancelled');
    expect(r.weights).toBeNull();
  });
});
