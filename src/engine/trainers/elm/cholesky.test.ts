import { CholeskyDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../math/random';
import { CHOLESKY_BLOCK_SIZE, choleskyInPlace, choleskySolveInPlace } from './cholesky';
import { solveSymmetric } from './solvers';

/** A = G·Gᵀ + shift·I for a random n × n G (plain loops, independent of the kernels). */
function randomSpd(n: number, rng: Rng, shift = n): Float64Array {
  const g = Float64Array.from({ length: n * n }, () => rng.uniform(-1, 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += g[i * n + p] * g[j * n + p];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
    a[i * n + i] += shift;
  }
  return a;
}

function randomMatrix(rows: number, cols: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: rows * cols }, () => rng.uniform(-1, 1));
}

/** C = A·B for A (m × k) and B (k × n), plain loops. */
function times(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
    const v = a[i * k + p];
    for (let j = 0; j < n; j++) c[i * n + j] += v * b[p * n + j];
  }
  return c;
}

/** The lower triangle of `l` as a dense L (zeros above the diagonal). */
function lowerOf(l: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[i * n + j] = l[i * n + j];
  return out;
}

/** L·Lᵀ from the lower triangle of `l`, plain loops. */
function reconstruct(l: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p <= Math.min(i, j); p++) s += l[i * n + p] * l[j * n + p];
    out[i * n + j] = s;
  }
  return out;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

const SIZES = [1, 2, 3, 17, 64, 65, 130, 257];

/** Block sizes that divide some of the sizes and not others, the unblocked case (n) and the default. */
function blockSizesFor(n: number): number[] {
  return [...new Set([1, 7, 16, 32, 64, CHOLESKY_BLOCK_SIZE, n])];
}

describe('choleskyInPlace', () => {
  const rng = new Rng(7);

  for (const n of SIZES) {
    it(`reconstructs A = L·Lᵀ for n = ${n} at every block size`, () => {
      const a = randomSpd(n, rng);
      const norm = frobenius(a);
      for (const bs of blockSizesFor(n)) {
        const l = a.slice();
        expect(choleskyInPlace(l, n, bs), `block size ${bs}`).toBe(true);
        expect(maxAbsDiff(reconstruct(l, n), a) / norm, `block size ${bs}`).toBeLessThanOrEqual(1e-12);
        let minDiagonal = Infinity;
        let upperChanged = 0;
        for (let i = 0; i < n; i++) {
          minDiagonal = Math.min(minDiagonal, l[i * n + i]);
          // The strict upper triangle is left as it was.
          for (let j = i + 1; j < n; j++) if (l[i * n + j] !== a[i * n + j]) upperChanged++;
        }
        expect(minDiagonal).toBeGreaterThan(0);
        expect(upperChanged).toBe(0);
      }
    });
  }

  it('reads only the lower triangle', () => {
    const n = 65;
    const a = randomSpd(n, rng);
    const expected = a.slice();
    choleskyInPlace(expected, n, 16);
    const garbled = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) garbled[i * n + j] = NaN;
    expect(choleskyInPlace(garbled, n, 16)).toBe(true);
    expect(maxAbsDiff(lowerOf(garbled, n), lowerOf(expected, n))).toBe(0);
  });

  it("agrees with ml-matrix's CholeskyDecomposition", () => {
    const n = 130;
    const a = randomSpd(n, rng, 1);
    const ml = new CholeskyDecomposition(new MlMatrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)))));
    const reference = Float64Array.from(ml.lowerTriangularMatrix.to1DArray());
    const l = a.slice();
    expect(choleskyInPlace(l, n)).toBe(true);
    expect(maxAbsDiff(lowerOf(l, n), reference)).toBeLessThan(1e-12 * maxAbs(reference));
  });

  it('returns false for indefinite, singular and non-finite matrices', () => {
    expect(choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2)).toBe(false);
    expect(choleskyInPlace(Float64Array.of(0), 1)).toBe(false);
    expect(choleskyInPlace(Float64Array.of(1, 1, 1, 1), 2)).toBe(false);
    expect(choleskyInPlace(Float64Array.of(NaN), 1)).toBe(false);
    expect(choleskyInPlace(Float64Array.of(1, 0, Infinity, 1), 2)).toBe(false);
    // A negative pivot deep inside the matrix, past the first panels, at every block size.
    const n = 130;
    const a = randomSpd(n, rng);
    a[120 * n + 120] = -1;
    for (const bs of blockSizesFor(n)) expect(choleskyInPlace(a.slice(), n, bs), `block size ${bs}`).toBe(false);
  });
});

describe('choleskySolveInPlace', () => {
  const rng = new Rng(11);

  for (const [n, k] of [[1, 1], [3, 2], [65, 1], [257, 10]]) {
    it(`solves A·X = B for n = ${n}, ${k} right-hand side(s)`, () => {
      const a = randomSpd(n, rng, 1);
      const b = randomMatrix(n, k, rng);
      const l = a.slice();
      expect(choleskyInPlace(l, n)).toBe(true);
      const x = b.slice();
      choleskySolveInPlace(l, n, x, k);
      const residual = maxAbsDiff(times(a, x, n, n, k), b);
      expect(residual).toBeLessThan(1e-12 * frobenius(a) * maxAbs(x));
    });
  }

  it('solves one right-hand side with the same operations as a column among several: bit for bit', () => {
    const [n, k] = [97, 3];
    const l = randomSpd(n, rng, 1);
    expect(choleskyInPlace(l, n)).toBe(true);
    const b = randomMatrix(n, k, rng);
    const together = b.slice();
    choleskySolveInPlace(l, n, together, k);
    for (let j = 0; j < k; j++) {
      const column = Float64Array.from({ length: n }, (_, i) => b[i * k + j]);
      choleskySolveInPlace(l, n, column, 1);
      expect(Array.from(column)).toEqual(Array.from({ length: n }, (_, i) => together[i * k + j]));
    }
  });
});

describe('solveSymmetric', () => {
  const rng = new Rng(13);

  it('solves an SPD system by Cholesky', () => {
    const n = 130;
    const a = randomSpd(n, rng, 1);
    const b = randomMatrix(n, 3, rng);
    const { x, method } = solveSymmetric(a.slice(), n, { rows: n, cols: 3, data: b });
    expect(method).toBe('cholesky');
    expect(maxAbsDiff(times(a, x.data, n, n, 3), b)).toBeLessThan(1e-12 * frobenius(a) * maxAbs(x.data));
  });

  it('falls back to the eigendecomposition for an indefinite matrix and still solves it', () => {
    const n = 65;
    const a = randomSpd(n, rng);
    a[40 * n + 40] = -1;
    const b = randomMatrix(n, 2, rng);
    const { x, method } = solveSymmetric(a.slice(), n, { rows: n, cols: 2, data: b });
    expect(method).toBe('eigen');
    expect(maxAbsDiff(times(a, x.data, n, n, 2), b)).toBeLessThan(1e-10 * frobenius(a) * maxAbs(x.data));
  });

  it('falls back to the eigendecomposition for a singular matrix and returns a solution of a consistent system', () => {
    // A = G·Gᵀ with G of rank 40: positive semidefinite and singular.
    const n = 70;
    const r = 40;
    const g = randomMatrix(n, r, rng);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < r; p++) s += g[i * r + p] * g[j * r + p];
      a[i * n + j] = s;
    }
    const b = times(a, randomMatrix(n, 2, rng), n, n, 2);
    const { x, method } = solveSymmetric(a.slice(), n, { rows: n, cols: 2, data: b });
    expect(method).toBe('eigen');
    expect(maxAbsDiff(times(a, x.data, n, n, 2), b)).toBeLessThan(1e-9 * maxAbs(b));
  });

  it('rejects non-finite normal equations', () => {
    expect(() => solveSymmetric(Float64Array.of(NaN), 1, { rows: 1, cols: 1, data: Float64Array.of(1) })).toThrow(/non-finite/);
  });
});
