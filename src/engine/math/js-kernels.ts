import type { PointwiseActivation } from '../catalog/activations';
import type { AdamStepScalars, AdamTensors, Kernels } from './kernels';
import { allocArray, type FloatArray } from './matrix';
import { rankOneEigenReference } from './js-secular';
import { tridiagonalizeReference } from './js-tridiagonal';
import { erf } from './special';

/**
 * Reference kernels in plain TypeScript. Loops are ordered so the innermost one walks contiguous
 * memory (i-k-j for A·B), which is what makes plain JS reach a few GFLOPS.
 */
function gemm(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p];
      if (av === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
    }
  }
}

function gemmTN(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false): void {
  // C[i,j] = Σ_p A[p,i]·B[p,j]: walk p outermost so both A's and B's rows are read contiguously.
  if (!accumulate) c.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const av = a[ap + i];
      if (av === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
    }
  }
}

function gemmNT(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate = false): void {
  // C[i,j] = A[i,:]·B[j,:]: both rows contiguous, a dot product per element.
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] = accumulate ? c[ci + j] + s : s;
    }
  }
}

function syrk(a: FloatArray, c: Float64Array, m: number, n: number): void {
  // Upper triangle from rank-1 updates row by row, then mirrored.
  for (let r = 0; r < m; r++) {
    const ar = r * n;
    for (let i = 0; i < n; i++) {
      const av = a[ar + i];
      if (av === 0) continue;
      const ci = i * n;
      for (let j = i; j < n; j++) c[ci + j] += av * a[ar + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function activate(v: number, act: PointwiseActivation, alpha: number): number {
  switch (act) {
    case 'linear': return v;
    case 'relu': return v > 0 ? v : 0;
    case 'leakyRelu': return v > 0 ? v : alpha * v;
    case 'elu': return v > 0 ? v : alpha * (Math.exp(v) - 1);
    case 'gelu': return 0.5 * v * (1 + erf(v * SQRT1_2));
    case 'sigmoid': return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    case 'tanh': return Math.tanh(v);
    case 'sin': return Math.sin(v);
    case 'hardlim': return v >= 0 ? 1 : 0;
  }
}

/** f'(x) from the input x and/or output y, whichever is cheaper. */
function derivative(x: number, y: number, act: PointwiseActivation, alpha: number): number {
  switch (act) {
    case 'linear': return 1;
    case 'relu': return x > 0 ? 1 : 0;
    case 'leakyRelu': return x > 0 ? 1 : alpha;
    case 'elu': return x > 0 ? 1 : y + alpha;
    case 'gelu': return 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    case 'sigmoid': return y * (1 - y);
    case 'tanh': return 1 - y * y;
    case 'sin': return Math.cos(x);
    case 'hardlim': return 0;
  }
}

function biasActivation(
  x: FloatArray, bias: FloatArray | null, out: FloatArray, rows: number, cols: number,
  act: PointwiseActivation, alpha: number,
): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    if (act === 'linear') {
      if (bias) for (let j = 0; j < cols; j++) out[o + j] = x[o + j] + bias[j];
      else if (out !== x) out.set(x.subarray(o, o + cols), o);
    } else if (act === 'relu') {
      for (let j = 0; j < cols; j++) {
        const v = bias ? x[o + j] + bias[j] : x[o + j];
        out[o + j] = v > 0 ? v : 0;
      }
    } else {
      for (let j = 0; j < cols; j++) out[o + j] = activate(bias ? x[o + j] + bias[j] : x[o + j], act, alpha);
    }
  }
}

function activationBackward(
  x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, length: number,
  act: PointwiseActivation, alpha: number,
): void {
  if (act === 'relu') {
    for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    return;
  }
  for (let i = 0; i < length; i++) dx[i] = dy[i] * derivative(x[i], y[i], act, alpha);
}

function sumRows(g: FloatArray, out: FloatArray, rows: number, cols: number, accumulate = false): void {
  if (!accumulate) out.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j] += g[o + j];
  }
}

function sumSquares(a: FloatArray): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

function allFinite(a: FloatArray): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    // v - v is NaN for NaN and ±Infinity, 0 otherwise: one comparison per element.
    if (v - v !== 0) return false;
  }
  return true;
}

function adamStep(tensors: readonly AdamTensors[], s: AdamStepScalars): void {
  for (const t of tensors) adamStepOne(t, s);
}

/** θ ← th − γ·m̂/(√v̂ + ε) as (stepSize·bias2Sqrt)·m / (√v + eps·bias2Sqrt): one division per element. */
function adamStepOne(
  { theta, grad, m, v, vMax }: AdamTensors, { beta1, beta2, eps, stepSize, bias2Sqrt, l2, shrink }: AdamStepScalars,
): void {
  const scaledEps = eps * bias2Sqrt;
  const scaledStep = stepSize * bias2Sqrt;
  for (let i = 0; i < theta.length; i++) {
    const th = theta[i] * shrink;
    const g = grad[i] + l2 * th;
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    let vUsed = vi;
    if (vMax !== null) {
      vUsed = Math.max(vMax[i], vi);
      vMax[i] = vUsed;
    }
    theta[i] = th - (scaledStep * mi) / (Math.sqrt(vUsed) + scaledEps);
  }
}

export const jsKernels: Kernels = {
  name: 'js',
  allocate: allocArray,
  gemm, gemmTN, gemmNT, syrk, biasActivation, activationBackward, sumRows, sumSquares, allFinite, adamStep,
  tridiagonalize: tridiagonalizeReference,
  rankOneEigen: rankOneEigenReference,
};
