import { Matrix as MlMatrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../math/random';
import type { F64Matrix } from './solvers';
import { bestPoint, hiddenUnitsGrid, selectionCurve, type SelectionPoint } from './model-selection';

const C_VALUES = [1e-3, 0.1, 1, 10, 1e3, 1e4];

function randomMatrix(rows: number, cols: number, rng: Rng): F64Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  return { rows, cols, data };
}

/** The curve of a run that was not stopped. */
async function curve(...args: Parameters<typeof selectionCurve>): Promise<SelectionPoint[]> {
  const points = await selectionCurve(...args);
  if (!points) throw new Error('the curve was stopped');
  return points;
}

const toMl = (a: F64Matrix): MlMatrix => MlMatrix.from1DArray(a.rows, a.cols, a.data);
const firstColumns = (h: MlMatrix, k: number): MlMatrix => h.subMatrix(0, h.rows - 1, 0, k - 1);

/**
 * Ridge β = (AᵀA + I/C)⁻¹AᵀT by ml-matrix's own solve: independent of the eigensolver and kernels. With fewer rows
 * than columns, the same β as Aᵀ(AAᵀ + I/C)⁻¹T (the normal equations would square a condition number near C·λ_max).
 */
function ridge(a: MlMatrix, t: MlMatrix, c: number): MlMatrix {
  if (a.rows < a.columns) return a.transpose().mmul(solve(a.mmul(a.transpose()).add(MlMatrix.eye(a.rows).mul(1 / c)), t));
  const normal = a.transpose().mmul(a).add(MlMatrix.eye(a.columns).mul(1 / c));
  return solve(normal, a.transpose().mmul(t));
}

/** Leave each row out, refit, predict it: the mean squared leave-one-out error over every target entry. */
function bruteForceLoo(h: MlMatrix, t: MlMatrix, c: number): number {
  let sum = 0;
  for (let i = 0; i < h.rows; i++) {
    const keep = Array.from({ length: h.rows }, (_, r) => r).filter((r) => r !== i);
    const cols = Array.from({ length: h.columns }, (_, j) => j);
    const tCols = Array.from({ length: t.columns }, (_, j) => j);
    const beta = ridge(h.selection(keep, cols), t.selection(keep, tCols), c);
    const predicted = h.getRowVector(i).mmul(beta);
    for (let o = 0; o < t.columns; o++) sum += (t.get(i, o) - predicted.get(0, o)) ** 2;
  }
  return sum / (h.rows * t.columns);
}

/** GCV from the explicit hat matrix P = H(HᵀH + I/C)⁻¹Hᵀ (the ridge fit of every unit vector): mean squared residual / (1 − tr P/N)². */
function explicitGcv(h: MlMatrix, t: MlMatrix, c: number): number {
  const hat = h.mmul(ridge(h, MlMatrix.eye(h.rows), c));
  const residual = t.clone().sub(hat.mmul(t));
  let rss = 0;
  for (let i = 0; i < residual.rows; i++) for (let o = 0; o < residual.columns; o++) rss += residual.get(i, o) ** 2;
  return rss / (h.rows * t.columns) / (1 - hat.trace() / h.rows) ** 2;
}

function expectClose(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(want)));
}

async function checkAgainstBruteForce(h: F64Matrix, t: F64Matrix, sizes: number[]): Promise<SelectionPoint[]> {
  const points = await curve(h, t, { hiddenUnits: sizes, c: C_VALUES });
  expect(points.map((p) => [p.hiddenUnits, p.c])).toEqual(sizes.flatMap((k) => C_VALUES.map((c) => [k, c])));
  const hm = toMl(h);
  const tm = toMl(t);
  for (const p of points) {
    const hk = firstColumns(hm, p.hiddenUnits);
    expectClose(p.loo, bruteForceLoo(hk, tm, p.c));
    expectClose(p.gcv, explicitGcv(hk, tm, p.c));
    expect(p.val).toBeNull();
  }
  return points;
}

describe('selectionCurve: PRESS and GCV equal brute-force leave-one-out for every k and C', () => {
  it('N > L, several outputs', async () => {
    const rng = new Rng(3);
    await checkAgainstBruteForce(randomMatrix(30, 12, rng), randomMatrix(30, 3, rng), [1, 4, 7, 12]);
  });

  it('N < L (more hidden units than rows)', async () => {
    const rng = new Rng(5);
    await checkAgainstBruteForce(randomMatrix(9, 20, rng), randomMatrix(9, 2, rng), [3, 9, 14, 20]);
  });

  it('rank-deficient H (a repeated column, a scaled copy and a zero column)', async () => {
    const rng = new Rng(7);
    const h = randomMatrix(25, 10, rng);
    for (let i = 0; i < h.rows; i++) {
      h.data[i * 10 + 4] = h.data[i * 10 + 1];
      h.data[i * 10 + 6] = -2 * h.data[i * 10 + 2];
      h.data[i * 10 + 8] = 0;
    }
    await checkAgainstBruteForce(h, randomMatrix(25, 1, rng), [2, 5, 7, 9, 10]);
  });

  it.each([20, 6])('validation scores are those of the ridge fit at each (k, C), %i training rows for up to 8 units', async (rows) => {
    const rng = new Rng(11);
    const h = randomMatrix(rows, 8, rng);
    const t = randomMatrix(rows, 2, rng);
    const hv = randomMatrix(6, 8, rng);
    const tv = randomMatrix(6, 2, rng);
    const mse = (p: Float64Array): number => p.reduce((s, v, i) => s + (v - tv.data[i]) ** 2, 0) / p.length;
    const points = await curve(h, t, { hiddenUnits: [3, 8], c: C_VALUES }, { h: hv, score: mse });
    for (const p of points) {
      const beta = ridge(firstColumns(toMl(h), p.hiddenUnits), toMl(t), p.c);
      const predicted = firstColumns(toMl(hv), p.hiddenUnits).mmul(beta);
      expectClose(p.val!, mse(Float64Array.from(predicted.to1DArray())));
    }
  });
});

describe('choosing a point', () => {
  it('picks the smallest leave-one-out error and finds the true size of a planted model', async () => {
    const rng = new Rng(13);
    const h = randomMatrix(200, 40, rng);
    // Targets use only the first 10 columns, plus noise: more columns only add variance.
    const t = { rows: 200, cols: 1, data: new Float64Array(200) };
    for (let i = 0; i < 200; i++) {
      let s = 0;
      for (let j = 0; j < 10; j++) s += h.data[i * 40 + j] * (j + 1);
      t.data[i] = s + rng.normal(0, 0.5);
    }
    const points = await curve(h, t, { hiddenUnits: [5, 10, 20, 40], c: C_VALUES });
    const best = bestPoint(points);
    expect(Math.min(...points.map((p) => p.loo))).toBe(best.loo);
    expect(best.hiddenUnits).toBe(10);
  });

  it('refuses a grid that is not ascending or exceeds H', async () => {
    const rng = new Rng(1);
    const h = randomMatrix(5, 4, rng);
    const t = randomMatrix(5, 1, rng);
    await expect(curve(h, t, { hiddenUnits: [3, 2], c: [1] })).rejects.toThrow(/ascending/);
    await expect(curve(h, t, { hiddenUnits: [5], c: [1] })).rejects.toThrow(/from 1 to 4/);
    await expect(curve(h, t, { hiddenUnits: [2], c: [0] })).rejects.toThrow(/positive/);
  });

  it('hiddenUnitsGrid halves from max down, or spans 1 … max on a log scale when max is small', () => {
    expect(hiddenUnitsGrid(1000)).toEqual([2, 4, 8, 16, 31, 63, 125, 250, 500, 1000]);
    const small = hiddenUnitsGrid(40);
    // Consecutive ratios near 40^(1/9) ≈ 1.51, up to rounding to whole units (which merges the first two).
    expect([small.length, small[0], small[small.length - 1]]).toEqual([9, 1, 40]);
    for (let i = 2; i < small.length; i++) expect(small[i] / small[i - 1]).toBeCloseTo(40 ** (1 / 9), 0);
    expect(hiddenUnitsGrid(3)).toEqual([1, 2, 3]);
  });
});
