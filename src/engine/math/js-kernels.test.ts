import { describe, expect, it } from 'vitest';
import { jsKernels as k } from './js-kernels';
import type { PointwiseActivation } from '../catalog/activations';
import { allocArray, type DType, type FloatArray } from './matrix';
import { Rng } from './random';

const rng = new Rng(2024);

/** Normal values with about one in eight exactly zero, so the kernels' zero-skipping paths run too. */
function randomArray(dtype: DType, length: number, gen = rng): FloatArray {
  const a = allocArray(dtype, length);
  for (let i = 0; i < length; i++) a[i] = gen.next() < 0.125 ? 0 : gen.normal();
  return a;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, dtype: DType, tol64 = 1e-12): void {
  const tol = dtype === 'float64' ? tol64 : 1e-4;
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `element ${i}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
  }
}

// Naive references: one independent triple loop per product, indexing written out from the definition.
const at = (a: FloatArray, cols: number, r: number, c: number): number => a[r * cols + c];

function naiveProduct(
  m: number, k_: number, n: number, left: (i: number, p: number) => number, right: (p: number, j: number) => number,
): number[] {
  const c: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k_; p++) s += left(i, p) * right(p, j);
      c.push(s);
    }
  }
  return c;
}

const sizes = [1, 3, 17];
const shapes: [number, number, number][] = [];
for (const m of sizes) for (const kk of sizes) for (const n of sizes) shapes.push([m, kk, n]);
shapes.push([5, 2, 9], [20, 33, 4]);
const dtypes: DType[] = ['float64', 'float32'];

describe.each(dtypes)('js kernels (%s)', (dtype) => {
  describe.each(shapes)('products m=%i k=%i n=%i', (m, kk, n) => {
    it.each([false, true])('gemm, gemmTN, gemmNT (accumulate=%s)', (accumulate) => {
      const start = randomArray(dtype, m * n);
      const plus = (ref: number[]): number[] => (accumulate ? ref.map((v, i) => v + start[i]) : ref);

      const a = randomArray(dtype, m * kk); // m×k
      const b = randomArray(dtype, kk * n); // k×n
      const c = start.slice();
      k.gemm(a, b, c, m, kk, n, accumulate);
      expectClose(c, plus(naiveProduct(m, kk, n, (i, p) => at(a, kk, i, p), (p, j) => at(b, n, p, j))), dtype);

      const aT = randomArray(dtype, kk * m); // stored k×m, used as its transpose
      const cTN = start.slice();
      k.gemmTN(aT, b, cTN, m, kk, n, accumulate);
      expectClose(cTN, plus(naiveProduct(m, kk, n, (i, p) => at(aT, m, p, i), (p, j) => at(b, n, p, j))), dtype);

      const bT = randomArray(dtype, n * kk); // stored n×k, used as its transpose
      const cNT = start.slice();
      k.gemmNT(a, bT, cNT, m, kk, n, accumulate);
      expectClose(cNT, plus(naiveProduct(m, kk, n, (i, p) => at(a, kk, i, p), (p, j) => at(bT, kk, j, p))), dtype);
    });
  });

  it.each([[1, 1], [3, 17], [17, 3], [40, 5]])('syrk accumulates AᵀA (m=%i, n=%i) into both triangles', (m, n) => {
    const a = randomArray(dtype, m * n);
    // Start from a symmetric matrix so "+=" is checked on both triangles.
    const s = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) s[i * n + j] = s[j * n + i] = rng.normal();
    const c = s.slice();
    k.syrk(a, c, m, n);
    const ata = naiveProduct(n, m, n, (i, p) => at(a, n, p, i), (p, j) => at(a, n, p, j));
    expectClose(c, ata.map((v, i) => v + s[i]), 'float64');
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(c[i * n + j]).toBe(c[j * n + i]);
  });

  it.each([[1, 1], [3, 17], [17, 3]])('sumRows gives column sums (rows=%i, cols=%i), also accumulating', (r, c) => {
    const g = randomArray(dtype, r * c);
    const sums = Array.from({ length: c }, (_, j) => {
      let s = 0;
      for (let i = 0; i < r; i++) s += g[i * c + j];
      return s;
    });
    const out = randomArray(dtype, c);
    const start = out.slice();
    k.sumRows(g, out, r, c);
    expectClose(out, sums, dtype);
    const acc = start.slice();
    k.sumRows(g, acc, r, c, true);
    expectClose(acc, sums.map((v, j) => v + start[j]), dtype);
  });

  it('sumSquares', () => {
    const a = randomArray(dtype, 101);
    expect(k.sumSquares(a)).toBeCloseTo(Array.from(a).reduce((s, v) => s + v * v, 0), 6);
    expect(k.sumSquares(allocArray(dtype, 0))).toBe(0);
  });

  it('allFinite catches NaN and ±Infinity anywhere', () => {
    const a = randomArray(dtype, 17);
    expect(k.allFinite(a)).toBe(true);
    expect(k.allFinite(allocArray(dtype, 0))).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const pos of [0, 8, 16]) {
        const b = a.slice();
        b[pos] = bad;
        expect(k.allFinite(b), `${bad} at ${pos}`).toBe(false);
      }
    }
    // A float64 value beyond float32's range overflows to Infinity when stored in float32.
    const big = allocArray(dtype, 1);
    big[0] = 1e300;
    expect(k.allFinite(big)).toBe(dtype === 'float64');
  });
});

/** erf by its Maclaurin series, independent of special.ts; accurate to ~1e-13 for |x| ≤ 3. */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const references: Record<PointwiseActivation, (v: number, alpha: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(0, v),
  leakyRelu: (v, a) => (v > 0 ? v : a * v),
  elu: (v, a) => (v > 0 ? v : a * (Math.exp(v) - 1)),
  gelu: (v) => 0.5 * v * (1 + erfSeries(v / Math.SQRT2)),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v)),
  sin: (v) => Math.sin(v),
  hardlim: (v) => (v >= 0 ? 1 : 0),
};
const activations = Object.keys(references) as PointwiseActivation[];

describe.each(dtypes)('pointwise activations (%s)', (dtype) => {
  const rows = 3;
  const cols = 17;
  /** Inputs in ±[0.05, 3]: inside the series' range and clear of every kink. */
  function inputs(): FloatArray {
    const x = allocArray(dtype, rows * cols);
    for (let i = 0; i < x.length; i++) x[i] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.05, 3);
    return x;
  }

  // 1e-10 in float64 because special.ts's erf (inside GELU) is documented to ~1e-12, not exact.
  const close = (actual: ArrayLike<number>, expected: ArrayLike<number>): void => expectClose(actual, expected, dtype, 1e-10);

  it.each(activations)('biasActivation %s with a bias, without one, and in place', (act) => {
    const alpha = act === 'elu' ? 0.7 : 0.05;
    const x = inputs();
    const bias = allocArray(dtype, cols);
    for (let j = 0; j < cols; j++) bias[j] = rng.uniform(-0.02, 0.02);
    const out = allocArray(dtype, rows * cols);
    k.biasActivation(x, bias, out, rows, cols, act, alpha);
    close(out, Array.from(x, (v, i) => references[act](v + bias[i % cols], alpha)));
    k.biasActivation(x, null, out, rows, cols, act, alpha);
    const expected = Array.from(x, (v) => references[act](v, alpha));
    close(out, expected);
    k.biasActivation(x, null, x, rows, cols, act, alpha);
    close(x, expected);
  });

  it.each(activations)('activationBackward %s matches central differences of the reference', (act) => {
    const alpha = act === 'elu' ? 0.7 : 0.05;
    const x = inputs();
    const y = allocArray(dtype, x.length);
    k.biasActivation(x, null, y, rows, cols, act, alpha);
    const dy = randomArray(dtype, x.length);
    const dx = allocArray(dtype, x.length);
    k.activationBackward(x, y, dy, dx, x.length, act, alpha);
    const h = 1e-5;
    const f = references[act];
    const expected = Array.from(x, (v, i) => (dy[i] * (f(v + h, alpha) - f(v - h, alpha))) / (2 * h));
    // Central differences with h = 1e-5 are good to ~1e-9 here; float32 inputs limit the rest.
    const tol = dtype === 'float64' ? 1e-8 : 1e-4;
    expected.forEach((e, i) => expect(Math.abs(dx[i] - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e))));
  });
});
