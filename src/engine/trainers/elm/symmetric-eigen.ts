import { kernels } from '../../math/kernels';
import {
  type TridiagonalEigen, tridiagonalEigen, tridiagonalEigenvalues, tridiagonalVectorMatrix, tridiagonalVectorsTimes,
} from './tridiagonal-eigen';

/**
 * Symmetric eigendecomposition A = V·diag(λ)·Vᵀ in two steps, as LAPACK's dsyevd: Householder reduction to a
 * tridiagonal T = Qᵀ·A·Q (the kernels' tridiagonalize: blocked, its trailing updates as matrix products), then
 * T = Z·diag(λ)·Zᵀ by divide and conquer (tridiagonal-eigen.ts, its merge steps a kernel). V = Q·Z is kept in
 * factored form — the reflectors of Q and Z's tree of merges — and applied to blocks of columns through the kernels
 * (Q by blocks of reflectors in the compact WY form I − Y·T·Yᵀ), ~8·n² flops per column, so one decomposition
 * serves many right-hand sides: the ELM's β for one or many C, GCV curves, rank and condition. Callers that need
 * V for very many columns (more than ~n/2) form it once with eigenvectorMatrix.
 * Reads the upper triangle of `a` (n × n, row-major; the lower one is ignored) and does not modify it.
 */
export interface SymmetricEigen {
  n: number;
  /** Ascending; eigenvector j (column j of V) belongs to values[j]. */
  values: Float64Array;
  /** The tridiagonal reduction's reflectors: row j holds v_j from column j + 1 on (see js-tridiagonal.ts). */
  reflectors: Float64Array;
  /** Their scales τ_j, Q = (I − τ_0·v_0·v_0ᵀ)···(I − τ_{n−2}·v_{n−2}·v_{n−2}ᵀ). */
  tau: Float64Array;
  /** Z, the eigenvectors of T (column j for values[j]), factored. */
  tridiagonal: TridiagonalEigen;
  /** Blocks of reflectors in WY form, made on first use. */
  blocks?: ReflectorBlock[];
}

/** Reflectors j0 … j0 + nb − 1 as H_{j0}···H_{j0+nb−1} = I − Y·T·Yᵀ on rows j0 + 1 … n − 1. */
interface ReflectorBlock {
  j0: number;
  nb: number;
  /** Yᵀ packed, nb × (n − j0 − 1), zeros left of each reflector's leading 1. */
  yt: Float64Array;
  /** −T, nb × nb upper triangular. */
  minusT: Float64Array;
}

/** Reflectors per WY block: wide enough that the two products per block run near the kernels' speed. */
const REFLECTOR_BLOCK = 48;

/** The tridiagonal reduction of A scaled to max |a_ij| = 1 (so no square in it overflows), and that scale. */
function reduce(a: Float64Array, n: number): { scale: number; work: Float64Array; d: Float64Array; e: Float64Array; tau: Float64Array } {
  let scale = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) scale = Math.max(scale, Math.abs(a[i * n + j]));
  if (!Number.isFinite(scale)) throw new Error('the symmetric matrix contains non-finite values');
  const work = new Float64Array(n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(Math.max(0, n - 1));
  if (scale === 0) {
    for (let j = 0; j + 1 < n; j++) work[j * n + j + 1] = 1; // H_j = I (τ = 0) with the usual unit entry
    return { scale: 1, work, d, e, tau };
  }
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) work[i * n + j] = a[i * n + j] / scale;
  kernels().tridiagonalize(work, n, d, e, tau);
  return { scale, work, d, e, tau };
}

/** Eigenvalues only (ascending): the reduction, then O(n²) QL on the tridiagonal matrix. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  if (n === 0) return new Float64Array(0);
  const { scale, d, e } = reduce(a, n);
  return tridiagonalEigenvalues(d, e).map((v) => v * scale);
}

export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const { scale, work, d, e, tau } = reduce(a, n);
  const tridiagonal = tridiagonalEigen(d, e);
  const values = tridiagonal.values.map((v) => v * scale);
  return { n, values, reflectors: work, tau, tridiagonal };
}

/** B ← V·B for B n × k, row-major. */
export function eigenvectorsTimes(eig: SymmetricEigen, b: Float64Array, k: number): void {
  const { n } = eig;
  if (n === 0 || k === 0) return;
  tridiagonalVectorsTimes(eig.tridiagonal, b, k);
  applyQ(eig, b, k, false);
}

/** B ← Vᵀ·B for B n × k, row-major. */
export function eigenvectorsTransposeTimes(eig: SymmetricEigen, b: Float64Array, k: number): void {
  const { n } = eig;
  if (n === 0 || k === 0) return;
  applyQ(eig, b, k, true);
  tridiagonalVectorsTimes(eig.tridiagonal, b, k, true);
}

/**
 * V itself (n × n row-major, column j for values[j]): Z formed, then Q applied to it, ~(4/3 + 2)·n³ flops — for
 * callers that need it whole (model-selection.ts).
 */
export function eigenvectorMatrix(eig: SymmetricEigen): Float64Array {
  const v = tridiagonalVectorMatrix(eig.tridiagonal);
  applyQ(eig, v, eig.n, false);
  return v;
}

/**
 * B ← Q·B (or Qᵀ·B), block by block of reflectors: each block is B_s += Y·(−T·(Yᵀ·B_s)) on the rows it touches,
 * with Tᵀ for Qᵀ. Q = block_0···block_last, so Q·B applies the last block first and Qᵀ·B the first.
 */
function applyQ(eig: SymmetricEigen, b: Float64Array, k: number, transpose: boolean): void {
  const blocks = reflectorBlocks(eig);
  const { n } = eig;
  for (let step = 0; step < blocks.length; step++) {
    const { j0, nb, yt, minusT } = blocks[transpose ? step : blocks.length - 1 - step];
    const rows = n - j0 - 1;
    const bs = b.subarray((j0 + 1) * k, n * k);
    const w = new Float64Array(nb * k);
    kernels().gemm(yt, bs, w, nb, rows, k);
    // −T·w (or −Tᵀ·w) as a product too: nb²·k flops, which as a plain loop cost as much time as the two others.
    const tw = new Float64Array(nb * k);
    if (transpose) kernels().gemmTN(minusT, w, tw, nb, nb, k);
    else kernels().gemm(minusT, w, tw, nb, nb, k);
    kernels().gemmTN(yt, tw, bs, rows, nb, k, true);
  }
}

function reflectorBlocks(eig: SymmetricEigen): ReflectorBlock[] {
  if (eig.blocks) return eig.blocks;
  const { n, reflectors: a, tau } = eig;
  const blocks: ReflectorBlock[] = [];
  for (let j0 = 0; j0 + 1 < n; j0 += REFLECTOR_BLOCK) {
    const nb = Math.min(REFLECTOR_BLOCK, n - 1 - j0);
    const rows = n - j0 - 1;
    const yt = new Float64Array(nb * rows);
    for (let p = 0; p < nb; p++) {
      const src = (j0 + p) * n + j0 + 1;
      yt.set(a.subarray(src + p, src + rows), p * rows + p);
    }
    // T from the reflectors' inner products G = Yᵀ·Y: T[0:p, p] = −τ_p·T[0:p, 0:p]·G[0:p, p], T[p, p] = τ_p.
    const g = new Float64Array(nb * nb);
    kernels().gemmNT(yt, yt, g, nb, rows, nb);
    const t = new Float64Array(nb * nb);
    for (let p = 0; p < nb; p++) {
      const tp = tau[j0 + p];
      t[p * nb + p] = tp;
      for (let i = 0; i < p; i++) {
        let s = 0;
        for (let q = i; q < p; q++) s += t[i * nb + q] * g[q * nb + p];
        t[i * nb + p] = -tp * s;
      }
    }
    for (let i = 0; i < t.length; i++) t[i] = -t[i];
    blocks.push({ j0, nb, yt, minusT: t });
  }
  eig.blocks = blocks;
  return blocks;
}
