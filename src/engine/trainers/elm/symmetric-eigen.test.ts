import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { randomSymmetric, Rng } from '../../math/random';
import { expectFactoredProducts } from '../../testing/factored-products';
import {
  eigenvectorMatrix, eigenvectorsTimes, eigenvectorsTransposeTimes, symmetricEigen, symmetricEigenvalues,
} from './symmetric-eigen';

const sorted = (a: Float64Array): number[] => Array.from(a).sort((x, y) => x - y);

/** Q·diag(λ)·Qᵀ with Q a product of Householder reflections: a symmetric matrix of known spectrum. */
function withSpectrum(lambda: number[], rng: Rng): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  for (let reflection = 0; reflection < 3; reflection++) {
    const v = Array.from({ length: n }, () => rng.normal());
    const vv = v.reduce((s, x) => s + x * x, 0);
    // A ← (I − 2vvᵀ/vᵀv) A (I − 2vvᵀ/vᵀv), applied as two one-sided updates.
    for (let side = 0; side < 2; side++) {
      for (let k = 0; k < n; k++) {
        let dot = 0;
        for (let p = 0; p < n; p++) dot += v[p] * (side === 0 ? a[p * n + k] : a[k * n + p]);
        for (let p = 0; p < n; p++) {
          if (side === 0) a[p * n + k] -= (2 * v[p] * dot) / vv;
          else a[k * n + p] -= (2 * v[p] * dot) / vv;
        }
      }
    }
  }
  return a;
}

describe('symmetricEigenvalues', () => {
  it('finds a known spectrum, including repeated and zero eigenvalues', () => {
    const rng = new Rng(1);
    for (const lambda of [[3], [2, -1], [5, 4, 4, 0, -2, 1e-3, 7, 7, 0, 1], Array.from({ length: 40 }, (_, i) => i * i - 30)]) {
      const got = sorted(symmetricEigenvalues(withSpectrum(lambda, rng), lambda.length));
      const want = [...lambda].sort((x, y) => x - y);
      const scale = Math.max(...want.map(Math.abs));
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-12 * scale * lambda.length));
    }
  });

  it('handles diagonal, zero and empty matrices without modifying the input', () => {
    const diag = Float64Array.of(4, 0, 0, 0, -1, 0, 0, 0, 2);
    expect(sorted(symmetricEigenvalues(diag, 3))).toEqual([-1, 2, 4]);
    expect(Array.from(diag)).toEqual([4, 0, 0, 0, -1, 0, 0, 0, 2]);
    expect(sorted(symmetricEigenvalues(new Float64Array(16), 4))).toEqual([0, 0, 0, 0]);
    expect(symmetricEigenvalues(new Float64Array(0), 0).length).toBe(0);
  });

  it('preserves the trace and the Frobenius norm of a random symmetric matrix', () => {
    const rng = new Rng(2);
    const n = 60;
    const a = randomSymmetric(n, rng);
    const ev = symmetricEigenvalues(a, n);
    let trace = 0;
    let frob = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    for (const v of a) frob += v * v;
    expect(ev.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
    expect(ev.reduce((s, v) => s + v * v, 0)).toBeCloseTo(frob, 9);
  });
});

/** V itself, from its factored form applied to the identity. */
function explicitVectors(a: Float64Array, n: number): { values: Float64Array; v: Float64Array } {
  const eig = symmetricEigen(a, n);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  eigenvectorsTimes(eig, v, n);
  return { values: eig.values, v };
}

describe('symmetricEigen', () => {
  const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

  it('gives orthonormal eigenvectors with A·v = λ·v, also for repeated and zero eigenvalues', () => {
    const rng = new Rng(3);
    for (const lambda of [[3], [2, -1], [5, 4, 4, 0, -2, 1e-3, 7, 7, 0, 1], Array.from({ length: 50 }, (_, i) => (i % 7) - 2)]) {
      const n = lambda.length;
      const a = withSpectrum(lambda, rng);
      const { values, v } = explicitVectors(a, n);
      const want = [...lambda].sort((x, y) => x - y);
      sorted(values).forEach((x, i) => expect(Math.abs(x - want[i])).toBeLessThan(1e-12 * 10 * n));
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        // Column j of V is eigenvector j: (A·V)[i][j] = λ_j·V[i][j] and (VᵀV)[i][j] = δ_ij.
        let av = 0;
        let vtv = 0;
        for (let p = 0; p < n; p++) {
          av += a[i * n + p] * v[p * n + j];
          vtv += v[p * n + i] * v[p * n + j];
        }
        expect(Math.abs(av - values[j] * v[i * n + j])).toBeLessThan(1e-12 * 10 * n);
        expect(Math.abs(vtv - (i === j ? 1 : 0))).toBeLessThan(1e-13 * n);
      }
    }
  });

  it('applies Vᵀ as the transpose of V', () => {
    const rng = new Rng(4);
    const n = 30;
    const a = randomSymmetric(n, rng);
    const eig = symmetricEigen(a, n);
    const { v } = explicitVectors(a, n);
    const b = Float64Array.from({ length: n * 3 }, () => rng.normal());
    const vtb = b.slice();
    eigenvectorsTransposeTimes(eig, vtb, 3);
    const want = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) for (let col = 0; col < 3; col++) {
      for (let p = 0; p < n; p++) want[i * 3 + col] += v[p * n + i] * b[p * 3 + col];
    }
    expect(maxAbs(vtb.map((x, i) => x - want[i]))).toBeLessThan(1e-12);
    eigenvectorsTimes(eig, vtb, 3);
    expect(maxAbs(vtb.map((x, i) => x - b[i]))).toBeLessThan(1e-12);
  });
});

/*
 * The whole decomposition (kernel tridiagonal reduction + divide and conquer + WY back-transformation) on the
 * matrices the ELM meets — Gram matrices of random features, rank-deficient ones, clustered and graded spectra —
 * against ml-matrix's EigenvalueDecomposition (JAMA: tred2 + tql2, an independent implementation) and the
 * properties A·V = V·Λ and VᵀV = I. Sizes cross the reduction's panels and the WY blocks (48 reflectors).
 * Bound: 10·n·ε·‖A‖ for residuals and eigenvalues, 10·n·ε for orthogonality (backward stability).
 */
describe('symmetricEigen on ELM-like, rank-deficient, clustered and graded matrices', () => {
  const rng = new Rng(9);
  const gramOf = (rows: number, cols: number, entry: (i: number, j: number) => number) => {
    const h = Array.from({ length: rows * cols }, (_, i) => entry(Math.floor(i / cols), i % cols));
    const g = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += h[r * cols + i] * h[r * cols + j];
      g[i * cols + j] = s;
    }
    return g;
  };
  const cases: Array<{ name: string; n: number; a: Float64Array }> = [
    { name: 'Gram of 400 × 150 sigmoid features', n: 150, a: gramOf(400, 150, () => 1 / (1 + Math.exp(-3 * rng.normal()))) },
    { name: 'rank 40 Gram, n = 130', n: 130, a: gramOf(40, 130, () => rng.normal()) },
    { name: 'clustered: 5 values, each 40 times', n: 200, a: withSpectrum(Array.from({ length: 200 }, (_, i) => (i % 5) * 10 + 1e-13 * i), rng) },
    { name: 'graded: λ from 1 to 1e-14', n: 120, a: withSpectrum(Array.from({ length: 120 }, (_, i) => 10 ** (-14 * i / 119)), rng) },
    { name: 'random, n = 97', n: 97, a: randomSymmetric(97, rng) },
  ];
  for (const { name, n, a } of cases) {
    it(name, () => {
      const copy = a.slice();
      const eig = symmetricEigen(a, n);
      expect(Array.from(a)).toEqual(Array.from(copy));
      let norm = 0;
      for (const x of a) norm = Math.max(norm, Math.abs(x));
      norm *= n; // ‖A‖₂ ≤ n·max|a_ij|
      const ml = new MlMatrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ml.set(i, j, a[i * n + j]);
      const reference = new EigenvalueDecomposition(ml, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => x - y);
      const valuesOnly = symmetricEigenvalues(a, n);
      for (let j = 0; j < n; j++) {
        expect(Math.abs(eig.values[j] - reference[j])).toBeLessThanOrEqual(10 * n * Number.EPSILON * norm);
        expect(Math.abs(valuesOnly[j] - reference[j])).toBeLessThanOrEqual(10 * n * Number.EPSILON * norm);
      }
      const v = eigenvectorMatrix(eig);
      let residual = 0;
      let orthogonality = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let p = 0; p < n; p++) av += a[i * n + p] * v[p * n + j];
          residual = Math.max(residual, Math.abs(av - eig.values[j] * v[i * n + j]));
        }
        for (let k = j; k < n; k++) {
          let dot = 0;
          for (let p = 0; p < n; p++) dot += v[p * n + j] * v[p * n + k];
          orthogonality = Math.max(orthogonality, Math.abs(dot - (j === k ? 1 : 0)));
        }
      }
      expect(residual).toBeLessThanOrEqual(10 * n * Number.EPSILON * norm);
      expect(orthogonality).toBeLessThanOrEqual(10 * n * Number.EPSILON);
      // The factored form applied to a block of columns is the explicit V (and Vᵀ its transpose).
      expectFactoredProducts(v, n, (b, k) => eigenvectorsTimes(eig, b, k), (b, k) => eigenvectorsTransposeTimes(eig, b, k), rng, 1e-12 * n);
    });
  }

  it('rejects a matrix with non-finite entries with a clear message', () => {
    expect(() => symmetricEigen(Float64Array.of(1, Infinity, Infinity, 1), 2)).toThrow(/non-finite/);
  });
});
