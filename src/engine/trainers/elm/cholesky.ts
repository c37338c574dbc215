import { kernels } from '../../math/kernels';

/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive definite float64 matrix, and the solve with
 * it, on flat row-major arrays. Blocked and right-looking so that nearly all of the n³/3 flops are the
 * trailing updates A22 −= L21·L21ᵀ, which go through the kernel table (WebAssembly SIMD in production).
 * The diagonal blocks (O(n·nb²)) are plain loops; the panel solves are sub-blocked so that most of their
 * O(n²·nb) flops go through the kernels too. The kernels take dense matrices without a leading dimension,
 * hence the packed scratch copies.
 */

/** Panel width: wide enough for the kernels to run near full speed, narrow enough that the JS panel work stays small. */
export const CHOLESKY_BLOCK_SIZE = 96;

/** Rows of the trailing matrix updated per kernel call (lower triangle only, so block rows halve the flops). */
const UPDATE_ROWS = 128;

/** Columns of the panel solved by plain substitution before the kernels update the rest of the panel. */
const SUB_BLOCK = 16;

/** Scratch buffers, allocated once per factorisation. */
interface Scratch {
  /** L21 packed, m2 × kb. */
  panel: Float64Array;
  /** One block row of L21·L21ᵀ. */
  product: Float64Array;
  /** SUB_BLOCK columns of the panel, packed. */
  strip: Float64Array;
  /** The part of L11 below a SUB_BLOCK diagonal block, packed. */
  lsub: Float64Array;
  /** The strip's product with lsub. */
  tmp: Float64Array;
}

/**
 * Overwrites the lower triangle (with the diagonal) of `a` (n × n, row-major) with L, A = L·Lᵀ.
 * Reads only the lower triangle; the strict upper triangle is neither read nor written.
 * Returns false as soon as a pivot is ≤ 0 or not finite (A not positive definite to working precision);
 * the lower triangle is then partly overwritten.
 */
export function choleskyInPlace(a: Float64Array, n: number, blockSize = CHOLESKY_BLOCK_SIZE): boolean {
  if (a.length < n * n) throw new Error(`a has ${a.length} elements, fewer than ${n}²`);
  const nb = Math.max(1, Math.min(Math.floor(blockSize) || 1, n));
  const below = Math.max(0, n - nb);
  const scratch: Scratch = {
    panel: new Float64Array(below * nb),
    product: new Float64Array(Math.min(UPDATE_ROWS, n) * n),
    strip: new Float64Array(below * SUB_BLOCK),
    lsub: new Float64Array(nb * SUB_BLOCK),
    tmp: new Float64Array(below * nb),
  };
  for (let k0 = 0; k0 < n; k0 += nb) {
    const kb = Math.min(nb, n - k0);
    if (!factorDiagonalBlock(a, n, k0, kb)) return false;
    const t0 = k0 + kb;
    const m2 = n - t0;
    if (m2 === 0) break;
    solvePanel(a, n, k0, kb, t0, m2, scratch);
    updateTrailing(a, n, kb, t0, m2, scratch);
  }
  return true;
}

/** Unblocked Cholesky of the kb × kb block at (k0, k0), row by row (dot products over contiguous rows). */
function factorDiagonalBlock(a: Float64Array, n: number, k0: number, kb: number): boolean {
  for (let i = 0; i < kb; i++) {
    const ri = (k0 + i) * n + k0;
    for (let j = 0; j < i; j++) {
      const rj = (k0 + j) * n + k0;
      let s = a[ri + j];
      for (let p = 0; p < j; p++) s -= a[ri + p] * a[rj + p];
      a[ri + j] = s / a[rj + j];
    }
    let d = a[ri + i];
    for (let p = 0; p < i; p++) d -= a[ri + p] * a[ri + p];
    // Written so that NaN fails too.
    if (!(d > 0 && d < Infinity)) return false;
    a[ri + i] = Math.sqrt(d);
  }
  return true;
}

/**
 * L21 = A21·L11⁻ᵀ for the m2 rows below the diagonal block, packed into `panel` (m2 × kb, contiguous)
 * for the kernels and written back into `a`. Itself blocked: forward substitution along each row for
 * SUB_BLOCK columns at a time, then the kernels subtract those columns' contribution from the columns
 * to their right — so the plain-loop work is O(m2·kb·SUB_BLOCK) rather than O(m2·kb²).
 */
function solvePanel(a: Float64Array, n: number, k0: number, kb: number, t0: number, m2: number, s: Scratch): void {
  const { panel, strip, lsub, tmp } = s;
  // Plain copy loops: a subarray per row costs more than copying the row.
  copyBlock(a, (t0 * n) + k0, n, panel, 0, kb, m2, kb);
  for (let c0 = 0; c0 < kb; c0 += SUB_BLOCK) {
    const cb = Math.min(SUB_BLOCK, kb - c0);
    for (let r = 0; r < m2; r++) {
      const rp = r * kb + c0;
      for (let j = 0; j < cb; j++) {
        const rl = (k0 + c0 + j) * n + k0 + c0;
        let v = panel[rp + j];
        for (let p = 0; p < j; p++) v -= panel[rp + p] * a[rl + p];
        panel[rp + j] = v / a[rl + j];
      }
    }
    const rest = kb - c0 - cb;
    if (rest === 0) break;
    // panel[:, c0+cb:] −= panel[:, c0:c0+cb]·L11[c0+cb:, c0:c0+cb]ᵀ, operands packed dense.
    copyBlock(panel, c0, kb, strip, 0, cb, m2, cb);
    copyBlock(a, (k0 + c0 + cb) * n + k0 + c0, n, lsub, 0, cb, rest, cb);
    kernels().gemmNT(strip, lsub, tmp, m2, cb, rest);
    for (let r = 0; r < m2; r++) {
      const rp = r * kb + c0 + cb;
      const rt = r * rest;
      for (let j = 0; j < rest; j++) panel[rp + j] -= tmp[rt + j];
    }
  }
  copyBlock(panel, 0, kb, a, t0 * n + k0, n, m2, kb);
}

/** Copies a rows × cols block between row-major arrays with the given offsets and row strides. */
function copyBlock(
  src: Float64Array, srcOffset: number, srcStride: number,
  dst: Float64Array, dstOffset: number, dstStride: number, rows: number, cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOffset + r * srcStride;
    const d = dstOffset + r * dstStride;
    for (let j = 0; j < cols; j++) dst[d + j] = src[s + j];
  }
}

/**
 * A22 −= L21·L21ᵀ on the lower triangle: for each block of rows, the kernels compute that block
 * against all earlier rows of the panel (up to its own diagonal) into scratch, which is subtracted.
 */
function updateTrailing(a: Float64Array, n: number, kb: number, t0: number, m2: number, s: Scratch): void {
  const { panel, product } = s;
  const k = kernels();
  for (let r0 = 0; r0 < m2; r0 += UPDATE_ROWS) {
    const rows = Math.min(UPDATE_ROWS, m2 - r0);
    const cols = r0 + rows;
    k.gemmNT(panel.subarray(r0 * kb, (r0 + rows) * kb), panel, product, rows, kb, cols);
    for (let i = 0; i < rows; i++) {
      const ra = (t0 + r0 + i) * n + t0;
      const rc = i * cols;
      const end = r0 + i;
      for (let j = 0; j <= end; j++) a[ra + j] -= product[rc + j];
    }
  }
}

/**
 * Solves A·X = B in place for B (n × k, row-major) given L from choleskyInPlace (lower triangle of `l`):
 * L·Y = B forward, then Lᵀ·X = Y backward. Both sweeps read rows of L and update whole rows of B, so
 * every inner loop runs over contiguous memory.
 */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array, k: number): void {
  if (b.length < n * k) throw new Error(`b has ${b.length} elements, fewer than ${n}·${k}`);
  if (k === 1) return solveVectorInPlace(l, n, b);
  // Forward: y_i = (b_i − Σ_{p<i} L[i,p]·y_p) / L[i,i].
  for (let i = 0; i < n; i++) {
    const li = i * n;
    const bi = i * k;
    for (let p = 0; p < i; p++) {
      const f = l[li + p];
      const bp = p * k;
      for (let j = 0; j < k; j++) b[bi + j] -= f * b[bp + j];
    }
    const d = l[li + i];
    for (let j = 0; j < k; j++) b[bi + j] /= d;
  }
  // Backward, column-oriented so that row i of L is read rather than column i:
  // x_i = y_i / L[i,i], then y_p −= L[i,p]·x_i for every p < i.
  for (let i = n - 1; i >= 0; i--) {
    const li = i * n;
    const bi = i * k;
    const d = l[li + i];
    for (let j = 0; j < k; j++) b[bi + j] /= d;
    for (let p = 0; p < i; p++) {
      const f = l[li + p];
      const bp = p * k;
      for (let j = 0; j < k; j++) b[bp + j] -= f * b[bi + j];
    }
  }
}

/**
 * The same sweeps for one right-hand side, the same operations in the same order: the condition estimate's
 * twenty solves per fit run 1.7× faster without the loops over k.
 */
function solveVectorInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const li = i * n;
    let y = b[i];
    for (let p = 0; p < i; p++) y -= l[li + p] * b[p];
    b[i] = y / l[li + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    const li = i * n;
    const x = b[i] / l[li + i];
    b[i] = x;
    for (let p = 0; p < i; p++) b[p] -= l[li + p] * x;
  }
}
