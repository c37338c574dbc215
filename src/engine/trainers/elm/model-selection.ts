import { InputError } from '../../catalog/input-error';
import { kernels } from '../../math/kernels';
import type { F64Matrix } from './solvers';
import { eigenvectorMatrix, symmetricEigen } from './symmetric-eigen';

/**
 * ELM model selection without retraining: the exact leave-one-out error (PRESS) and GCV of ridge output weights
 * β = (H_kᵀH_k + δI)⁻¹H_kᵀT, δ = 1/C, for every hidden-unit count k (the first k columns of one H) and every C of a
 * grid. H_kᵀH_k is the leading k × k block of HᵀH, so one Gram serves every k. Per k, one eigendecomposition
 * H_kᵀH_k = V·Λ·Vᵀ and U = H_k·V (N × k) give, for any δ, the hat matrix P = U·diag(1/(λ + δ))·Uᵀ: its diagonal
 * pᵢᵢ = Σ_j U_ij²/(λ_j + δ), the fit Ŷ = U·diag(1/(λ + δ))·UᵀT and tr P = Σ pᵢᵢ — each extra C costs
 * O(N·k) per output instead of a new solve. PRESS residuals are eᵢ/(1 − pᵢᵢ) (Allen 1974); GCV is
 * mean(e²)/(1 − tr P/N)² (Golub, Heath & Wahba 1979). With fewer rows than units the same quantities come from the
 * N × N decomposition of H_kH_kᵀ instead (see HatBasis).
 */
export interface SelectionGrid {
  /** Hidden-unit counts, ascending, each ≤ H's columns. */
  hiddenUnits: readonly number[];
  /** Ridge C values (> 0). */
  c: readonly number[];
}

export interface SelectionPoint {
  hiddenUnits: number;
  c: number;
  /** Leave-one-out mean squared error over every target entry. */
  loo: number;
  /** Generalised cross-validation estimate of the same. */
  gcv: number;
  /** The validation score of this (k, C) fit when a validation split and a scorer were given, else null. */
  val: number | null;
}

/** Validation rows' hidden output (same units as H) and a scorer of their predictions (Nv × m, row-major). */
export interface ValidationScoring {
  h: F64Matrix;
  score: (predictions: Float64Array) => number;
}

/** Rows × columns of H the selection keeps in memory at most (float64): about 400 MB. */
export const SELECTION_MAX_ENTRIES = 50_000_000;

/** Progress after each hidden-unit count, and a stop between them (null result). */
export interface SelectionHooks {
  onSize?(done: number, total: number): void;
  shouldStop?(): boolean;
  yieldNow?(): Promise<void>;
}

/** Every (k, C) of the grid, in the grid's order (k outer, C inner); null when stopped. */
export async function selectionCurve(
  h: F64Matrix, t: F64Matrix, grid: SelectionGrid, validation: ValidationScoring | null = null, hooks: SelectionHooks = {},
): Promise<SelectionPoint[] | null> {
  const n = h.rows;
  const m = t.cols;
  if (t.rows !== n) throw new Error(`H has ${n} rows but T has ${t.rows}`);
  checkGrid(grid, h.cols);
  const maxK = grid.hiddenUnits[grid.hiddenUnits.length - 1];
  const hMax = leadingColumns(h, maxK);
  const gram = new Float64Array(maxK * maxK);
  kernels().syrk(hMax.data, gram, n, maxK);
  const cross = new Float64Array(maxK * m);
  kernels().gemmTN(hMax.data, t.data, cross, maxK, n, m);
  const points: SelectionPoint[] = [];
  for (const [i, k] of grid.hiddenUnits.entries()) {
    points.push(...curveAt(leadingColumns(hMax, k), leadingBlock(gram, maxK, k), leadingRows(cross, m, k), t, grid.c, validation));
    hooks.onSize?.(i + 1, grid.hiddenUnits.length);
    await hooks.yieldNow?.();
    if (hooks.shouldStop?.()) return null;
  }
  return points;
}

/** The grid point with the smallest leave-one-out error (the fewer hidden units, then the smaller C, on ties). */
export function bestPoint(points: readonly SelectionPoint[]): SelectionPoint {
  return points.reduce((best, p) => (p.loo < best.loo ? p : best));
}

/**
 * Hidden-unit counts for a selection up to `max`: `count` values on a log scale ending at max, each half the next
 * (closer when max is too small for that: evenly in log from 1), rounded, duplicates dropped. The curve's cost goes
 * with Σk² (the decompositions and the N × k products of the largest sizes); halving keeps it at 4/3 of max²
 * (1.9 with the 1.47 steps of a span max/32 … max).
 */
export function hiddenUnitsGrid(max: number, count = 10): number[] {
  const ratio = count <= 1 ? 1 : Math.min(2, max ** (1 / (count - 1)));
  const values = Array.from({ length: count }, (_, i) => Math.max(1, Math.round(max / ratio ** (count - 1 - i))));
  return [...new Set(values)];
}

/** Ten decades of C, 10⁻² … 10⁷, around the catalog's default of 1000. */
export const C_GRID: readonly number[] = Array.from({ length: 10 }, (_, i) => 10 ** (i - 2));

function checkGrid(grid: SelectionGrid, columns: number): void {
  const ks = grid.hiddenUnits;
  if (ks.length === 0 || grid.c.length === 0) throw new InputError('INVALID_CONFIG', 'the selection grid needs at least one hidden-unit count and one C');
  ks.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 1 || k > columns || (i > 0 && k <= ks[i - 1])) {
      throw new InputError('INVALID_CONFIG', `hidden-unit counts must be ascending integers from 1 to ${columns}, got ${ks.join(', ')}`);
    }
  });
  for (const c of grid.c) if (!(c > 0 && Number.isFinite(c))) throw new InputError('INVALID_CONFIG', `C must be a positive number, got ${c}`);
}

/**
 * The hat matrix of one hidden-unit count for every δ = 1/C as P(δ) = B·diag(f(λ, δ))·Bᵀ over an orthonormal basis
 * B (n × r) and eigenvalues λ: primal (N ≥ k) B = H_k·V from H_kᵀH_k = V·Λ·Vᵀ with f = 1/(λ + δ) (B's columns have
 * norm² λ); dual (N < k) B = W from H_kH_kᵀ = W·Λ·Wᵀ with f = λ/(λ + δ) — an N × N decomposition instead of k × k.
 */
interface HatBasis {
  b: Float64Array;
  r: number;
  values: Float64Array;
  weight: (lambda: number, delta: number) => number;
  /** BᵀT, r × m. */
  bt: Float64Array;
  /** β for every C (k × m·nc) from coefficients A = [diag(1/(λ + δ_C))·(VᵀH_kᵀT or WᵀT)]. */
  betas: (deltas: readonly number[]) => Float64Array;
}

function primalBasis(hk: F64Matrix, gram: Float64Array, cross: Float64Array, m: number): HatBasis {
  const { rows: n, cols: k } = hk;
  const eig = symmetricEigen(gram, k);
  const v = eigenvectorMatrix(eig);
  const b = new Float64Array(n * k);
  kernels().gemm(hk.data, v, b, n, k, k);
  const bt = new Float64Array(k * m);
  kernels().gemmTN(v, cross, bt, k, k, m);
  return {
    b, r: k, values: eig.values, bt, weight: (lambda, delta) => 1 / (lambda + delta),
    betas: (deltas) => {
      const a = scaledColumns(bt, k, m, deltas.map((d) => (j: number) => 1 / (Math.max(0, eig.values[j]) + d)));
      const betas = new Float64Array(k * m * deltas.length);
      kernels().gemm(v, a, betas, k, k, m * deltas.length);
      return betas;
    },
  };
}

function dualBasis(hk: F64Matrix, t: F64Matrix): HatBasis {
  const { rows: n, cols: k } = hk;
  const m = t.cols;
  const outer = new Float64Array(n * n);
  kernels().gemmNT(hk.data, hk.data, outer, n, k, n);
  const eig = symmetricEigen(outer, n);
  const w = eigenvectorMatrix(eig);
  const bt = new Float64Array(n * m);
  kernels().gemmTN(w, t.data, bt, n, n, m);
  return {
    b: w, r: n, values: eig.values, bt, weight: (lambda, delta) => lambda / (lambda + delta),
    betas: (deltas) => {
      // β = H_kᵀ·(H_kH_kᵀ + δI)⁻¹T = H_kᵀ·W·diag(1/(λ + δ))·WᵀT.
      const a = scaledColumns(bt, n, m, deltas.map((d) => (j: number) => 1 / (Math.max(0, eig.values[j]) + d)));
      const alphas = new Float64Array(n * m * deltas.length);
      kernels().gemm(w, a, alphas, n, n, m * deltas.length);
      const betas = new Float64Array(k * m * deltas.length);
      kernels().gemmTN(hk.data, alphas, betas, k, n, m * deltas.length);
      return betas;
    },
  };
}

/** [diag(f_C)·X for each C] side by side: r × (m·nc), row j scaled by f_C(j) in block C. */
function scaledColumns(x: Float64Array, r: number, m: number, factors: readonly ((j: number) => number)[]): Float64Array {
  const nc = factors.length;
  const out = new Float64Array(r * m * nc);
  factors.forEach((f, ci) => {
    for (let j = 0; j < r; j++) {
      const fj = f(j);
      for (let o = 0; o < m; o++) out[j * m * nc + ci * m + o] = fj * x[j * m + o];
    }
  });
  return out;
}

/** The points of one hidden-unit count k for every C, from H_k (N × k), its Gram and H_kᵀT. */
function curveAt(
  hk: F64Matrix, gram: Float64Array, cross: Float64Array, t: F64Matrix, cs: readonly number[], validation: ValidationScoring | null,
): SelectionPoint[] {
  const n = hk.rows;
  const m = t.cols;
  const nc = cs.length;
  const deltas = cs.map((c) => 1 / c);
  const basis = n < hk.cols ? dualBasis(hk, t) : primalBasis(hk, gram, cross, m);
  const { b, r } = basis;
  // F (r × nc): f(λ_j, δ_C); A = [diag(F_C)·BᵀT for each C] (r × m·nc) gives every fit in one product, F every hat
  // diagonal through B∘B.
  const f = new Float64Array(r * nc);
  for (let j = 0; j < r; j++) deltas.forEach((d, ci) => (f[j * nc + ci] = basis.weight(Math.max(0, basis.values[j]), d)));
  const a = scaledColumns(basis.bt, r, m, deltas.map((_, ci) => (j: number) => f[j * nc + ci]));
  const fits = new Float64Array(n * m * nc);
  kernels().gemm(b, a, fits, n, r, m * nc);
  const vals = validation ? validationScores(validation, hk.cols, basis.betas(deltas), m, nc) : null;
  const hat = leveragesInPlace(b, f, n, r, nc);
  const entries = n * m;
  return cs.map((c, ci) => {
    const { press, rss, trace } = residualSums(t.data, fits, hat, ci, n, m, nc);
    return { hiddenUnits: hk.cols, c, loo: press / entries, gcv: rss / entries / (1 - trace / n) ** 2, val: vals ? vals[ci] : null };
  });
}

/**
 * The hat diagonals (n × nc), (B∘B)·F, with B∘B written over B: B (n × r) is the curve's largest array and is not
 * needed after the fits and β (the dual's β use it, so they come first).
 */
function leveragesInPlace(b: Float64Array, f: Float64Array, n: number, r: number, nc: number): Float64Array {
  for (let i = 0; i < b.length; i++) b[i] *= b[i];
  const hat = new Float64Array(n * nc);
  kernels().gemm(b, f, hat, n, r, nc);
  return hat;
}

/** Σ of squared PRESS residuals eᵢ/(1 − pᵢᵢ) and of squared residuals eᵢ, and tr P, for the C of column ci. */
function residualSums(
  t: Float64Array, fits: Float64Array, hat: Float64Array, ci: number, n: number, m: number, nc: number,
): { press: number; rss: number; trace: number } {
  let press = 0;
  let rss = 0;
  // tr P as Σ pᵢᵢ rather than Σ λ/(λ + δ): eigenvalues that are zero in exact arithmetic (rank-deficient H)
  // come out as ±ε·λ_max, enough to spoil 1 − tr P/N when it is small; their basis columns are ~0 (primal).
  let trace = 0;
  for (let i = 0; i < n; i++) {
    const leverage = hat[i * nc + ci];
    trace += leverage;
    for (let o = 0; o < m; o++) {
      const e = t[i * m + o] - fits[i * m * nc + ci * m + o];
      const loo = e / (1 - leverage);
      rss += e * e;
      press += loo * loo;
    }
  }
  return { press, rss, trace };
}

/** Validation scores of every C at k units from β_C (k × m each, side by side): predictions H_val,k·β_C. */
function validationScores(validation: ValidationScoring, k: number, betas: Float64Array, m: number, nc: number): number[] {
  const hv = leadingColumns(validation.h, k);
  const all = new Float64Array(hv.rows * m * nc);
  kernels().gemm(hv.data, betas, all, hv.rows, k, m * nc);
  return Array.from({ length: nc }, (_, ci) => {
    const predictions = new Float64Array(hv.rows * m);
    for (let i = 0; i < hv.rows; i++) predictions.set(all.subarray(i * m * nc + ci * m, i * m * nc + (ci + 1) * m), i * m);
    return validation.score(predictions);
  });
}

function leadingColumns(h: F64Matrix, k: number): F64Matrix {
  if (k === h.cols) return h;
  const data = new Float64Array(h.rows * k);
  for (let i = 0; i < h.rows; i++) data.set(h.data.subarray(i * h.cols, i * h.cols + k), i * k);
  return { rows: h.rows, cols: k, data };
}

function leadingBlock(gram: Float64Array, size: number, k: number): Float64Array {
  const block = new Float64Array(k * k);
  for (let i = 0; i < k; i++) block.set(gram.subarray(i * size, i * size + k), i * k);
  return block;
}

function leadingRows(a: Float64Array, cols: number, k: number): Float64Array {
  return a.slice(0, k * cols);
}
