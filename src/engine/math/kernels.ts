import type { PointwiseActivation } from '../catalog/activations';
import type { DType, FloatArray, Matrix } from './matrix';
import { jsKernels } from './js-kernels';

/**
 * Every hot loop of the engine goes through this table, so a faster implementation (WebAssembly SIMD)
 * can replace the reference one without touching layers or trainers. All matrices are dense row-major.
 * Unless stated, arguments are float32 or float64 arrays, all of the same type.
 */
export interface Kernels {
  readonly name: string;
  /**
   * A zero-filled array that kernel calls use in place: the WebAssembly kernels keep it in their memory, so calls
   * whose operands are all such arrays copy nothing in or out. For what a training step touches on every batch
   * (weights, gradients, optimizer state, activations); freed once garbage collected. Elsewhere a plain array.
   */
  allocate(dtype: DType, length: number): FloatArray;
  /** C[m×n] = A[m×k]·B[k×n], or C += A·B when accumulate. */
  gemm(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate?: boolean): void;
  /** C[m×n] = Aᵀ·B with A stored k×m and B stored k×n (weight gradient Xᵀ·G). */
  gemmTN(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate?: boolean): void;
  /** C[m×n] = A·Bᵀ with A stored m×k and B stored n×k (input gradient G·Wᵀ). */
  gemmNT(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, accumulate?: boolean): void;
  /** C[n×n] += Aᵀ·A for A stored m×n, accumulated in float64 (the ELM's HᵀH). Fills both triangles. */
  syrk(a: FloatArray, c: Float64Array, m: number, n: number): void;
  /** out[i,j] = f(x[i,j] + bias[j]) for a pointwise activation f (bias may be null). out may alias x. */
  biasActivation(
    x: FloatArray, bias: FloatArray | null, out: FloatArray, rows: number, cols: number,
    activation: PointwiseActivation, alpha: number,
  ): void;
  /** dx = dy ⊙ f'(·), given the activation's input x and output y (whichever the derivative needs). */
  activationBackward(
    x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, length: number,
    activation: PointwiseActivation, alpha: number,
  ): void;
  /** out[j] = Σ_i g[i,j] (column sums: bias gradient), or out += when accumulate. */
  sumRows(g: FloatArray, out: FloatArray, rows: number, cols: number, accumulate?: boolean): void;
  /** Σ a[i]² in float64. */
  sumSquares(a: FloatArray): number;
  /** True when no element is NaN or ±Infinity. */
  allFinite(a: FloatArray): boolean;
  /**
   * One Adam step (formula in optimizers/adam.ts) over every element of every tensor, all with the same step
   * scalars, updating θ, m, v and, for amsgrad, vMax in place. Within a tensor, theta, grad, m, v (and vMax) have
   * the same type and length; vMax is null without amsgrad.
   */
  adamStep(tensors: readonly AdamTensors[], s: AdamStepScalars): void;
  /**
   * Householder reduction of a symmetric float64 matrix to tridiagonal form, Qᵀ·A·Q = T (LAPACK's dsytrd, lower):
   * reads the upper triangle of `a` (n × n, row-major), leaves the reflectors there and fills T's diagonal d (n),
   * off-diagonal e (n − 1) and the reflectors' scales tau (n − 1); the strict lower triangle is scratch.
   * Storage in js-tridiagonal.ts.
   */
  tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void;
  /**
   * Eigenvalues (ascending, into lambda) and eigenvectors of diag(d) + ρ·z·zᵀ for strictly increasing d (k entries),
   * z without zeros and ρ > 0 — divide and conquer's merge step. vectors (k × k row-major): row i is the unit
   * eigenvector of lambda[i]. Method in js-secular.ts.
   */
  rankOneEigen(d: Float64Array, z: Float64Array, rho: number, lambda: Float64Array, vectors: Float64Array): void;
}

/** One tensor's buffers for adamStep. */
export interface AdamTensors {
  readonly theta: FloatArray;
  readonly grad: FloatArray;
  readonly m: FloatArray;
  readonly v: FloatArray;
  readonly vMax: FloatArray | null;
}

/** Adam's per-step scalars, with the bias corrections folded in: stepSize = γ/(1 − β1ᵗ), bias2Sqrt = √(1 − β2ᵗ). */
export interface AdamStepScalars {
  beta1: number;
  beta2: number;
  eps: number;
  stepSize: number;
  bias2Sqrt: number;
  /** Coupled L2 decay added to the gradient (Adam's weightDecay; 0 for AdamW). */
  l2: number;
  /** Factor θ is multiplied by first (AdamW's 1 − γλ; 1 for Adam). */
  shrink: number;
}


let active: Kernels = jsKernels;

/** The kernel set in use. Layers call this per operation so a swap takes effect everywhere. */
export function kernels(): Kernels {
  return active;
}

/** A zero-filled matrix the kernels work on in place (Kernels.allocate). */
export function kernelMatrix(rows: number, cols: number, dtype: DType): Matrix {
  return { rows, cols, data: active.allocate(dtype, rows * cols) };
}

export function setKernels(k: Kernels): void {
  active = k;
}
