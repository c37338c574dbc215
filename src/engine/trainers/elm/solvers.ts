import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { InputError } from '../../catalog/input-error';
import { kernels } from '../../math/kernels';
import type { Matrix } from '../../math/matrix';
import { choleskyInPlace, choleskySolveInPlace } from './cholesky';
import { factoredExtremes } from './condition-estimate';
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

/** How a symmetric system was solved: Cholesky, or the eigendecomposition when Cholesky could not be trusted. */
type SymmetricMethod = 'cholesky' | 'eigen';

/**
 * The largest κ(A) at which a Cholesky solve is used. Its relative error is about ε·κ(A) (and forming A = HᵀH + I/C
 * from H adds an error of the same order), so up to here it stays within 1e-6 with a factor 10 to spare for the
 * constants and for the estimate (Lanczos Ritz values lie inside the spectrum, so κ is underestimated). The
 * β-against-SVD test (ridge-accuracy.test.ts) fails with Cholesky alone and passes with a factor 1 as well.
 */
const CHOLESKY_MAX_CONDITION = 1e-6 / (10 * Number.EPSILON);

interface SymmetricSolve {
  x: F64Matrix;
  method: SymmetricMethod;
  /** κ(A), estimated (Cholesky) or from all eigenvalues. */
  systemCondition: number;
  /** Rank and condition of the shifted-out matrix A − shift·I (the Gram matrix of H) as a statement about H; null when the estimate cannot resolve them. */
  conditioning: Conditioning | null;
}

/**
 * X = A⁻¹B for a symmetric positive definite A (n × n), by Cholesky when a cheap estimate of κ(A) (a few
 * Lanczos steps with the factor, see condition-estimate.ts) says the result is accurate to 1e-6; otherwise — the
 * factorisation failed, κ(A) is beyond CHOLESKY_MAX_CONDITION, or the result is not finite — through the symmetric
 * eigendecomposition A = V·Λ·Vᵀ: X = V·Λ⁺·Vᵀ·B with the eigenvalues of A − shift·I at or below
 * rankScale·ε·max|λ − shift| counted as zero (for ridge, A = G + I/C with shift 1/C: the directions the Gram matrix G
 * cannot resolve are dropped, as an SVD of H drops singular values with σ² below that bound).
 * Overwrites `a` (the callers pass a copy they own): the factorisation reads the lower triangle and replaces it
 * with L; the estimate and the fallback use the untouched strict upper triangle and a copy of the diagonal. A is
 * assumed symmetric; the kernels that build it may round the two triangles differently.
 */
export function solveSymmetric(
  a: Float64Array, n: number, b: F64Matrix, { shift = 0, rankScale = n }: { shift?: number; rankScale?: number } = {},
): SymmetricSolve {
  if (b.rows !== n) throw new Error(`A is ${n} × ${n} but B has ${b.rows} rows`);
  if (!kernels().allFinite(a)) throw new InputError('INVALID_CONFIG', 'the normal equations contain non-finite values');
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) diagonal[i] = a[i * n + i];
  if (choleskyInPlace(a, n)) {
    const { max, min } = factoredExtremes(a, diagonal, a, n);
    const systemCondition = max / min;
    if (systemCondition <= CHOLESKY_MAX_CONDITION) {
      const x = b.data.slice(0, n * b.cols);
      choleskySolveInPlace(a, n, x, b.cols);
      if (kernels().allFinite(x)) {
        return { x: { rows: n, cols: b.cols, data: x }, method: 'cholesky', systemCondition, conditioning: estimatedConditioning(max, min, n, shift, rankScale) };
      }
    }
  }
  for (let i = 0; i < n; i++) a[i * n + i] = diagonal[i];
  return solveByEigen(a, n, b, shift, rankScale);
}

/**
 * Rank and κ of A − shift·I from the extremes of A. λmin − shift is resolved only when the shift is at most half
 * of λmin (else the subtraction leaves the estimate's error); rank is all of n when even the smallest eigenvalue
 * is above the rank bound, and not known (null) otherwise.
 */
function estimatedConditioning(max: number, min: number, n: number, shift: number, rankScale: number): Conditioning | null {
  const top = max - shift;
  const bottom = min - shift;
  if (!(min >= 2 * shift) || !(bottom > rankScale * Number.EPSILON * top)) return null;
  return { rank: n, condition: Math.sqrt(top / bottom) };
}

function solveByEigen(a: Float64Array, n: number, b: F64Matrix, shift: number, rankScale: number): SymmetricSolve {
  const eig = symmetricEigen(a, n);
  const shifted = eig.values.map((v) => v - shift);
  const { conditioning, tol } = eigenvalueConditioning(shifted, rankScale);
  const x = b.data.slice(0, n * b.cols);
  eigenvectorsTransposeTimes(eig, x, b.cols);
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of eig.values) {
    maxAbs = Math.max(maxAbs, Math.abs(v));
    minAbs = Math.min(minAbs, Math.abs(v));
  }
  for (let i = 0; i < n; i++) {
    const scale = Math.abs(shifted[i]) > tol ? 1 / eig.values[i] : 0;
    for (let j = 0; j < b.cols; j++) x[i * b.cols + j] *= scale;
  }
  eigenvectorsTimes(eig, x, b.cols);
  return { x: { rows: n, cols: b.cols, data: x }, method: 'eigen', systemCondition: maxAbs / minAbs, conditioning };
}

function addToDiagonal(a: Float64Array, n: number, value: number): void {
  for (let i = 0; i < n; i++) a[i * n + i] += value;
}

type RidgeSolve = Omit<SymmetricSolve, 'x'> & { beta: F64Matrix };

/**
 * Primal ridge: β = (HᵀH + I/C)⁻¹HᵀT from the accumulated gram HᵀH (L × L) and HᵀT (L × k). `rankScale`: max(N, L),
 * the factor of the rank bound (see solveSymmetric), as the SVD of the N × L matrix H would use.
 */
export function solveRidgePrimal(gram: Float64Array, hT: F64Matrix, c: number, rankScale = hT.rows): RidgeSolve {
  const a = gram.slice();
  addToDiagonal(a, hT.rows, 1 / c);
  const { x, ...rest } = solveSymmetric(a, hT.rows, hT, { shift: 1 / c, rankScale });
  return { beta: x, ...rest };
}

/** The N × N Gram HHᵀ, for the dual form and its diagnostics. */
export function outerGram(h: F64Matrix): Float64Array {
  const k = new Float64Array(h.rows * h.rows);
  kernels().gemmNT(h.data, h.data, k, h.rows, h.cols, h.rows);
  return k;
}

/** Dual ridge for N < L: β = Hᵀ(HHᵀ + I/C)⁻¹T, the same β as the primal form with an N × N system. */
export function solveRidgeDual(h: F64Matrix, outer: Float64Array, t: F64Matrix, c: number): RidgeSolve {
  const a = outer.slice();
  addToDiagonal(a, h.rows, 1 / c);
  const { x: alpha, ...rest } = solveSymmetric(a, h.rows, t, { shift: 1 / c, rankScale: Math.max(h.rows, h.cols) });
  const beta = new Float64Array(h.cols * t.cols);
  kernels().gemmTN(h.data, alpha.data, beta, h.cols, h.rows, t.cols);
  return { beta: { rows: h.cols, cols: t.cols, data: beta }, ...rest };
}

/**
 * Rank and κ(H) = sqrt(λ_max/λ_min) from the eigenvalues of a Gram matrix of H (HᵀH or HHᵀ, which share their
 * non-zero eigenvalues). Eigenvalues carry absolute errors of about ε·λ_max, so only those above
 * rankScale·ε·λ_max (rankScale: the matrix's size unless given) count towards the rank; κ(H) beyond that is Infinity.
 */
export function gramConditioning(gram: Float64Array, n: number): Conditioning {
  return eigenvalueConditioning(symmetricEigenvalues(gram, n)).conditioning;
}

function eigenvalueConditioning(eigenvalues: Float64Array, rankScale = eigenvalues.length): { conditioning: Conditioning; tol: number } {
  const n = eigenvalues.length;
  let max = 0;
  let min = Infinity;
  for (const v of eigenvalues) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  const tol = rankScale * Number.EPSILON * max;
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
