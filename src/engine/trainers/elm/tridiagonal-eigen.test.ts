import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../math/random';
import { expectFactoredProducts } from '../../testing/factored-products';
import { tridiagonalEigen, tridiagonalEigenvalues, tridiagonalVectorMatrix, tridiagonalVectorsTimes } from './tridiagonal-eigen';

/*
 * The divide-and-conquer tridiagonal eigensolver against properties (T·Z = Z·Λ, ZᵀZ = I, ascending values) and
 * independent references: eigenvalues known in closed form, and ml-matrix's EigenvalueDecomposition (JAMA's
 * tql2) of the same matrix. Cases are the classic hard ones for divide and conquer: clustered and repeated
 * eigenvalues (Wilkinson matrices, glued Wilkinson matrices, a constant diagonal), graded entries, zero blocks.
 * Bounds: a backward-stable solver gives residuals and eigenvalue errors of a modest multiple of n·ε·‖T‖, and
 * orthogonality to a multiple of n·ε; we allow 10·n·ε (a wrong or unorthogonalised vector is off by O(1)).
 */

const EPS = Number.EPSILON;

interface Tridiagonal {
  name: string;
  d: Float64Array;
  e: Float64Array;
}

function wilkinson(m: number): { d: number[]; e: number[] } {
  const half = (m - 1) / 2;
  return { d: Array.from({ length: m }, (_, i) => Math.abs(i - half)), e: Array(m - 1).fill(1) };
}

function cases(): Tridiagonal[] {
  const rng = new Rng(17);
  const out: Tridiagonal[] = [];
  const add = (name: string, d: number[], e: number[]) => out.push({ name, d: Float64Array.from(d), e: Float64Array.from(e) });
  for (const n of [1, 2, 3, 25, 26, 51, 120, 301]) {
    add(`random ${n}`, Array.from({ length: n }, () => rng.normal()), Array.from({ length: n - 1 }, () => rng.normal()));
  }
  const w = wilkinson(21);
  add('Wilkinson W21+', w.d, w.e);
  const w101 = wilkinson(101);
  add('Wilkinson W101+', w101.d, w101.e);
  // Six W21+ glued by 1e-10: every eigenvalue of W21+ six times, to within ~1e-10 — deflation and clusters.
  const glued = { d: [] as number[], e: [] as number[] };
  for (let b = 0; b < 6; b++) {
    glued.d.push(...w.d);
    glued.e.push(...w.e, ...(b < 5 ? [1e-10] : []));
  }
  add('glued Wilkinson 6 × W21+', glued.d, glued.e);
  add('constant diagonal, tiny coupling', Array(80).fill(2), Array.from({ length: 79 }, () => 1e-9 * rng.uniform(0.5, 1)));
  add('graded 1 … 1e-15', Array.from({ length: 60 }, (_, i) => 10 ** (-i / 4)), Array.from({ length: 59 }, (_, i) => 0.3 * 10 ** (-(i + 0.5) / 4)));
  add('zero block in the middle', Array.from({ length: 70 }, (_, i) => (i > 20 && i < 50 ? 0 : rng.normal())),
    Array.from({ length: 69 }, (_, i) => (i > 20 && i < 49 ? 0 : rng.normal())));
  add('all zero', Array(30).fill(0), Array(29).fill(0));
  add('huge scale', Array.from({ length: 40 }, () => 1e290 * rng.normal()), Array.from({ length: 39 }, () => 1e290 * rng.normal()));
  add('tiny scale', Array.from({ length: 40 }, () => 1e-290 * rng.normal()), Array.from({ length: 39 }, () => 1e-290 * rng.normal()));
  return out;
}

const normOf = ({ d, e }: Tridiagonal) => Math.max(...Array.from(d, Math.abs), ...Array.from(e, Math.abs), 0);

describe('tridiagonalEigen (divide and conquer)', () => {
  for (const t of cases()) {
    it(`${t.name}: T·Z = Z·Λ, ZᵀZ = I, ascending values, inputs untouched`, () => {
      const { d, e } = t;
      const n = d.length;
      const before = [Array.from(d), Array.from(e)];
      const eig = tridiagonalEigen(d, e);
      const { values } = eig;
      const z = tridiagonalVectorMatrix(eig);
      expect([Array.from(d), Array.from(e)]).toEqual(before);
      const norm = normOf(t);
      for (let j = 1; j < n; j++) expect(values[j]).toBeGreaterThanOrEqual(values[j - 1]);
      let residual = 0;
      let orthogonality = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          // (T·z_j)_i = e_{i−1}·z_{i−1} + d_i·z_i + e_i·z_{i+1}
          let tz = d[i] * z[i * n + j];
          if (i > 0) tz += e[i - 1] * z[(i - 1) * n + j];
          if (i + 1 < n) tz += e[i] * z[(i + 1) * n + j];
          residual = Math.max(residual, Math.abs(tz - values[j] * z[i * n + j]));
        }
        for (let k = j; k < n; k++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += z[i * n + j] * z[i * n + k];
          orthogonality = Math.max(orthogonality, Math.abs(dot - (j === k ? 1 : 0)));
        }
      }
      expect(residual).toBeLessThanOrEqual(10 * n * EPS * norm);
      expect(orthogonality).toBeLessThanOrEqual(10 * n * EPS);
      // The factored Z applied to a block, and its transpose, agree with the explicit matrix.
      expectFactoredProducts(z, n, (b, k) => tridiagonalVectorsTimes(eig, b, k), (b, k) => tridiagonalVectorsTimes(eig, b, k, true), new Rng(n), 1e-13 * n);
    });

    it(`${t.name}: eigenvalues agree with ml-matrix's and with the values-only QL`, () => {
      const { d, e } = t;
      const n = d.length;
      const norm = normOf(t);
      // ml-matrix works unscaled: keep its input within range for the extreme-scale cases.
      const s = norm > 0 ? norm : 1;
      const dense = new MlMatrix(n, n);
      for (let i = 0; i < n; i++) {
        dense.set(i, i, d[i] / s);
        if (i + 1 < n) {
          dense.set(i, i + 1, e[i] / s);
          dense.set(i + 1, i, e[i] / s);
        }
      }
      const reference = new EigenvalueDecomposition(dense, { assumeSymmetric: true }).realEigenvalues.map((v) => v * s).sort((a, b) => a - b);
      const { values } = tridiagonalEigen(d, e);
      const qlOnly = tridiagonalEigenvalues(d, e);
      for (let j = 0; j < n; j++) {
        expect(Math.abs(values[j] - reference[j])).toBeLessThanOrEqual(10 * n * EPS * norm);
        expect(Math.abs(qlOnly[j] - reference[j])).toBeLessThanOrEqual(10 * n * EPS * norm);
      }
    });
  }

  it('finds the closed-form eigenvalues 2 − 2·cos(kπ/(n+1)) of the 1-2-1 matrix (n = 500)', () => {
    const n = 500;
    const { values } = tridiagonalEigen(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
    for (let k = 1; k <= n; k++) expect(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1))))).toBeLessThanOrEqual(10 * n * EPS * 4);
  });

  it('rejects non-finite input with a clear message', () => {
    expect(() => tridiagonalEigen(Float64Array.of(1, NaN), Float64Array.of(1))).toThrow(/non-finite/);
  });
});
