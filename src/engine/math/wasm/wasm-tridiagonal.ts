import type { ExportCall } from './kernel-team';
import type { WasmArena } from './wasm-arena';

/** Exports of assembly/tridiagonal.ts and gemm.ts's syr2kF64 (addresses are byte offsets). */
export interface TridiagonalExports {
  latrdColumnStart(a: number, lda: number, m: number, w: number, ldw: number, j: number, d: number, e: number, tau: number): void;
  symvLowerF64(a: number, lda: number, m: number, x: number, y: number, c0: number, c1: number): void;
  addF64(dst: number, src: number, count: number): void;
  latrdColumnFinish(a: number, lda: number, m: number, w: number, ldw: number, j: number, tau: number, tmp: number): void;
  syr2kPack(a: number, lda: number, m: number, w: number, ldw: number, nb: number, z1: number, z2: number): void;
  syr2kF64(z1: number, z2: number, k: number, c: number, ldc: number, j0: number, j1: number, work: number): void;
  secularRootsF64(d: number, z: number, rho: number, zz: number, k: number, i0: number, i1: number, lambda: number, rows: number, scratch: number): void;
  secularVectorsF64(d: number, z: number, rho: number, k: number, rows: number, zhat: number): void;
}

/** What the reduction needs of the kernel set it runs in (see wrapInstance in ../wasm-kernels.ts). */
export interface TridiagonalContext {
  wasm: TridiagonalExports;
  arena: WasmArena;
  /** Runs calls[0] here and the rest on helper threads. */
  runSplit(calls: ExportCall[]): void;
  threads: number;
  /** Bytes of packing workspace per thread, for syr2kF64. */
  workBytes: number;
  /** Split products of at least this many flops (and symv of at least SYMV_SPLIT_ROWS scaled alike). */
  splitFlops: number;
}

/** Panel width (LAPACK's dsytrd default): the trailing updates are rank-2·NB products. */
export const TRIDIAGONAL_PANEL = 32;
/**
 * A trailing matrix-vector product below this many rows stays on one thread: it streams ~rows²/2·8 bytes, about
 * 0.1 ms at 400 rows, the cost of waking a helper. Scaled like the products' threshold (tests split everything).
 */
const SYMV_SPLIT_ROWS = 400;
const DEFAULT_SPLIT_FLOPS = 3e7;
/** Secular equations of fewer roots stay on one thread (each root costs a few passes over k poles: ~k² ns in all). */
const SECULAR_SPLIT_ROOTS = 200;

/**
 * The kernels' tridiagonalize (storage in ../js-tridiagonal.ts) as LAPACK's blocked dsytrd: per panel of
 * TRIDIAGONAL_PANEL columns, each column's reflector from the panel-updated column and a symmetric
 * matrix-vector product with the trailing matrix (split by columns between the threads), then one rank-2·nb
 * update of the trailing matrix through the gemm micro-kernel (split by columns like syrk). Returns false when
 * the memory cannot grow (the caller falls back to the reference).
 */
export function tridiagonalizeInWasm(
  ctx: TridiagonalContext, a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array,
): boolean {
  const { wasm, arena, threads, workBytes } = ctx;
  const nb0 = TRIDIAGONAL_PANEL;
  const at = arena.reserve(threads * workBytes, n * n * 8, n * 8, n * 8, n * 8, n * nb0 * 8, n * 8, 2 * n * 2 * nb0 * 8, 2 * nb0 * 8);
  if (!at) return false;
  const [work, pa, pd, pe, ptau, pw, py, pz, ptmp] = at;
  const pz2 = pz + n * 2 * nb0 * 8;
  arena.float64(pa, n * n).set(a.subarray(0, n * n));
  const scale = ctx.splitFlops / DEFAULT_SPLIT_FLOPS;
  const splitSymv = threads > 1;
  for (let i0 = 0; i0 < n; i0 += nb0) {
    const m = n - i0;
    const nb = Math.min(nb0, m);
    const ap = pa + (i0 * n + i0) * 8;
    const [dp, ep, tp] = [pd + i0 * 8, pe + i0 * 8, ptau + i0 * 8];
    for (let j = 0; j < nb; j++) {
      wasm.latrdColumnStart(ap, n, m, pw, m, j, dp, ep, tp);
      if (j >= m - 1) continue;
      const rows = m - j - 1;
      const a22 = ap + ((j + 1) * n + j + 1) * 8;
      const x = ap + (j * n + j + 1) * 8;
      const y = pw + (j * m + j + 1) * 8;
      if (splitSymv && rows >= SYMV_SPLIT_ROWS * scale) {
        // Equal shares of the triangle: columns [0, c1) hold as many elements as [c1, rows).
        const c1 = Math.max(1, Math.min(rows - 1, Math.round(rows * (1 - Math.SQRT1_2))));
        ctx.runSplit([
          { fn: 'symvLowerF64', args: [a22, n, rows, x, y, 0, c1] },
          { fn: 'symvLowerF64', args: [a22, n, rows, x, py, c1, rows] },
        ]);
        wasm.addF64(y + c1 * 8, py + c1 * 8, rows - c1);
      } else {
        wasm.symvLowerF64(a22, n, rows, x, y, 0, rows);
      }
      wasm.latrdColumnFinish(ap, n, m, pw, m, j, tp, ptmp);
    }
    const m2 = m - nb;
    if (m2 <= 0) continue;
    wasm.syr2kPack(ap, n, m, pw, m, nb, pz, pz2);
    const c = ap + (nb * n + nb) * 8;
    const k = 2 * nb;
    const parts = threads > 1 && m2 * m2 * k >= ctx.splitFlops ? threads : 1;
    // Column ranges of the triangle with equal areas, at multiples of the float64 micro-tile width.
    const bounds = Array.from({ length: parts + 1 }, (_, t) => (t === parts ? m2 : Math.min(m2, Math.round((m2 * Math.sqrt(t / parts)) / 4) * 4)));
    const calls: ExportCall[] = [];
    for (let t = 0; t < parts; t++) {
      if (bounds[t + 1] > bounds[t]) calls.push({ fn: 'syr2kF64', args: [pz, pz2, k, c, n, bounds[t], bounds[t + 1], work + calls.length * workBytes] });
    }
    ctx.runSplit(calls);
  }
  a.set(arena.float64(pa, n * n));
  d.set(arena.float64(pd, n));
  if (n > 1) {
    e.set(arena.float64(pe, n - 1));
    tau.set(arena.float64(ptau, n - 1));
  }
  return true;
}

/**
 * The kernels' rankOneEigen (method in ../js-secular.ts): the roots split evenly between the threads (each costs
 * about the same few passes over the k poles), then Löwner's ẑ and the eigenvectors on this thread.
 */
export function rankOneEigenInWasm(
  ctx: TridiagonalContext, d: Float64Array, z: Float64Array, rho: number, lambda: Float64Array, vectors: Float64Array,
): boolean {
  const { wasm, arena, threads } = ctx;
  const k = d.length;
  const at = arena.reserve(k * 8, k * 8, k * 8, k * 8, k * k * 8, threads * 64);
  if (!at) return false;
  const [pd, pz, plambda, pzhat, prows, scratch] = at;
  arena.float64(pd, k).set(d);
  arena.float64(pz, k).set(z.subarray(0, k));
  let zz = 0;
  for (let j = 0; j < k; j++) zz += z[j] * z[j];
  const parts = threads > 1 && k >= SECULAR_SPLIT_ROOTS * (ctx.splitFlops / DEFAULT_SPLIT_FLOPS) ? threads : 1;
  const calls: ExportCall[] = [];
  for (let t = 0; t < parts; t++) {
    const [i0, i1] = [Math.round((k * t) / parts), Math.round((k * (t + 1)) / parts)];
    if (i1 > i0) calls.push({ fn: 'secularRootsF64', args: [pd, pz, rho, zz, k, i0, i1, plambda, prows, scratch + calls.length * 64] });
  }
  ctx.runSplit(calls);
  wasm.secularVectorsF64(pd, pz, rho, k, prows, pzhat);
  lambda.set(arena.float64(plambda, k));
  vectors.set(arena.float64(prows, k * k));
  return true;
}
