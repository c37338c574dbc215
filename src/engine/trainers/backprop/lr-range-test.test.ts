import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../catalog/trainer-config';
import { Rng } from '../../math/random';
import type { PreparedSplits } from '../types';
import { lrRangeTest, suggestedRate } from './lr-range-test';

/** Correlated features, each column standardised (mean 0, variance 1), y = Xw + noise. */
function linearProblem(n: number, d: number, seed: number): PreparedSplits {
  const rng = new Rng(seed);
  const mix = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
  const raw = Array.from({ length: n }, () => {
    const z = Array.from({ length: d }, () => rng.normal());
    return mix.map((row) => row.reduce((s, m, j) => s + m * z[j], 0));
  });
  for (let j = 0; j < d; j++) {
    const mean = raw.reduce((s, r) => s + r[j], 0) / n;
    const sd = Math.sqrt(raw.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / n);
    for (const r of raw) r[j] = (r[j] - mean) / sd;
  }
  const w = Array.from({ length: d }, () => rng.normal());
  const x = Float64Array.from(raw.flat());
  const y = Float64Array.from(raw, (r) => r.reduce((s, v, j) => s + v * w[j], 0) + 0.5 + rng.normal(0, 0.1));
  const empty = { x: { rows: 0, cols: d, data: new Float64Array(0) }, y: { rows: 0, cols: 1, data: new Float64Array(0) } };
  return { task: 'regression', classes: [], train: { x: { rows: n, cols: d, data: x }, y: { rows: n, cols: 1, data: y } }, val: empty, test: empty };
}

/** λ_max of the MSE loss's Hessian (2/N)·[X 1]ᵀ[X 1], by ml-matrix's eigendecomposition. */
function hessianLambdaMax(splits: PreparedSplits): number {
  const { x } = splits.train;
  const a = new MlMatrix(x.rows, x.cols + 1);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) a.set(i, j, x.data[i * x.cols + j]);
    a.set(i, x.cols, 1);
  }
  const hessian = a.transpose().mmul(a).mul(2 / x.rows);
  return Math.max(...new EigenvalueDecomposition(hessian, { assumeSymmetric: true }).realEigenvalues);
}

describe('lrRangeTest', () => {
  it.each([1, 2, 3])('suggests a rate within a factor of 3 of 1/λmax (half the largest stable rate) on a linear model, seed %i', async (seed) => {
    const splits = linearProblem(512, 8, seed);
    const config = resolveTrainerConfig({ trainer: 'backprop', model: { layers: [] }, optimizer: { id: 'sgd', params: { lr: 0.01, momentum: 0 } }, loss: { id: 'mse' }, batchSize: 32 }, 'regression', null);
    const r = await lrRangeTest(splits, config, seed, {}, {}, 'float64');
    const good = 1 / hessianLambdaMax(splits);
    expect(r.status).toBe('completed');
    expect(r.suggestion! / good).toBeGreaterThan(1 / 3);
    expect(r.suggestion! / good).toBeLessThan(3);
    // The loss blew up, and not before the rate where gradient descent stops being stable.
    expect(r.divergedAt).toBeGreaterThan(good);
    expect(r.points.every((p, i) => i === 0 || p.lr > r.points[i - 1].lr)).toBe(true);
  });

  it('stops when asked, keeping the points so far', async () => {
    const splits = linearProblem(64, 2, 4);
    const config = resolveTrainerConfig({ trainer: 'backprop', model: { layers: [] }, optimizer: { id: 'sgd', params: { momentum: 0 } }, loss: { id: 'mse' }, batchSize: 8 }, 'regression', null);
    let calls = 0;
    const r = await lrRangeTest(splits, config, 1, { yieldNow: async () => { calls++; }, shouldStop: () => true }, { steps: 100_000 });
    expect(r.status).toBe('cancelled');
    expect(calls).toBe(1);
    expect(r.points.length).toBeGreaterThan(0);
    expect(r.points.length).toBeLessThan(100_000);
  });
});

describe('suggestedRate', () => {
  it('finds the steepest fall of log loss against log lr before the minimum, and nothing on a rising curve', () => {
    // log loss = −4·tanh(log10 lr + 3): steepest fall at lr = 1e-3; a rise after 0.1 makes that the minimum.
    const lrs = Array.from({ length: 81 }, (_, i) => 10 ** (-7 + i / 10));
    const falling = lrs.map((lr) => ({ lr, loss: 0, smoothed: Math.exp(-4 * Math.tanh(Math.log10(lr) + 3)) + (lr > 0.1 ? (lr - 0.1) * 100 : 0) }));
    expect(Math.log10(suggestedRate(falling)!)).toBeCloseTo(-3, 5);
    expect(suggestedRate(lrs.map((lr) => ({ lr, loss: 0, smoothed: 1 + lr })))).toBeNull();
  });
});
