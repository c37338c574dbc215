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
 * mean(e²)/(1 − tr P/N)² (Golub, Heath & Wahba 1979).
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
 * Hidden-unit counts for a selection up to `max`: `count` values evenly spaced on a log scale from max/32
 * (at least 1) to max, duplicates dropped. Log spacing keeps Σk², the cost of the curve, near 2·max².
 */
export function hiddenUnitsGrid(max: number, count = 10): number[] {
  const low = Math.max(1, Math.round(max / 32));
  const values = Array.from({ length: count }, (_, i) => Math.round(low * (max / low) ** (count <= 1 ? 1 : i / (count - 1))));
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

/** The points of one hidden-unit count k for every C, from H_k (N × k), its Gram and H_kᵀT. */
function curveAt(
  hk: F64Matrix, gram: Float64Array, cross: Float64Array, t: F64Matrix, cs: readonly number[], validation: ValidationScoring | null,
): SelectionPoint[] {
  const { rows: n, cols: k } = hk;
  const m = t.cols;
  const nc = cs.length;
  const eig = symmetricEigen(gram, k);
  const v = eigenvectorMatrix(eig);
  const u = new Float64Array(n * k);
  kernels().gemm(hk.data, v, u, n, k, k);
  const ut = new Float64Array(k * m);
  kernels().gemmTN(v, cross, ut, k, k, m);
  // Per C: w_j = 1/(λ_j + δ). A = [diag(w)·UᵀT for each C] (k × m·nc) gives every fit in one product; W (k × nc)
  // every hat diagonal, through U∘U.
  const a = new Float64Array(k * m * nc);
  const w = new Float64Array(k * nc);
  cs.forEach((c, ci) => {
    for (let j = 0; j < k; j++) {
      const wj = 1 / (Math.max(0, eig.values[j]) + 1 / c);
      w[j * nc + ci] = wj;
      for (let o = 0; o < m; o++) a[j * m * nc + ci * m + o] = wj * ut[j * m + o];
    }
  });
  const fits = new Float64Array(n * m * nc);
  kernels().gemm(u, a, fits, n, k, m * nc);
  for (let i = 0; i < u.length; i++) u[i] *= u[i];
  const hat = new Float64Array(n * nc);
  kernels().gemm(u, w, hat, n, k, nc);

  const vals = validation ? validationScores(validation, k, v, a, m, nc) : null;
  return cs.map((c, ci) => {
    let press = 0;
    let rss = 0;
    // tr P as Σ pᵢᵢ rather than Σ λ/(λ + δ): eigenvalues of H_kᵀH_k that are zero in exact arithmetic (k > N,
    // rank-deficient H) come out as ±ε·λ_max, enough to spoil 1 − tr P/N when it is small; their U columns are ~0.
    let trace = 0;
    for (let i = 0; i < n; i++) {
      const leverage = hat[i * nc + ci];
      trace += leverage;
      for (let o = 0; o < m; o++) {
        const e = t.data[i * m + o] - fits[i * m * nc + ci * m + o];
        rss += e * e;
        press += (e / (1 - leverage)) ** 2;
      }
    }
    const entries = n * m;
    return { hiddenUnits: k, c, loo: press / entries, gcv: rss / entries / (1 - trace / n) ** 2, val: vals ? vals[ci] : null };
  });
}

/** Validation scores of every C at k units: β_C = V·A_C (k × m), predictions H_val,k·β_C. */
function validationScores(validation: ValidationScoring, k: number, v: Float64Array, a: Float64Array, m: number, nc: number): number[] {
  const hv = leadingColumns(validation.h, k);
  const betas = new Float64Array(k * m * nc);
  kernels().gemm(v, a, betas, k, k, m * nc);
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
