import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { PointwiseActivation } from '../catalog/activations';
import type { Kernels } from './kernels';
import { jsKernels } from './js-kernels';
import type { FloatArray } from './matrix';
import { Rng } from './random';
import { selectKernels } from './select-kernels';
import { kernelTeamStarter } from '../../main/engine-host/kernel-team';
import { base64ToBytes } from './encode';
import { KERNELS_SIMD_WASM_BASE64 } from './wasm/kernels-wasm.generated';
import { instantiateSync } from './wasm/webassembly-api';
import { createWasmKernels, kernelExports, type WasmVariant } from './wasm-kernels';

/*
 * Every wasm kernel against the JavaScript reference. Shapes straddle the SIMD width (4 / 2 lanes), the
 * micro-tile (5 rows plain, 6 rows relaxed × 8 float32 or 4 float64 columns) and the cache blocks (KC = 256,
 * MC = 120), for both builds (plain SIMD and relaxed SIMD with fused multiply-add), and for the relaxed build with
 * a helper thread splitting every product, however small (rows or columns, uneven parts, syrk by rows).
 *
 * Tolerance for a sum of k products: both sides accumulate in the working precision, so each is within
 * k·ε·Σ|a||b| of the exact value (ε = 2⁻²⁴ float32, 2⁻⁵³ float64); we allow 2·(k + 2)·ε·Σ|a||b| elementwise.
 * A wrong or missing term is off by about Σ|a||b|/k, far above that for the k used here.
 */

// Node 20 ships relaxed SIMD behind a flag; it applies to modules compiled after this call.
setFlagsFromString('--experimental-wasm-relaxed-simd');

/** Each build on one thread, and the relaxed one with a helper thread that takes part in every product. */
const CONFIGS: Array<{ label: string; variant: WasmVariant; threads: number }> = [
  { label: 'simd', variant: 'simd', threads: 1 },
  { label: 'relaxed-simd', variant: 'relaxed-simd', threads: 1 },
  { label: 'relaxed-simd, 2 threads', variant: 'relaxed-simd', threads: 2 },
];

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const EPS = (C: Ctor) => (C === Float32Array ? 2 ** -24 : 2 ** -53);

function random(length: number, rng: Rng, C: Ctor = Float32Array): FloatArray {
  const out = new C(length);
  for (let i = 0; i < length; i++) out[i] = rng.uniform(-2, 2);
  return out;
}

function expectWithin(actual: ArrayLike<number>, expected: ArrayLike<number>, bound: (i: number) => number): void {
  expect(actual.length).toBe(expected.length);
  let worst = -Infinity;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] === expected[i] || (Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) continue;
    const excess = Math.abs(actual[i] - expected[i]) - bound(i);
    if (!(excess <= worst)) {
      worst = Number.isNaN(excess) ? Infinity : excess;
      worstAt = i;
    }
  }
  expect(worst, `element ${worstAt}: ${actual[worstAt]} vs ${expected[worstAt]}`).toBeLessThanOrEqual(0);
}

type Variant = 'NN' | 'TN' | 'NT';

/** Σ_p |op(A)[i,p]|·|op(B)[p,j]| (+ |C0[i,j]|), written out independently of the kernels. */
function absProducts(v: Variant, a: FloatArray, b: FloatArray, c0: FloatArray | null, m: number, k: number, n: number) {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 ? Math.abs(c0[i * n + j]) : 0;
      for (let p = 0; p < k; p++) {
        const av = v === 'TN' ? a[p * m + i] : a[i * k + p];
        const bv = v === 'NT' ? b[j * k + p] : b[p * n + j];
        s += Math.abs(av * bv);
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

function runGemm(K: Kernels, v: Variant, a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, acc: boolean) {
  if (v === 'NN') K.gemm(a, b, c, m, k, n, acc);
  else if (v === 'TN') K.gemmTN(a, b, c, m, k, n, acc);
  else K.gemmNT(a, b, c, m, k, n, acc);
}

function checkGemm(K: Kernels, v: Variant, C: Ctor, m: number, k: number, n: number, acc: boolean, rng: Rng): void {
  const a = random(m * k, rng, C);
  const b = random(k * n, rng, C);
  const c0 = random(m * n, rng, C);
  const expected = c0.slice();
  const actual = c0.slice();
  runGemm(jsKernels, v, a, b, expected, m, k, n, acc);
  runGemm(K, v, a, b, actual, m, k, n, acc);
  const scale = absProducts(v, a, b, acc ? c0 : null, m, k, n);
  expectWithin(actual, expected, (i) => 2 * (k + 2) * EPS(C) * scale[i]);
}

const EDGE = [1, 3, 4, 5, 6, 7, 8, 9, 13, 17, 31];

const ACTIVATIONS: PointwiseActivation[] = ['linear', 'relu', 'leakyRelu', 'elu', 'gelu', 'sigmoid', 'tanh', 'sin', 'hardlim'];
/** float32 pointwise results may differ by a few ulps (f32 vs f64 intermediate rounding). */
const POINTWISE_TOLERANCE = 2 ** -20;

function withSpecials(a: FloatArray): FloatArray {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e-30];
  for (let i = 0; i < Math.min(a.length, specials.length); i++) a[(i * 7) % a.length] = specials[i];
  return a;
}

function expectSamePointwise(actual: FloatArray, expected: FloatArray): void {
  expectWithin(actual, expected, (i) => (Number.isFinite(expected[i]) ? POINTWISE_TOLERANCE * Math.max(1, Math.abs(expected[i])) : 0));
}

function load(variant: WasmVariant, threads: number, chunkBytes?: number): Kernels {
  const team = threads > 1 ? { startTeam: kernelTeamStarter(threads - 1), parallelMinFlops: 0 } : {};
  const k = createWasmKernels({ variant, chunkBytes, ...team });
  if (!k) throw new Error(`the ${variant} build does not load in this Node`);
  expect(k.name.endsWith(`×${threads} threads`)).toBe(threads > 1);
  return k;
}

for (const { label, variant, threads } of CONFIGS) {
  describe(label, () => {
    // A tiny chunk size forces the copy-in-pieces paths; the default one copies whole operands.
    const wasm = load(variant, threads, 4096);
    const wasmWide = load(variant, threads);

    describe('wasm gemm, gemmTN, gemmNT', () => {
      for (const C of [Float32Array, Float64Array]) {
        for (const v of ['NN', 'TN', 'NT'] as const) {
          it(`${v} ${C.name}: all small edge shapes, with and without accumulate`, () => {
            const rng = new Rng(v.charCodeAt(0) + C.BYTES_PER_ELEMENT);
            for (const m of EDGE) for (const k of [1, 3, 17]) for (const n of EDGE) checkGemm(wasm, v, C, m, k, n, (m + n) % 2 === 0, rng);
          });

          it(`${v} ${C.name}: shapes crossing the KC and MC blocks`, () => {
            const rng = new Rng(7);
            for (const [m, k, n] of [[101, 257, 19], [245, 513, 9], [64, 784, 33], [7, 300, 131]]) {
              checkGemm(wasm, v, C, m, k, n, false, rng);
              checkGemm(wasmWide, v, C, m, k, n, true, rng);
            }
          });
        }
      }

      it('reads only the leading m·k, k·n elements of offset views and leaves the rest of C alone', () => {
        const rng = new Rng(11);
        const [m, k, n] = [6, 10, 9];
        const a = (random(m * k + 20, rng) as Float32Array).subarray(7, 7 + m * k + 5);
        const b = (random(k * n + 20, rng) as Float32Array).subarray(3);
        const expected = random(m * n + 4, rng);
        const actual = expected.slice();
        jsKernels.gemm(a, b, expected, m, k, n);
        wasm.gemm(a, b, actual, m, k, n);
        expectWithin(actual, expected, () => 1e-5);
        expect(Array.from(actual.subarray(m * n))).toEqual(Array.from(expected.subarray(m * n)));
      });

      it('falls back to the reference for mixed element types and empty shapes', () => {
        const rng = new Rng(12);
        const a = random(12, rng, Float64Array);
        const b = random(12, rng);
        const expected = new Float64Array(9);
        const actual = new Float64Array(9);
        jsKernels.gemm(a, b, expected, 3, 4, 3);
        wasm.gemm(a, b, actual, 3, 4, 3);
        expect(Array.from(actual)).toEqual(Array.from(expected));
        const c = new Float32Array([5, 5, 5, 5]);
        wasm.gemm(new Float32Array(0), new Float32Array(0), c, 2, 0, 2);
        expect(Array.from(c)).toEqual([0, 0, 0, 0]);
      });
    });

    describe('wasm syrk (float64 accumulation)', () => {
      for (const C of [Float32Array, Float64Array]) {
        it(`${C.name} input: C0 + AᵀA on both triangles`, () => {
          const rng = new Rng(21);
          for (const [m, n] of [[1, 1], [3, 5], [17, 3], [40, 17], [300, 33], [9, 211], [2, 2100]]) {
            const a = random(m * n, rng, C);
            const sym = random(n * n, rng, Float64Array);
            const c0 = new Float64Array(n * n);
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c0[i * n + j] = sym[Math.min(i, j) * n + Math.max(i, j)];
            const actual = c0.slice();
            (n > 100 ? wasmWide : wasm).syrk(a, actual, m, n);
            const expected = new Float64Array(n * n);
            const scale = new Float64Array(n * n);
            for (let i = 0; i < n; i++) {
              for (let j = 0; j < n; j++) {
                let s = c0[i * n + j];
                let t = Math.abs(s);
                for (let r = 0; r < m; r++) {
                  s += a[r * n + i] * a[r * n + j];
                  t += Math.abs(a[r * n + i] * a[r * n + j]);
                }
                expected[i * n + j] = s;
                scale[i * n + j] = t;
              }
            }
            expectWithin(actual, expected, (i) => 2 * (m + 2) * 2 ** -53 * scale[i]);
            let asymmetric = 0;
            for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (actual[i * n + j] !== actual[j * n + i]) asymmetric++;
            expect(asymmetric).toBe(0);
          }
        });
      }
    });

    describe('wasm pointwise kernels', () => {
      const shapes = [[1, 1], [3, 17], [5, 3], [2, 33], [64, 256]];

      for (const act of ACTIVATIONS) {
        it(`biasActivation ${act}: with and without bias, in place, specials`, () => {
          const rng = new Rng(act.length);
          for (const [rows, cols] of shapes) {
            const x = withSpecials(random(rows * cols, rng));
            for (const bias of [random(cols, rng), null]) {
              const expected = new Float32Array(rows * cols);
              const actual = new Float32Array(rows * cols);
              jsKernels.biasActivation(x, bias, expected, rows, cols, act, 0.3);
              wasm.biasActivation(x, bias, actual, rows, cols, act, 0.3);
              expectSamePointwise(actual, expected);
              const inPlace = x.slice();
              wasm.biasActivation(inPlace, bias, inPlace, rows, cols, act, 0.3);
              expectSamePointwise(inPlace, expected);
            }
          }
        });

        it(`activationBackward ${act}`, () => {
          const rng = new Rng(100 + act.length);
          for (const [rows, cols] of shapes) {
            const length = rows * cols;
            const x = withSpecials(random(length, rng));
            const y = new Float32Array(length);
            jsKernels.biasActivation(x, null, y, rows, cols, act, 0.3);
            const dy = random(length, rng);
            const expected = new Float32Array(length);
            const actual = new Float32Array(length);
            jsKernels.activationBackward(x, y, dy, expected, length, act, 0.3);
            wasm.activationBackward(x, y, dy, actual, length, act, 0.3);
            expectSamePointwise(actual, expected);
          }
        });
      }

      it('elu, sigmoid and tanh stay accurate relative to their value across magnitudes', () => {
      const x = new Float32Array(64);
      for (let i = 0; i < 64; i++) x[i] = (i % 2 ? -1 : 1) * 2 ** (i / 2 - 24); // ±6e-8 … ±3e1
      for (const act of ['elu', 'sigmoid', 'tanh'] as const) {
        const expected = new Float32Array(64);
        const actual = new Float32Array(64);
        jsKernels.biasActivation(x, null, expected, 8, 8, act, 0.7);
        wasm.biasActivation(x, null, actual, 8, 8, act, 0.7);
        // Relative accuracy for normal float32 results; subnormal ones (sigmoid below about -87) may flush to 0.
        expectWithin(actual, expected, (i) => 2 ** -20 * Math.abs(expected[i]) + 2 ** -126);
      }
    });

    it('keeps float64 pointwise work on the reference (bit-identical)', () => {
        const rng = new Rng(5);
        const x = random(15, rng, Float64Array);
        const expected = new Float64Array(15);
        const actual = new Float64Array(15);
        jsKernels.biasActivation(x, null, expected, 3, 5, 'tanh', 0);
        wasm.biasActivation(x, null, actual, 3, 5, 'tanh', 0);
        expect(Array.from(actual)).toEqual(Array.from(expected));
      });

      it('sumRows: column sums, with and without accumulate', () => {
        const rng = new Rng(31);
        for (const [rows, cols] of [[1, 1], [3, 17], [17, 3], [64, 256], [1000, 5]]) {
          const g = random(rows * cols, rng);
          for (const accumulate of [false, true]) {
            const start = random(cols, rng);
            const expected = start.slice();
            const actual = start.slice();
            jsKernels.sumRows(g, expected, rows, cols, accumulate);
            wasm.sumRows(g, actual, rows, cols, accumulate);
            const scale = new Float64Array(cols);
            for (let j = 0; j < cols; j++) {
              scale[j] = accumulate ? Math.abs(start[j]) : 0;
              for (let i = 0; i < rows; i++) scale[j] += Math.abs(g[i * cols + j]);
            }
            expectWithin(actual, expected, (j) => 2 * (rows + 2) * 2 ** -24 * scale[j]);
          }
        }
      });
    });

    /*
     * Resident operands (Kernels.allocate) take another path through every kernel: addresses passed in place of
     * copies. Same kernel, same arithmetic, so the results must equal the copy path's bit for bit, and a wrong
     * address or stride breaks equality.
     */
    describe('resident operands', () => {
      const own = (a: FloatArray): FloatArray => {
        const r = wasmWide.allocate(a instanceof Float64Array ? 'float64' : 'float32', a.length);
        r.set(a);
        return r;
      };

      it('allocate gives zero-filled arrays of the asked type in the module\'s shared memory', () => {
        for (const [dtype, C] of [['float32', Float32Array], ['float64', Float64Array]] as const) {
          const a = wasmWide.allocate(dtype, 13);
          expect(a).toBeInstanceOf(C);
          expect(a.length).toBe(13);
          expect(Array.from(a)).toEqual(new Array(13).fill(0));
          expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
        }
        expect(jsKernels.allocate('float32', 3)).toEqual(new Float32Array(3));
      });

      it('gemm, gemmTN, gemmNT in place equal the copy path', () => {
        const rng = new Rng(53);
        for (const C of [Float32Array, Float64Array]) {
          for (const v of ['NN', 'TN', 'NT'] as const) {
            for (const [m, k, n] of [[1, 1, 1], [7, 13, 11], [32, 64, 64], [33, 300, 9]]) {
              const [a, b, c0] = [random(m * k, rng, C), random(k * n, rng, C), random(m * n, rng, C)];
              const copied = c0.slice();
              const inPlace = own(c0);
              runGemm(wasmWide, v, a, b, copied, m, k, n, true);
              runGemm(wasmWide, v, own(a), own(b), inPlace, m, k, n, true);
              expect(Array.from(inPlace)).toEqual(Array.from(copied));
            }
          }
        }
      });

      it('pointwise kernels and sums in place equal the copy path', () => {
        const rng = new Rng(59);
        const [rows, cols] = [9, 13];
        const x = withSpecials(random(rows * cols, rng));
        const bias = random(cols, rng);
        for (const act of ['relu', 'sigmoid', 'tanh', 'leakyRelu'] as const) {
          for (const b of [bias, null]) {
            const copied = new Float32Array(rows * cols);
            const inPlace = own(copied);
            wasmWide.biasActivation(x, b, copied, rows, cols, act, 0.1);
            wasmWide.biasActivation(own(x), b && own(b), inPlace, rows, cols, act, 0.1);
            expect(Array.from(inPlace)).toEqual(Array.from(copied));
          }
          const [y, dy] = [random(rows * cols, rng), random(rows * cols, rng)];
          const dxCopied = new Float32Array(rows * cols);
          const dxInPlace = own(dxCopied);
          wasmWide.activationBackward(x, y, dy, dxCopied, rows * cols, act, 0.1);
          wasmWide.activationBackward(own(x), own(y), own(dy), dxInPlace, rows * cols, act, 0.1);
          expect(Array.from(dxInPlace)).toEqual(Array.from(dxCopied));
        }
        const out0 = random(cols, rng);
        const [copied, inPlace] = [out0.slice(), own(out0)];
        wasmWide.sumRows(x, copied, rows, cols, true);
        wasmWide.sumRows(own(x), inPlace, rows, cols, true);
        expect(Array.from(inPlace)).toEqual(Array.from(copied));
        expect(wasmWide.sumSquares(own(bias))).toBe(wasmWide.sumSquares(bias));
      });

      it('adamStep on several resident tensors in one call equals the reference, each with its own length', () => {
        const rng = new Rng(61);
        const scalars = { beta1: 0.8, beta2: 0.99, eps: 1e-8, stepSize: 0.03, bias2Sqrt: 0.3, l2: 0.05, shrink: 1 };
        const lengths = [1, 4, 7, 64, 3];
        const plain = lengths.map((n) => ({ theta: random(n, rng), grad: random(n, rng), m: random(n, rng), v: random(n, rng).map(Math.abs), vMax: null }));
        const resident = plain.map((t) => ({ theta: own(t.theta), grad: own(t.grad), m: own(t.m), v: own(t.v), vMax: null }));
        for (let step = 0; step < 3; step++) {
          jsKernels.adamStep(plain, scalars);
          wasmWide.adamStep(resident, scalars);
        }
        resident.forEach((t, i) => {
          for (const key of ['theta', 'm', 'v'] as const) expect(Array.from(t[key])).toEqual(Array.from(plain[i][key]));
        });
      });
    });

    describe('wasm sumSquares and adamStep', () => {
      const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 33, 1001];

      it('sumSquares of float32 input: float64-accurate, any length; float64 input on the reference', () => {
        const rng = new Rng(41);
        for (const n of [...LENGTHS, 200_704]) {
          const a = random(n, rng);
          let exact = 0;
          for (let i = 0; i < n; i++) exact += a[i] * a[i]; // float32 squares are exact in float64
          // Both sums run in float64 (in different orders): each within n·2⁻⁵³·Σa² of the exact sum.
          expect(Math.abs(wasmWide.sumSquares(a) - exact)).toBeLessThanOrEqual(2 * (n + 2) * 2 ** -53 * exact);
        }
        expect(wasmWide.sumSquares(new Float32Array(0))).toBe(0);
        expect(wasmWide.sumSquares(new Float32Array([1, NaN, 2]))).toBeNaN();
        const f64 = random(17, rng, Float64Array);
        expect(wasmWide.sumSquares(f64)).toBe(jsKernels.sumSquares(f64));
      });

      /*
       * Long arrays are summed by blocks of 2¹⁴ whose partial sums are added in block order, and a team splits the
       * blocks of a resident array: the same bits as one thread summing a plain copy (a block summed twice or
       * skipped, or a split in another order, changes them), and float64-accurate like the reference.
       */
      it('sumSquares of long resident arrays: the same bits on the team as on one thread, float64-accurate', () => {
        const rng = new Rng(45);
        const single = load(variant, 1);
        for (const n of [2 ** 14 - 1, 2 ** 14, 2 ** 14 + 1, 3 * 2 ** 14 + 5, 200_003]) {
          const plain = random(n, rng);
          const resident = wasmWide.allocate('float32', n);
          resident.set(plain);
          let exact = 0;
          for (let i = 0; i < n; i++) exact += plain[i] * plain[i];
          const total = wasmWide.sumSquares(resident);
          expect(total).toBe(single.sumSquares(plain));
          expect(Math.abs(total - exact)).toBeLessThanOrEqual(2 * (n + 2) * 2 ** -53 * exact);
        }
      });

      /*
       * Property: the float32 wasm adamStep equals the reference bit for bit, over random lengths (odd and even:
       * two float64 lanes), hyperparameters, decays and several steps of state. Tolerance 0 because the kernel
       * widens to float64 and performs the reference's IEEE operations in the reference's order; a float32-lane
       * kernel would need a few ulps, and any mis-wired operand or coefficient breaks equality.
       */
      it('adamStep on float32 buffers is bit-identical to the reference (property, several steps)', () => {
        const rng = new Rng(43);
        for (let trial = 0; trial < 40; trial++) {
          const n = LENGTHS[trial % LENGTHS.length];
          const theta = random(n, rng);
          const m = random(n, rng);
          const v = new Float32Array(n).map(() => rng.uniform(0, 2));
          const expected = [theta, m, v].map((a) => a.slice());
          const beta1 = rng.uniform(0, 0.99);
          const beta2 = rng.uniform(0.9, 0.9999);
          const decoupled = trial % 2 === 0;
          for (let t = 1; t <= 3; t++) {
            const grad = random(n, rng);
            if (t === 2) grad.fill(0, 0, Math.min(n, 3));
            const scalars = {
              beta1, beta2, eps: [0, 1e-8, 1e-3][trial % 3], stepSize: rng.uniform(1e-4, 0.1) / (1 - beta1 ** t),
              bias2Sqrt: Math.sqrt(1 - beta2 ** t), l2: decoupled ? 0 : rng.uniform(0, 0.5), shrink: decoupled ? 1 - rng.uniform(0, 1e-3) : 1,
            };
            jsKernels.adamStep([{ theta: expected[0], grad, m: expected[1], v: expected[2], vMax: null }], scalars);
            wasmWide.adamStep([{ theta, grad, m, v, vMax: null }], scalars);
            expect(Array.from(theta)).toEqual(Array.from(expected[0]));
            expect(Array.from(m)).toEqual(Array.from(expected[1]));
            expect(Array.from(v)).toEqual(Array.from(expected[2]));
          }
        }
      });

      it('adamStep keeps amsgrad and float64 buffers on the reference', () => {
        const rng = new Rng(47);
        const scalars = { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 0.01, bias2Sqrt: 0.05, l2: 0.1, shrink: 1 };
        for (const C of [Float32Array, Float64Array]) {
          const vMax = C === Float32Array ? random(9, rng, C).map(Math.abs) : null;
          const buffers = [random(9, rng, C), random(9, rng, C), random(9, rng, C), random(9, rng, C).map(Math.abs)];
          const grad = random(9, rng, C);
          const expected = buffers.map((b) => b.slice());
          const expectedMax = vMax && vMax.slice();
          jsKernels.adamStep([{ theta: expected[0], grad, m: expected[1], v: expected[2], vMax: expectedMax }], scalars);
          wasm.adamStep([{ theta: buffers[0], grad, m: buffers[1], v: buffers[2], vMax }], scalars);
          expect(buffers.map((b) => Array.from(b))).toEqual(expected.map((b) => Array.from(b)));
          if (vMax) expect(Array.from(vMax)).toEqual(Array.from(expectedMax as FloatArray));
        }
      });
    });
  });
}

describe('selectKernels', () => {
  it('picks the wasm kernels when they pass the self-check, the reference when forced', () => {
    expect(selectKernels().kernels.name).toBe('wasm-relaxed-simd');
    expect(selectKernels({ startTeam: kernelTeamStarter(1) }).kernels.name).toBe('wasm-relaxed-simd ×2 threads');
    // A team that cannot start leaves the single-threaded kernels.
    expect(selectKernels({ startTeam: () => null }).kernels.name).toBe('wasm-relaxed-simd');
    expect(selectKernels({ startTeam: () => { throw new Error('Atomics.wait cannot be called in this context'); } }).kernels.name)
      .toBe('wasm-relaxed-simd');
    // A team whose helpers skip their calls leaves parts of split products unwritten: the check catches it.
    expect(selectKernels({ startTeam: () => ({ helpers: 1, run: (_calls, local) => local() }) }).kernels.name).toBe('wasm-relaxed-simd');
    expect(selectKernels({ forceJs: true }).kernels).toBe(jsKernels);
  });

  it('says why it fell back: nothing when all is well or the reference was asked for', () => {
    expect(selectKernels().fallback).toBeNull();
    expect(selectKernels({ forceJs: true }).fallback).toBeNull();
    expect(selectKernels({ startTeam: () => null }).fallback).toBeNull();
    expect(selectKernels({ startTeam: () => ({ helpers: 1, run: (_calls, local) => local() }) }).fallback)
      .toMatch(/^the kernel helper threads failed their self-check: gemm 300×260·260×200 gives 0 at element \d+, the reference -?\d/);
  });

  it('falls back to the reference with the reason when the WebAssembly kernels fail their self-check or do not load', () => {
    const good = createWasmKernels()!;
    // gemmNT that forgets to accumulate: every other kernel is right.
    const broken: Kernels = { ...good, gemmNT: (a, b, c, m, k, n) => good.gemmNT(a, b, c, m, k, n, false) };
    const wrong = selectKernels({ createWasm: () => broken });
    expect(wrong.kernels).toBe(jsKernels);
    expect(wrong.fallback).toMatch(/^WebAssembly failed its self-check: gemmNT gives -?[\d.e-]+ at element 0, the reference -?[\d.e-]+$/);
    const throwing: Kernels = { ...good, sumSquares: () => { throw new Error('sumSquaresF32 is not a function'); } };
    expect(selectKernels({ createWasm: () => throwing }).fallback).toBe('WebAssembly failed its self-check: sumSquares threw "sumSquaresF32 is not a function"');
    const missing = selectKernels({ createWasm: () => null });
    expect(missing).toEqual({ kernels: jsKernels, fallback: 'WebAssembly could not load the kernels (the host may lack WebAssembly SIMD)' });
  });
});

describe('the module boundary', () => {
  it('takes only an instance whose exports are the ones the kernels call, and says which are not', () => {
    const instance = instantiateSync(base64ToBytes(KERNELS_SIMD_WASM_BASE64))!;
    const { exports } = instance;
    expect(kernelExports(instance)).toBe(exports);
    const { gemmF64: _dropped, ...missing } = exports;
    expect(() => kernelExports({ exports: missing })).toThrow(/does not match its sources \(gemmF64\); rebuild it with npm run build:kernels$/);
    expect(() => kernelExports({ exports: { ...exports, sumRows: (g: number) => g } })).toThrow(/\(sumRows\)/);
    expect(() => kernelExports({ exports: { ...exports, memory: 1 } })).toThrow(/\(memory\)/);
    // selectKernels takes such a module as a reason to fall back, not as a crash.
    const stale = selectKernels({ createWasm: () => { kernelExports({ exports: missing }); return null; } });
    expect(stale.kernels).toBe(jsKernels);
    expect(stale.fallback).toMatch(/^WebAssembly could not load the kernels: the WebAssembly kernel module does not match its sources \(gemmF64\)/);
  });
});
