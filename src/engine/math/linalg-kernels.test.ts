import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { Kernels } from './kernels';
import { jsKernels } from './js-kernels';
import { randomSymmetric, Rng } from './random';
import { kernelTeamStarter } from '../../main/engine-host/kernel-team';
import { createWasmKernels, type WasmVariant } from './wasm-kernels';
import { TRIDIAGONAL_PANEL } from './wasm/wasm-tridiagonal';

/*
 * The eigensolver's kernels — tridiagonalize (Householder reduction) and rankOneEigen (divide and conquer's merge
 * step) — for the JavaScript reference and both WebAssembly builds, on one thread and with a helper thread that
 * splits every product and every set of roots. Each is checked against properties that do not trust either
 * implementation (QᵀAQ is the tridiagonal matrix returned, Q orthogonal; residual and orthogonality of the
 * eigenvectors, interlacing), and the wasm results against the reference.
 * Bounds: backward-stable reductions give ‖QᵀAQ − T‖ and ‖QᵀQ − I‖ of a small multiple of n·ε (·‖A‖); we allow
 * 10·n·ε. A wrong or skipped part of a product is off by O(‖A‖).
 */

setFlagsFromString('--experimental-wasm-relaxed-simd');

const EPS = Number.EPSILON;

const CONFIGS: Array<{ label: string; kernels: () => Kernels }> = [
  { label: 'js reference', kernels: () => jsKernels },
  ...(['simd', 'relaxed-simd'] as WasmVariant[]).map((variant) => ({ label: variant, kernels: () => wasm(variant, 1) })),
  { label: 'relaxed-simd, 2 threads', kernels: () => wasm('relaxed-simd', 2) },
];

function wasm(variant: WasmVariant, threads: number): Kernels {
  const team = threads > 1 ? { startTeam: kernelTeamStarter(threads - 1), parallelMinFlops: 0 } : {};
  const k = createWasmKernels({ variant, ...team });
  if (!k) throw new Error(`the ${variant} build does not load in this Node`);
  return k;
}

interface Reduced {
  w: Float64Array;
  d: Float64Array;
  e: Float64Array;
  tau: Float64Array;
}

function reduce(K: Kernels, a: Float64Array, n: number): Reduced {
  const r = { w: a.slice(), d: new Float64Array(n), e: new Float64Array(Math.max(0, n - 1)), tau: new Float64Array(Math.max(0, n - 1)) };
  K.tridiagonalize(r.w, n, r.d, r.e, r.tau);
  return r;
}

/** Q = H_0···H_{n−2} written out from the stored reflectors (plain loops, independent of the kernels). */
function explicitQ({ w, tau }: Reduced, n: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let j = n - 2; j >= 0; j--) {
    const v = new Float64Array(n);
    for (let r = j + 1; r < n; r++) v[r] = r === j + 1 ? 1 : w[j * n + r];
    // Q ← H_j·Q = Q − τ·v·(vᵀQ)
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let r = j + 1; r < n; r++) dot += v[r] * q[r * n + c];
      for (let r = j + 1; r < n; r++) q[r * n + c] -= tau[j] * v[r] * dot;
    }
  }
  return q;
}

const SIZES = [1, 2, 3, 5, TRIDIAGONAL_PANEL - 1, TRIDIAGONAL_PANEL, TRIDIAGONAL_PANEL + 1, 2 * TRIDIAGONAL_PANEL + 3, 150];

for (const { label, kernels } of CONFIGS) {
  describe(`${label}: tridiagonalize`, () => {
    const K = kernels();

    it('QᵀAQ is the returned tridiagonal matrix and Q is orthogonal (sizes across the panels)', () => {
      const rng = new Rng(31);
      for (const n of SIZES) {
        const a = randomSymmetric(n, rng);
        const r = reduce(K, a, n);
        const q = explicitQ(r, n);
        const aq = new Float64Array(n * n);
        for (let p = 0; p < n; p++) for (let s = 0; s < n; s++) for (let j = 0; j < n; j++) aq[p * n + j] += a[p * n + s] * q[s * n + j];
        let tri = 0;
        let orth = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let qaq = 0;
            let qq = 0;
            for (let p = 0; p < n; p++) {
              qq += q[p * n + i] * q[p * n + j];
              qaq += q[p * n + i] * aq[p * n + j];
            }
            const t = i === j ? r.d[i] : Math.abs(i - j) === 1 ? r.e[Math.min(i, j)] : 0;
            tri = Math.max(tri, Math.abs(qaq - t));
            orth = Math.max(orth, Math.abs(qq - (i === j ? 1 : 0)));
          }
        }
        expect(tri, `n = ${n}`).toBeLessThanOrEqual(10 * n * EPS * n);
        expect(orth, `n = ${n}`).toBeLessThanOrEqual(10 * n * EPS);
      }
    });

    it('agrees with the reference on d, e, τ and the reflectors, and reads only the upper triangle', () => {
      const rng = new Rng(32);
      for (const n of SIZES) {
        const a = randomSymmetric(n, rng);
        // Garbage below the diagonal must not matter.
        const upperOnly = a.slice();
        for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) upperOnly[i * n + j] = 1e6 * rng.normal();
        const got = reduce(K, upperOnly, n);
        const want = reduce(jsKernels, a, n);
        const tol = 100 * n * EPS;
        for (const key of ['d', 'e', 'tau'] as const) {
          want[key].forEach((v, i) => expect(Math.abs(got[key][i] - v), `${key}[${i}], n = ${n}`).toBeLessThanOrEqual(tol * (1 + Math.abs(v))));
        }
        for (let j = 0; j < n; j++) {
          for (let c = j + 1; c < n; c++) expect(Math.abs(got.w[j * n + c] - want.w[j * n + c])).toBeLessThanOrEqual(tol);
        }
      }
    });

    it('handles a zero matrix and columns that are already reduced (τ = 0)', () => {
      const n = 40;
      const zero = reduce(K, new Float64Array(n * n), n);
      expect(Array.from(zero.tau).every((t) => t === 0)).toBe(true);
      expect(Array.from(zero.d).every((x) => x === 0)).toBe(true);
      // Already tridiagonal: every reflector is the identity and T is A.
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        a[i * n + i] = i + 1;
        if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 0.5;
      }
      const r = reduce(K, a, n);
      expect(Array.from(r.d)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(Array.from(r.e)).toEqual(Array(n - 1).fill(0.5));
      expect(Array.from(r.tau).every((t) => t === 0)).toBe(true);
    });
  });

  describe(`${label}: rankOneEigen`, () => {
    const K = kernels();

    it('diagonalises diag(d) + ρ·z·zᵀ: interlaced values, small residual, orthonormal vectors; agrees with the reference', () => {
      const rng = new Rng(5);
      for (const k of [1, 2, 3, 10, 201]) {
        const d = Float64Array.from({ length: k }, (_, i) => i + rng.uniform(0, 0.9)).sort();
        // A few near-coincident poles, the hard case for the roots' accuracy.
        for (let i = 5; i + 1 < k; i += 40) d[i + 1] = d[i] + 1e-9 * (1 + rng.uniform(0, 1));
        const raw = Float64Array.from({ length: k }, () => rng.normal());
        const norm = Math.hypot(...raw);
        const z = raw.map((v) => v / norm);
        const rho = rng.uniform(0.1, 5);
        const lambda = new Float64Array(k);
        const v = new Float64Array(k * k);
        K.rankOneEigen(d, z, rho, lambda, v);
        for (let i = 0; i < k; i++) {
          expect(lambda[i]).toBeGreaterThanOrEqual(d[i]);
          expect(lambda[i]).toBeLessThanOrEqual(i + 1 < k ? d[i + 1] : d[k - 1] + rho);
        }
        let residual = 0;
        let orthogonality = 0;
        for (let i = 0; i < k; i++) {
          let zv = 0;
          for (let j = 0; j < k; j++) zv += z[j] * v[i * k + j];
          for (let j = 0; j < k; j++) residual = Math.max(residual, Math.abs(d[j] * v[i * k + j] + rho * z[j] * zv - lambda[i] * v[i * k + j]));
          for (let m = i; m < k; m++) {
            let dot = 0;
            for (let j = 0; j < k; j++) dot += v[i * k + j] * v[m * k + j];
            orthogonality = Math.max(orthogonality, Math.abs(dot - (i === m ? 1 : 0)));
          }
        }
        expect(residual, `k = ${k}`).toBeLessThanOrEqual(10 * k * EPS * (k + rho));
        expect(orthogonality, `k = ${k}`).toBeLessThanOrEqual(10 * k * EPS);
        if (K !== jsKernels) {
          const refLambda = new Float64Array(k);
          const refV = new Float64Array(k * k);
          jsKernels.rankOneEigen(d, z, rho, refLambda, refV);
          refLambda.forEach((x, i) => expect(Math.abs(lambda[i] - x)).toBeLessThanOrEqual(10 * k * EPS * (k + rho)));
          // Vectors of nearly coincident roots are defined only up to rotations within the pair: compare by residual above,
          // and elementwise where the neighbours are well separated.
          for (let i = 0; i < k; i++) {
            const gap = Math.min(i > 0 ? lambda[i] - lambda[i - 1] : Infinity, i + 1 < k ? lambda[i + 1] - lambda[i] : Infinity);
            if (gap < 1e-3) continue;
            for (let j = 0; j < k; j++) expect(Math.abs(v[i * k + j] - refV[i * k + j])).toBeLessThanOrEqual(1e-9);
          }
        }
      }
    });
  });
}
