import { SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { encodeArray } from '../../math/encode';
import { kernels } from '../../math/kernels';
import { castMatrix, type Matrix } from '../../math/matrix';
import { fromRows, toRows } from '../../testing/matrix-rows';
import { Rng } from '../../math/random';
import { resolveTrainerConfig } from '../../catalog/trainer-config';
import type { ElmConfig, PreparedSplits } from '../types';
import { deserializeElm, elmForward, hiddenForward, serializeElm, type ElmWeights, type SerializedElm } from './elm-model';
import { initHidden } from './init-hidden';
import {
  gramConditioning, outerGram, solvePinv, solvePinvDual, solvePinvPrimal, solveRidgeDual, solveRidgePrimal,
} from './solvers';
import { PINV_SVD_MAX_ENTRIES, trainElm, type ElmResult } from './train-elm';

function randomMatrix(rows: number, cols: number, rng: Rng): Matrix<Float64Array> {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  return { rows, cols, data };
}

/** Gaussian elimination with partial pivoting: an independent reference solve of A X = B. */
function solveDense(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let j = c; j < m[r].length; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / m[i][i]));
}

/** Plain triple-loop Aᵀ·B and A·B on nested arrays, independent of the kernels. */
function transposeTimes(a: number[][], b: number[][]): number[][] {
  return a[0].map((_, i) => b[0].map((_, j) => a.reduce((s, row, r) => s + row[i] * b[r][j], 0)));
}

function times(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, p) => s + v * b[p][j], 0)));
}

function regressionSplits(n: number, seed: number, dims = 2): PreparedSplits {
  const rng = new Rng(seed);
  const make = (rows: number): { x: Matrix; y: Matrix } => {
    const x = randomMatrix(rows, dims, rng);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) y[i] = Math.sin(3 * x.data[i * dims]) + 0.5 * x.data[i * dims + dims - 1] ** 2;
    return { x, y: { rows, cols: 1, data: y } };
  };
  return { task: 'regression', classes: [], train: make(n), val: make(0), test: make(Math.max(1, n >> 2)) };
}

/** Two classes: inside or outside a circle, one-hot targets. */
function classificationSplits(n: number, seed: number): PreparedSplits {
  const rng = new Rng(seed);
  const make = (rows: number): { x: Matrix; y: Matrix } => {
    const x = randomMatrix(rows, 2, rng);
    const y = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) y[i * 2 + (x.data[2 * i] ** 2 + x.data[2 * i + 1] ** 2 < 0.5 ? 1 : 0)] = 1;
    return { x, y: { rows, cols: 2, data: y } };
  };
  return { task: 'classification', classes: ['out', 'in'], train: make(n), val: make(n >> 2), test: make(n >> 2) };
}

const rowsOf = (m: Matrix): number[][] => toRows(m);
const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

function gramOf(h: Matrix<Float64Array>): Float64Array {
  return Float64Array.from(transposeTimes(rowsOf(h), rowsOf(h)).flat());
}

function transposeTimesMatrix(h: Matrix, t: Matrix): Matrix<Float64Array> {
  return fromRows(transposeTimes(rowsOf(h), rowsOf(t))) as Matrix<Float64Array>;
}

describe('ELM solvers', () => {
  const rng = new Rng(11);
  const h = randomMatrix(40, 6, rng);
  const t = randomMatrix(40, 2, rng);

  it('pinv gives the least-squares solution of the normal equations, with orthogonal residuals', () => {
    const { beta, rank, condition } = solvePinv(h, t);
    const reference = solveDense(transposeTimes(rowsOf(h), rowsOf(h)), transposeTimes(rowsOf(h), rowsOf(t)));
    expect(maxAbsDiff(beta.data, reference.flat())).toBeLessThan(1e-10);
    const residual = times(rowsOf(h), toRows(beta)).map((row, i) => row.map((v, j) => v - t.data[i * 2 + j]));
    expect(Math.max(...transposeTimes(rowsOf(h), residual).flat().map(Math.abs))).toBeLessThan(1e-10);
    expect(rank).toBe(6);
    expect(Number.isFinite(condition)).toBe(true);
  });

  it('primal ridge solves (HᵀH + I/C)β = HᵀT', () => {
    const c = 0.5;
    const a = transposeTimes(rowsOf(h), rowsOf(h)).map((row, i) => row.map((v, j) => v + (i === j ? 1 / c : 0)));
    const reference = solveDense(a, transposeTimes(rowsOf(h), rowsOf(t)));
    const r = solveRidgePrimal(gramOf(h), transposeTimesMatrix(h, t), c);
    expect(r.method).toBe('cholesky');
    expect(maxAbsDiff(r.beta.data, reference.flat())).toBeLessThan(1e-12);
  });

  it('the dual form (N < L) equals the primal ridge solution', () => {
    const wide = randomMatrix(5, 12, rng);
    const tw = randomMatrix(5, 3, rng);
    for (const c of [0.1, 10, 1e4]) {
      const primal = solveRidgePrimal(gramOf(wide), transposeTimesMatrix(wide, tw), c);
      const dual = solveRidgeDual(wide, outerGram(wide), tw, c);
      expect(dual.method).toBe('cholesky');
      expect(maxAbsDiff(dual.beta.data, primal.beta.data)).toBeLessThan(1e-8 * Math.max(1, c));
    }
  });

  it('reports rank and condition of H from its singular values or its Gram matrix', () => {
    // Orthogonal columns with norms 1, 2 and 4: κ(H) = 4.
    const diag = fromRows([[1, 0, 0], [0, 2, 0], [0, 0, 4], [0, 0, 0]]) as Matrix<Float64Array>;
    const fromSvd = solvePinv(diag, fromRows([[1], [1], [1], [1]]) as Matrix<Float64Array>);
    expect(fromSvd.rank).toBe(3);
    expect(fromSvd.condition).toBeCloseTo(4, 12);
    const fromGram = gramConditioning(gramOf(diag), 3);
    expect(fromGram.rank).toBe(3);
    expect(fromGram.condition).toBeCloseTo(4, 12);
  });

  it('solves a rank-deficient H (duplicate hidden units) by pinv and falls back to the eigendecomposition in ridge', () => {
    const base = randomMatrix(30, 4, rng);
    // Unit 4 duplicates unit 1.
    const dup = fromRows(rowsOf(base).map((row) => [...row, row[1]])) as Matrix<Float64Array>;
    const t30 = randomMatrix(30, 2, new Rng(5));
    const { beta: p, rank, condition } = solvePinv(dup, t30);
    expect(rank).toBe(4);
    expect(condition).toBe(Infinity);
    expect(kernels().allFinite(p.data)).toBe(true);
    // The minimum-norm solution splits the duplicated unit's weight equally, and fits as well as the full-rank base.
    const full = solveDense(transposeTimes(rowsOf(base), rowsOf(base)), transposeTimes(rowsOf(base), rowsOf(t30)));
    for (let j = 0; j < 2; j++) {
      expect(p.data[1 * 2 + j]).toBeCloseTo(p.data[4 * 2 + j], 10);
      expect(p.data[1 * 2 + j] + p.data[4 * 2 + j]).toBeCloseTo(full[1][j], 10);
      expect(p.data[0 * 2 + j]).toBeCloseTo(full[0][j], 10);
    }
    const ridge = solveRidgePrimal(gramOf(dup), transposeTimesMatrix(dup, t30), Infinity);
    expect(ridge.method).toBe('eigen');
    expect(maxAbsDiff(ridge.beta.data, p.data)).toBeLessThan(1e-8);
    expect(gramConditioning(gramOf(dup), 5)).toEqual({ rank: 4, condition: Infinity });
  });
});

describe('ELM pinv through the Gram matrix', () => {
  const rng = new Rng(21);
  // Uniform random columns give κ(H) of a few units, so the Gram route's relative error ε·κ(H)² (against
  // the SVD's ε·κ(H)) stays near 1e-15; 1e-11 relative leaves room for n-fold accumulation of rounding.
  const h = randomMatrix(200, 12, rng);
  const t = randomMatrix(200, 3, rng);

  it('equals the SVD pseudo-inverse solution on a well-conditioned H, with the same rank and condition', () => {
    const svd = solvePinv(h, t);
    const gram = solvePinvPrimal(gramOf(h), transposeTimesMatrix(h, t));
    expect(maxAbsDiff(gram.beta.data, svd.beta.data)).toBeLessThan(1e-11 * maxAbs(svd.beta.data));
    expect(gram.rank).toBe(12);
    expect(gram.condition / svd.condition).toBeCloseTo(1, 10);
  });

  it('gives the minimum-norm solution for duplicate hidden units, as the SVD does', () => {
    const dup = fromRows(rowsOf(h).map((row) => [...row, row[1], row[5]])) as Matrix<Float64Array>;
    const svd = solvePinv(dup, t);
    const gram = solvePinvPrimal(gramOf(dup), transposeTimesMatrix(dup, t));
    expect(gram.rank).toBe(12);
    expect(gram.condition).toBe(Infinity);
    expect(maxAbsDiff(gram.beta.data, svd.beta.data)).toBeLessThan(1e-10 * maxAbs(svd.beta.data));
    // Minimum norm: the duplicated units share the weight equally.
    for (let j = 0; j < 3; j++) expect(gram.beta.data[1 * 3 + j]).toBeCloseTo(gram.beta.data[12 * 3 + j], 10);
  });

  it('solves wide problems (N < L) through HHᵀ: the minimum-norm interpolant', () => {
    const wide = randomMatrix(8, 30, rng);
    const tw = randomMatrix(8, 2, rng);
    const svd = solvePinv(wide, tw);
    const dual = solvePinvDual(wide, outerGram(wide), tw);
    expect(dual.rank).toBe(8);
    expect(maxAbsDiff(dual.beta.data, svd.beta.data)).toBeLessThan(1e-11 * maxAbs(svd.beta.data));
    // It interpolates: H·β = T.
    expect(maxAbsDiff(times(rowsOf(wide), toRows(dual.beta)).flat(), tw.data)).toBeLessThan(1e-11);
  });

  describe('in trainElm beyond PINV_SVD_MAX_ENTRIES', () => {
    const units = 100;
    const n = Math.floor(PINV_SVD_MAX_ENTRIES / units) + 1;
    const splits = regressionSplits(n, 22, 30);
    const config: ElmConfig = {
      trainer: 'elm', hiddenUnits: units, activation: 'tanh', solver: 'pinv', c: 1, init: 'gaussian', chunkRows: n,
    };

    it('solves the normal equations HᵀHβ = HᵀT, and gives the same β for any chunk size', async () => {
      const r = await trainElm(splits, config, 3);
      expect(r.solverUsed).toBe('pinv-gram');
      expect(r.rank).toBe(units);
      const beta = (r.weights as ElmWeights).beta.data;
      // Independent check: the Gram matrix and HᵀT by plain loops over H, then the residual of the
      // normal equations relative to ‖HᵀH‖·‖β‖ (a backward error, small whatever κ).
      const hm = new Float64Array(n * units);
      hiddenForward((r.weights as ElmWeights).hidden, castMatrix(splits.train.x, 'float64').data as Float64Array, n, hm);
      const g = new Float64Array(units * units);
      const ht = new Float64Array(units);
      for (let row = 0; row < n; row++) {
        const o = row * units;
        for (let i = 0; i < units; i++) {
          ht[i] += hm[o + i] * splits.train.y.data[row];
          for (let j = 0; j < units; j++) g[i * units + j] += hm[o + i] * hm[o + j];
        }
      }
      let residual = 0;
      for (let i = 0; i < units; i++) {
        let s = -ht[i];
        for (let j = 0; j < units; j++) s += g[i * units + j] * beta[j];
        residual = Math.max(residual, Math.abs(s));
      }
      expect(residual).toBeLessThan(1e-10 * maxAbs(g) * maxAbs(beta) * units);
      for (const chunkRows of [4096, 777]) {
        const chunked = await trainElm(splits, { ...config, chunkRows }, 3);
        expect(maxAbsDiff(chunked.weights?.beta.data ?? [], beta)).toBeLessThan(1e-14 * (r.condition ?? 0) ** 2 * maxAbs(beta));
      }
    });

    it('still stops between chunks', async () => {
      let chunks = 0;
      const r = await trainElm(splits, { ...config, chunkRows: 5000 }, 3, { onPhase: () => chunks++, shouldStop: () => chunks >= 2 });
      expect(r.status).toBe('cancelled');
      expect(r.rowsProcessed).toBe(10000);
      expect(r.solverUsed).toBe('none');
    });
  });
});

describe('ELM hidden layer', () => {
  const x = randomMatrix(25, 3, new Rng(3));
  const hiddenOf = (activation: ElmConfig['activation'], init: ElmConfig['init'] = 'uniform'): Float64Array => {
    const hidden = initHidden({ activation, hiddenUnits: 8, init }, 3, new Rng(9));
    const h = new Float64Array(25 * 8);
    hiddenForward(hidden, x.data, 25, h);
    return h;
  };

  it.each(['sigmoid', 'tanh', 'relu', 'sin', 'hardlim', 'rbf'] as const)('%s gives finite activations in range', (act) => {
    for (const init of ['uniform', 'gaussian'] as const) {
      const h = hiddenOf(act, init);
      expect(kernels().allFinite(h)).toBe(true);
      const [lo, hi] = { sigmoid: [0, 1], tanh: [-1, 1], relu: [0, Infinity], sin: [-1, 1], hardlim: [0, 1], rbf: [0, 1] }[act];
      for (const v of h) {
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
      if (act === 'hardlim') expect(h.every((v) => v === 0 || v === 1)).toBe(true);
      // A layer that is constant across rows would be useless: every unit must vary for at least one activation.
      if (act !== 'hardlim') expect(new Set(h).size).toBeGreaterThan(8);
    }
  });

  it('computes sigmoid(xW + b) with the documented uniform ranges', () => {
    const hidden = initHidden({ activation: 'sigmoid', hiddenUnits: 8, init: 'uniform' }, 3, new Rng(9));
    if (hidden.activation === 'rbf') throw new Error('unexpected');
    expect(hidden.weights.data.every((w) => w >= -1 && w <= 1)).toBe(true);
    expect(hidden.biases.every((b) => b >= 0 && b <= 1)).toBe(true);
    const h = hiddenOf('sigmoid');
    for (let i = 0; i < 25; i++) for (let j = 0; j < 8; j++) {
      let z = hidden.biases[j];
      for (let p = 0; p < 3; p++) z += x.data[i * 3 + p] * hidden.weights.data[p * 8 + j];
      expect(h[i * 8 + j]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    }
  });

  it('rbf units are exp(−γ‖x − c‖²): 1 at the centre, decaying with distance', () => {
    const hidden = initHidden({ activation: 'rbf', hiddenUnits: 8, init: 'uniform' }, 3, new Rng(9));
    if (hidden.activation !== 'rbf') throw new Error('unexpected');
    const { centres, widths } = hidden;
    expect(widths.every((g) => g >= 0.2 / 3 && g <= 2 / 3)).toBe(true);
    const h = hiddenOf('rbf');
    for (let i = 0; i < 25; i++) for (let j = 0; j < 8; j++) {
      let dist = 0;
      for (let p = 0; p < 3; p++) dist += (x.data[i * 3 + p] - centres.data[p * 8 + j]) ** 2;
      expect(h[i * 8 + j]).toBeCloseTo(Math.exp(-widths[j] * dist), 12);
    }
    // Inputs at centre 0 and then moving away along one axis.
    const probe = new Float64Array(3 * 3);
    for (let s = 0; s < 3; s++) for (let p = 0; p < 3; p++) probe[s * 3 + p] = centres.data[p * 8] + (p === 0 ? s * 0.5 : 0);
    const hp = new Float64Array(3 * 8);
    hiddenForward(hidden, probe, 3, hp);
    expect(hp[0]).toBeCloseTo(1, 12);
    expect(hp[8]).toBeLessThan(hp[0]);
    expect(hp[16]).toBeLessThan(hp[8]);
  });

  it('gaussian init draws weights with variance 1/d', () => {
    const hidden = initHidden({ activation: 'tanh', hiddenUnits: 4000, init: 'gaussian' }, 16, new Rng(1));
    if (hidden.activation === 'rbf') throw new Error('unexpected');
    const w = hidden.weights.data;
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(variance).toBeGreaterThan(0.9 / 16);
    expect(variance).toBeLessThan(1.1 / 16);
  });
});

describe('trainElm', () => {
  const config = (over: Partial<ElmConfig> = {}): ElmConfig => ({
    trainer: 'elm', hiddenUnits: 20, activation: 'sigmoid', solver: 'ridge', c: 1e3, init: 'uniform', ...over,
  });
  const betaBytes = (r: ElmResult): string => encodeArray(r.weights?.beta.data ?? new Float64Array()).base64;

  it('fits a smooth regression and reports scores, timings and diagnostics', async () => {
    const splits = regressionSplits(600, 1);
    const r = await trainElm(splits, config({ hiddenUnits: 40, c: 1e6 }), 7);
    expect(r.status).toBe('completed');
    // 40 sigmoid units of 2 inputs at C = 1e6: κ(HᵀH + I/C) is beyond what Cholesky solves to 1e-6, so the
    // eigendecomposition solves it (issue 10; before, Cholesky did), and gives rank and condition exactly.
    expect(r.solverUsed).toBe('ridge-eigen');
    expect(r.final?.val).toBeUndefined();
    expect(r.final?.train.r2).toBeGreaterThan(0.95);
    expect(r.final?.test?.r2).toBeGreaterThan(0.9);
    expect(r.final?.train.loss).toBeCloseTo(r.final?.train.mse ?? NaN, 12);
    expect(r.final?.testPredictions).toMatchObject({ rows: 150, cols: 1 });
    expect(r.rank).toBeGreaterThan(0);
    expect(r.condition).toBeGreaterThan(1);
    expect(r.parameterCount).toBe(2 * 40 + 40 + 40);
    for (const v of Object.values(r.timings)) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('classifies by argmax of the outputs', async () => {
    const r = await trainElm(classificationSplits(800, 2), config({ hiddenUnits: 60, activation: 'rbf' }), 3);
    expect(r.final?.train.accuracy).toBeGreaterThan(0.9);
    expect(r.final?.val?.balancedAccuracy).toBeGreaterThan(0.85);
    expect(r.final?.testPredictions).toBeInstanceOf(Int32Array);
  });

  it('pinv and ridge agree as C → ∞ on a well-conditioned problem (N ≫ L)', async () => {
    const splits = regressionSplits(500, 4);
    const pinv = await trainElm(splits, config({ solver: 'pinv', hiddenUnits: 8, activation: 'tanh' }), 5);
    const ridge = await trainElm(splits, config({ solver: 'ridge', c: 1e14, hiddenUnits: 8, activation: 'tanh' }), 5);
    expect(pinv.solverUsed).toBe('pinv');
    expect(ridge.solverUsed).toBe('ridge-cholesky');
    const pb = pinv.weights?.beta.data ?? [];
    expect(maxAbsDiff(pb, ridge.weights?.beta.data ?? [])).toBeLessThan(1e-5 * Math.max(...Array.from(pb, Math.abs)));
    expect(ridge.rank).toBe(pinv.rank);
    expect((ridge.condition ?? 0) / (pinv.condition ?? 1)).toBeCloseTo(1, 4);
  });

  it('uses the dual form when N < L and matches the primal ridge solution on the same H', async () => {
    const splits = regressionSplits(30, 6);
    const r = await trainElm(splits, config({ hiddenUnits: 50, c: 10 }), 8);
    expect(r.solverUsed).toBe('ridge-dual-cholesky');
    const weights = r.weights as ElmWeights;
    const h = new Float64Array(30 * 50);
    hiddenForward(weights.hidden, castMatrix(splits.train.x, 'float64').data as Float64Array, 30, h);
    const hm = { rows: 30, cols: 50, data: h };
    const gram = transposeTimes(toRows(hm), toRows(hm)).map((row, i) => row.map((v, j) => v + (i === j ? 1 / 10 : 0)));
    const primal = solveDense(gram, transposeTimes(toRows(hm), toRows(splits.train.y)));
    expect(maxAbsDiff(weights.beta.data, primal.flat())).toBeLessThan(1e-9);
    // The Gram's numerical rank counts singular values of H with σ² > N·ε·σ_max². Ridge no longer decomposes the
    // Gram matrix after a Cholesky solve (issue 10: cheap diagnostics), and at C = 10 the ridge term hides H's
    // smallest directions from the cheap estimate, so the rank is not claimed; the Gram's eigenvalues (what pinv
    // and the eigen fallback use) give it.
    const sigma = new SingularValueDecomposition(toRows(hm), { autoTranspose: true }).diagonal;
    expect(r.rank).toBeNull();
    expect(gramConditioning(outerGram(hm), 30).rank).toBe(sigma.filter((v) => v * v > 30 * Number.EPSILON * sigma[0] ** 2).length);
  });

  describe('on float32 data, as the app prepares it', () => {
    const float32 = (split: { x: Matrix; y: Matrix }) => ({ x: castMatrix(split.x, 'float32'), y: castMatrix(split.y, 'float32') });
    const wide = regressionSplits(300, 12, 3);
    const splits: PreparedSplits = { ...wide, train: float32(wide.train), test: float32(wide.test) };
    const units = 24;
    const c = 100;

    it('solves the ridge normal equations for the float32 H that prediction computes, whatever the chunk size', async () => {
      for (const chunkRows of [300, 37]) {
        const r = await trainElm(splits, config({ hiddenUnits: units, c, chunkRows }), 4);
        expect(r.solverUsed).toBe('ridge-cholesky');
        const weights = r.weights as ElmWeights;
        const h32 = new Float32Array(300 * units);
        hiddenForward(weights.hidden, splits.train.x.data as Float32Array, 300, h32);
        const hm = { rows: 300, cols: units, data: Float64Array.from(h32) };
        const gram = transposeTimes(toRows(hm), toRows(hm)).map((row, i) => row.map((v, j) => v + (i === j ? 1 / c : 0)));
        const expected = solveDense(gram, transposeTimes(toRows(hm), toRows(splits.train.y))).flat();
        expect(maxAbsDiff(weights.beta.data, expected)).toBeLessThan(1e-8 * maxAbs(expected));
        // Prediction runs the same float32 hidden layer: its outputs are H·β for that H.
        const out = elmForward(weights, splits.train.x);
        expect(maxAbsDiff(out.data, times(toRows(hm), toRows(weights.beta)).flat())).toBeLessThan(1e-12 * maxAbs(out.data) * units);
      }
    });

    it('predicts like the same model trained on float64 data, to float32 rounding', async () => {
      const r32 = await trainElm(splits, config({ hiddenUnits: units, c }), 4);
      const r64 = await trainElm(wide, config({ hiddenUnits: units, c }), 4);
      const p32 = elmForward(r32.weights as ElmWeights, wide.test.x).data;
      const p64 = elmForward(r64.weights as ElmWeights, wide.test.x).data;
      expect(maxAbsDiff(p32, p64)).toBeLessThan(1e-4 * maxAbs(p64));
    });
  });

  it('names the chunk of training rows whose hidden activations are not finite, on both paths', async () => {
    const splits = regressionSplits(300, 13);
    splits.train.x.data[250 * 2 + 1] = NaN;
    for (const solver of ['ridge', 'pinv'] as const) {
      // ridge accumulates HᵀH by chunks (N ≥ L); pinv on this small problem keeps all of H for the SVD.
      const run = trainElm(splits, config({ solver, hiddenUnits: 10, chunkRows: 100 }), 1);
      await expect(run).rejects.toThrow('the hidden layer produced non-finite values (training rows 200–299)');
    }
  });

  it('gives the same β for any chunk size', async () => {
    const splits = regressionSplits(101, 9);
    const oneShot = await trainElm(splits, config({ chunkRows: 101 }), 1);
    for (const chunkRows of [1, 7, 13, 64, 500]) {
      const r = await trainElm(splits, config({ chunkRows }), 1);
      expect(maxAbsDiff(r.weights?.beta.data ?? [], oneShot.weights?.beta.data ?? [])).toBeLessThan(1e-9);
    }
  });

  it('is deterministic in the seed', async () => {
    const splits = regressionSplits(200, 10);
    for (const c of [config(), config({ solver: 'pinv' }), config({ activation: 'rbf', init: 'gaussian' })]) {
      const a = await trainElm(splits, c, 42);
      const b = await trainElm(splits, c, 42);
      const other = await trainElm(splits, c, 43);
      expect(betaBytes(a)).toBe(betaBytes(b));
      expect(betaBytes(a)).not.toBe(betaBytes(other));
    }
  });

  it('stops between chunks when asked and reports progress', async () => {
    const splits = regressionSplits(100, 11);
    const progress: number[] = [];
    let yields = 0;
    const r = await trainElm(splits, config({ chunkRows: 10 }), 1, {
      onPhase: (phase, fraction) => {
        expect(phase).toBe('hidden layer');
        progress.push(Math.round(fraction * 100));
      },
      shouldStop: () => progress.length >= 3,
      yieldNow: async () => {
        yields++;
      },
    });
    expect(r.status).toBe('cancelled');
    expect(r.weights).toBeNull();
    expect(r.final).toBeNull();
    expect(r.rowsProcessed).toBe(30);
    expect(progress).toEqual([10, 20, 30]);
    expect(yields).toBeLessThanOrEqual(3);
    const done = await trainElm(splits, config({ chunkRows: 30 }), 1, { onPhase: (_p, f) => progress.push(Math.round(f * 100)) });
    expect(done.status).toBe('completed');
    expect(progress.slice(3)).toEqual([30, 60, 90, 100]);
  });

  it('reports the whole job’s progress: rising to 1 through the solve, calibration and scoring, not the hidden layer alone', async () => {
    const splits = classificationSplits(400, 21);
    const seen: [number, string][] = [];
    const r = await trainElm(splits, config({ chunkRows: 50, hiddenUnits: 40 }), 1, { onWork: (f, step) => seen.push([f, step]) });
    expect(r.status).toBe('completed');
    const fractions = seen.map(([f]) => f);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    const steps = [...new Set(seen.map(([, step]) => step))];
    expect(steps).toEqual(['hidden layer', 'solving the output weights', 'calibrating the probabilities', 'scoring every split']);
    // The hidden layer is only part of the job: when it is done, the bar is not full.
    const hiddenDone = seen.filter(([, step]) => step === 'hidden layer').at(-1)![0];
    expect(hiddenDone).toBeGreaterThan(0);
    expect(hiddenDone).toBeLessThan(1);
    expect(r.timings.evaluationMs).toBeGreaterThanOrEqual(0);
    expect(r.timings.diagnosticsMs).toBeGreaterThanOrEqual(0);
  });

  it('rejects unusable configurations', async () => {
    const splits = regressionSplits(20, 12);
    // The catalog holds the bounds of the settings (API and CLI resolve through it); chunkRows is the engine's own.
    const resolve = (over: Partial<ElmConfig>) => resolveTrainerConfig(config(over), 'regression', null);
    expect(() => resolve({ c: 0 })).toThrow(/c: must be > 0/);
    await expect(trainElm(splits, config({ chunkRows: 0 }), 1)).rejects.toThrow(/chunkRows/);
    expect(() => resolve({ hiddenUnits: 0 })).toThrow(/hiddenUnits/);
  });
});

describe('ELM serialisation', () => {
  it.each(['sigmoid', 'rbf'] as const)('round-trips %s weights exactly through JSON', async (activation) => {
    const splits = classificationSplits(120, 13);
    const r = await trainElm(splits, {
      trainer: 'elm', hiddenUnits: 15, activation, solver: 'ridge', c: 100, init: 'uniform',
    }, 2);
    const weights = r.weights as ElmWeights;
    const back = deserializeElm(JSON.parse(JSON.stringify(serializeElm(weights))));
    expect(back.hidden.activation).toBe(activation);
    expect(encodeArray(back.beta.data).base64).toBe(encodeArray(weights.beta.data).base64);
    const a = elmForward(weights, splits.test.x);
    const b = elmForward(back, splits.test.x);
    expect(encodeArray(b.data).base64).toBe(encodeArray(a.data).base64);
  });

  it('rejects inconsistent model files', async () => {
    const r = await trainElm(regressionSplits(50, 14), {
      trainer: 'elm', hiddenUnits: 5, activation: 'tanh', solver: 'pinv', c: 1, init: 'gaussian',
    }, 2);
    const s = serializeElm(r.weights as ElmWeights);
    expect(() => deserializeElm({ ...s, version: 2 } as unknown as SerializedElm)).toThrow();
    expect(() => deserializeElm({ ...s, activation: 'softmax' } as unknown as SerializedElm)).toThrow();
    expect(() => deserializeElm({ ...s, unitParams: encodeArray(new Float64Array(4), [4]) })).toThrow();
    expect(() => elmForward(r.weights as ElmWeights, { rows: 1, cols: 3, data: new Float64Array(3) })).toThrow();
  });
});
