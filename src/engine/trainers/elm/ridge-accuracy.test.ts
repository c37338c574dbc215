import { SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { kernels } from '../../math/kernels';
import { Rng } from '../../math/random';
import { outerGram, solveRidgeDual, solveRidgePrimal, type F64Matrix } from './solvers';

/**
 * The ridge β against an independent reference: the SVD of H itself (ml-matrix), β = Σ σ/(σ² + 1/C)·v·uᵀT over
 * the singular values kept by the same rank rule as the solver's eigen fallback (σ² > max(N, L)·ε·σ_max²). The
 * solver only ever sees HᵀH (or HHᵀ) and HᵀT, so this checks both the choice between Cholesky and the
 * eigendecomposition and each of them, over C from 1e-3 to 1e13.
 */
function svdRidge(h: F64Matrix, t: F64Matrix, c: number): Float64Array {
  const rowsOf = (m: F64Matrix) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  const svd = new SingularValueDecomposition(rowsOf(h), { autoTranspose: true });
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const s = svd.diagonal;
  const tol = Math.max(h.rows, h.cols) * Number.EPSILON * s[0] ** 2;
  const beta = new Float64Array(h.cols * t.cols);
  for (let i = 0; i < s.length; i++) {
    if (!(s[i] * s[i] > tol)) continue;
    const f = s[i] / (s[i] * s[i] + 1 / c);
    for (let j = 0; j < t.cols; j++) {
      let ut = 0;
      for (let r = 0; r < h.rows; r++) ut += u.get(r, i) * t.data[r * t.cols + j];
      for (let p = 0; p < h.cols; p++) beta[p * t.cols + j] += f * v.get(p, i) * ut;
    }
  }
  return beta;
}

/** A hidden layer's output: sigmoid features of random inputs, `distinct` different rows each repeated `times` times. */
function hiddenOutput(distinct: number, times: number, units: number, seed: number): { h: F64Matrix; t: F64Matrix } {
  const rng = new Rng(seed);
  const d = 3;
  const w = Array.from({ length: d * units }, () => rng.uniform(-2, 2));
  const b = Array.from({ length: units }, () => rng.uniform(-1, 1));
  const rows: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < distinct; i++) {
    const x = Array.from({ length: d }, () => rng.uniform(-1, 1));
    const row = Array.from({ length: units }, (_, j) => 1 / (1 + Math.exp(-(b[j] + x.reduce((s, xi, p) => s + xi * w[p * units + j], 0)))));
    const target = [Math.sin(3 * x[0]) + x[1] * x[2], x[0] > 0 ? 1 : 0];
    for (let r = 0; r < times; r++) {
      rows.push(row);
      targets.push(target);
    }
  }
  return {
    h: { rows: rows.length, cols: units, data: Float64Array.from(rows.flat()) },
    t: { rows: rows.length, cols: 2, data: Float64Array.from(targets.flat()) },
  };
}

function transposeTimes(a: F64Matrix, b: F64Matrix): F64Matrix {
  const out = new Float64Array(a.cols * b.cols);
  kernels().gemmTN(a.data, b.data, out, a.cols, a.rows, b.cols);
  return { rows: a.cols, cols: b.cols, data: out };
}

function relativeError(x: Float64Array, reference: Float64Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    diff += (x[i] - reference[i]) ** 2;
    norm += reference[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

const C_VALUES = Array.from({ length: 17 }, (_, i) => 10 ** (i - 3));

describe('ridge β against an SVD of H, C = 1e-3 … 1e13', () => {
  it('on H with repeated rows (rank-deficient: 40 distinct rows of 60 units, each 5 times)', () => {
    const { h, t } = hiddenOutput(40, 5, 60, 1);
    const gram = transposeTimes(h, h).data;
    const hT = transposeTimes(h, t);
    const methods = new Set<string>();
    for (const c of C_VALUES) {
      const r = solveRidgePrimal(gram, hT, c, Math.max(h.rows, h.cols));
      methods.add(r.method);
      expect([c, relativeError(r.beta.data, svdRidge(h, t, c))]).toSatisfy(([, e]: number[]) => e < 1e-6);
    }
    // Both paths are exercised: Cholesky at small C, the eigendecomposition where it would not be accurate.
    expect([...methods].sort()).toEqual(['cholesky', 'eigen']);
  });

  it('on N < L (the dual form), also with repeated rows', () => {
    for (const [distinct, times] of [[30, 1], [10, 3]]) {
      const { h, t } = hiddenOutput(distinct, times, 80, 2);
      const outer = outerGram(h);
      for (const c of C_VALUES) {
        const r = solveRidgeDual(h, outer, t, c);
        expect([distinct, c, relativeError(r.beta.data, svdRidge(h, t, c))]).toSatisfy(([, , e]: number[]) => e < 1e-6);
      }
    }
  });
});
