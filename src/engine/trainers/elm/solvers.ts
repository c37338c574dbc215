import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { InputError } from '../../catalog/input-error';
import { kernels } from '../../math/kernels';
import type { Matrix } from '../../math/matrix';
import { choleskyInPlace, choleskySolveInPlace } from './cholesky';
import { eigenvectorsTimes, eigenvectorsTransposeTimes, symmetricEigen, symmetricEigenvalues } from './symmetric-eigen';

/**
 * Linear algebra for the ELM's output weights β. Everything is float64; our blocked Cholesky
 * (cholesky.ts) does the ridge solves, ml-matrix the SVD, our kernels the products.
 */
export type F64Matrix = Matrix<Float64Array>;

/** How well-posed H is: numerical rank and κ(H) = σ_max/σ_min (Infinity when rank-deficient). */
export interface Conditioning {
  rank: number;
  condition: number;
}

export type SymmetricMethod = 'cholesky' | 'svd';

function toMl(data: Float64Array, rows: number, cols: number): MlMatrix {
  return MlMatrix.from1DArray(rows, cols, data);
}

/**
 * Minimum-norm least-squares solution X = A⁺B from the SVD, with singular values below
 * max(m, n)·σ_max·ε treated as zero (LAPACK's and numpy's rule; the same one gives the rank).
 */
function svdSolve(a: MlMatrix, b: F64Matrix): { x: F64Matrix } & Conditioning {
  const svd = new SingularValueDecomposition(a, { autoTranspose: true });
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const s = svd.diagonal;
  const r = Math.min(a.rows, a.columns);
  const tol = Math.max(a.rows, a.columns) * s[0] * Number.EPSILON;
  const k = b.cols;
  // y = Σ⁺·Uᵀ·B (r × k), then X = V·y.
  const y = new Float64Array(r * k);
  let rank = 0;
  for (let i = 0; i < r; i++) {
    if (!(s[i] > tol)) continue;
    rank++;
    for (let row = 0; row < a.rows; row++) {
      const uv = u.get(row, i) / s[i];
      if (uv === 0) continue;
      for (let j = 0; j < k; j++) y[i * k + j] += uv * b.data[row * k + j];
    }
  }
  const vData = new Float64Array(a.columns * r);
  for (let row = 0; row < a.columns; row++) for (let i = 0; i < r; i++) vData[row * r + i] = v.get(row, i);
  const x = new Float64Array(a.columns * k);
  kernels().gemm(vData, y, x, a.columns, r, k);
  return { x: { rows: a.columns, cols: k, data: x }, rank, condition: rank === r ? s[0] / s[r - 1] : Infinity };
}

/** β = H⁺T, the Moore–Penrose solution as first published for the ELM. */
export function solvePinv(h: F64Matrix, t: F64Matrix): { beta: F64Matrix } & Conditioning {
  if (h.rows !== t.rows) throw new Error(`H has ${h.rows} rows but T has ${t.rows}`);
  const { x, rank, condition } = svdSolve(toMl(h.data, h.rows, h.cols), t);
  return { beta: x, rank, condition };
}

/**
 * X = A⁻¹B for a symmetric positive definite A (n × n), by Cholesky. Falls back to the SVD
 * (pseudo-inverse) when the factorisation fails, when its pivots show A is singular to working
 * precision (min/max pivot ratio² < n·ε bounds κ(A) from below), or when the result is not finite.
 * Overwrites `a` (the callers pass a copy they own): the factorisation reads the lower triangle and
 * replaces it with L, and the fallback rebuilds A from the untouched strict upper triangle and a copy of
 * the diagonal. A is assumed symmetric; the kernels that build it may round the two triangles differently.
 */
export function solveSymmetric(a: Float64Array, n: number, b: F64Matrix): { x: F64Matrix; method: SymmetricMethod } {
  if (b.rows !== n) throw new Error(`A is ${n} × ${n} but B has ${b.rows} rows`);
  if (!kernels().allFinite(a)) throw new InputError('INVALID_CONFIG', 'the normal equations contain non-finite values');
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) diagonal[i] = a[i * n + i];
  if (choleskyInPlace(a, n)) {
    let minPivot = Infinity;
    let maxPivot = 0;
    for (let i = 0; i < n; i++) {
      minPivot = Math.min(minPivot, a[i * n + i]);
      maxPivot = Math.max(maxPivot, a[i * n + i]);
    }
    if ((minPivot / maxPivot) ** 2 >= n * Number.EPSILON) {
      const x = b.data.slice(0, n * b.cols);
      choleskySolveInPlace(a, n, x, b.cols);
      if (kernels().allFinite(x)) return { x: { rows: n, cols: b.cols, data: x }, method: 'cholesky' };
    }
  }
  // The upper triangle mirrored, as ml-matrix's SVD is given an exactly symmetric matrix as before.
  const ml = new MlMatrix(n, n);
  for (let i = 0; i < n; i++) {
    ml.set(i, i, diagonal[i]);
    for (let j = i + 1; j < n; j++) {
      ml.set(i, j, a[i * n + j]);
      ml.set(j, i, a[i * n + j]);
    }
  }
  return { x: svdSolve(ml, b).x, method: 'svd' };
}

function addToDiagonal(a: Float64Array, n: number, value: number): void {
  for (let i = 0; i < n; i++) a[i * n + i] += value;
}

/** Primal ridge: β = (HᵀH + I/C)⁻¹HᵀT from the accumulated gram HᵀH (L × L) and HᵀT (L × k). */
export function solveRidgePrimal(
  gram: Float64Array, hT: F64Matrix, c: number,
): { beta: F64Matrix; method: SymmetricMethod } {
  const a = gram.slice();
  addToDiagonal(a, hT.rows, 1 / c);
  const { x, method } = solveSymmetric(a, hT.rows, hT);
  return { beta: x, method };
}

/** The N × N Gram HHᵀ, for the dual form and its diagnostics. */
export function outerGram(h: F64Matrix): Float64Array {
  const k = new Float64Array(h.rows * h.rows);
  kernels().gemmNT(h.data, h.data, k, h.rows, h.cols, h.rows);
  return k;
}

/** Dual ridge for N < L: β = Hᵀ(HHᵀ + I/C)⁻¹T, the same β as the primal form with an N × N system. */
export function solveRidgeDual(
  h: F64Matrix, outer: Float64Array, t: F64Matrix, c: number,
): { beta: F64Matrix; method: SymmetricMethod } {
  const a = outer.slice();
  addToDiagonal(a, h.rows, 1 / c);
  const { x: alpha, method } = solveSymmetric(a, h.rows, t);
  const beta = new Float64Array(h.cols * t.cols);
  kernels().gemmTN(h.data, alpha.data, beta, h.cols, h.rows, t.cols);
  return { beta: { rows: h.cols, cols: t.cols, data: beta }, method };
}

/**
 * Rank and κ(H) = sqrt(λ_max/λ_min) from the eigenvalues of a Gram matrix of H (HᵀH or HHᵀ, which
 * share their non-zero eigenvalues). Eigenvalues carry absolute errors of about ε·λ_max, so only those
 * above n·ε·λ_max count towards the rank; κ(H) beyond ~1/sqrt(n·ε) is reported as Infinity.
 */
export function gramConditioning(gram: Float64Array, n: number): Conditioning {
  return eigenvalueConditioning(symmetricEigenvalues(gram, n)).conditioning;
}

function eigenvalueConditioning(eigenvalues: Float64Array): { conditioning: Conditioning; tol: number } {
  const n = eigenvalues.length;
  let max = 0;
  let min = Infinity;
  for (const v of eigenvalues) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  const tol = n * Number.EPSILON * max;
  let rank = 0;
  for (const v of eigenvalues) if (v > tol) rank++;
  return { conditioning: { rank, condition: rank === n && min > 0 ? Math.sqrt(max / min) : Infinity }, tol };
}

/**
 * X = G⁺B for a Gram matrix G of H (n × n, HᵀH or HHᵀ) and B (n × k), through G = V·Λ·Vᵀ:
 * X = V·Λ⁺·Vᵀ·B, eigenvalues λ ≤ n·ε·λ_max counted as zero — the rule that gives the rank in
 * gramConditioning, so rank and solution agree. Since H⁺ = (HᵀH)⁺Hᵀ = Hᵀ(HHᵀ)⁺, this gives the
 * pseudo-inverse solution from the Gram matrix that ridge accumulates chunk by chunk, at O(n³) in the
 * smaller dimension instead of an SVD of the whole N × L matrix.
 *
 * The trade-off: the Gram matrix squares the conditioning. Directions of H with σ ≤ sqrt(n·ε)·σ_max
 * (κ(H) beyond ~10⁶–10⁷) are dropped, where the SVD of H keeps everything above max(N, L)·ε·σ_max; and
 * the kept components carry relative errors of about ε·κ(H)² instead of ε·κ(H). On well-conditioned
 * problems both give the same β; on ill-conditioned ones this one is the more strongly truncated
 * (better regularised, slightly larger residual) minimum-norm solution.
 */
function solveGramPinv(gram: Float64Array, b: F64Matrix): { x: F64Matrix } & Conditioning {
  const n = b.rows;
  if (!kernels().allFinite(gram)) throw new InputError('INVALID_CONFIG', 'the Gram matrix contains non-finite values');
  const eig = symmetricEigen(gram, n);
  const { conditioning, tol } = eigenvalueConditioning(eig.values);
  const x = b.data.slice();
  eigenvectorsTransposeTimes(eig, x, b.cols);
  for (let i = 0; i < n; i++) {
    const lambda = eig.values[i];
    const scale = lambda > tol ? 1 / lambda : 0;
    for (let j = 0; j < b.cols; j++) x[i * b.cols + j] *= scale;
  }
  eigenvectorsTimes(eig, x, b.cols);
  return { x: { rows: n, cols: b.cols, data: x }, ...conditioning };
}

/** Primal pinv from the accumulated HᵀH (L × L) and HᵀT (L × k): β = (HᵀH)⁺HᵀT. */
export function solvePinvPrimal(gram: Float64Array, hT: F64Matrix): { beta: F64Matrix } & Conditioning {
  const { x, rank, condition } = solveGramPinv(gram, hT);
  return { beta: x, rank, condition };
}

/** Dual pinv for N < L: β = Hᵀ(HHᵀ)⁺T. */
export function solvePinvDual(h: F64Matrix, outer: Float64Array, t: F64Matrix): { beta: F64Matrix } & Conditioning {
  const { x: alpha, rank, condition } = solveGramPinv(outer, t);
  const beta = new Float64Array(h.cols * t.cols);
  kernels().gemmTN(h.data, alpha.data, beta, h.cols, h.rows, t.cols);
  return { beta: { rows: h.cols, cols: t.cols, data: beta }, rank, condition };
}
