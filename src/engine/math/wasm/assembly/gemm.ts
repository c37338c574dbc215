// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// Cache-blocked GEMM in the BLIS layout: B is packed into KC×NC blocks of NR-wide panels (L2/L3),
// A into MC×KC blocks of MR-tall panels (L2), and a register-tiled micro-kernel multiplies one A panel
// by one B panel. Transposition is expressed by strides and absorbed by the packing, so one generic
// micro-kernel serves A·B, Aᵀ·B, A·Bᵀ and the float64 AᵀA of syrk (whose packing widens float32 to float64).

const KC: i32 = 256;
const MC: i32 = 120;
const NC: i32 = 2048;
/** Rows of B copied per panel at a time when packing contiguous rows (see packB). */
const PACK_ROWS: i32 = 8;
/**
 * Micro-tile: MR rows × two vectors (8 float32 or 4 float64 columns), sized to the 15 SIMD registers V8
 * allocates on x64: 12 accumulators + two B vectors + the broadcast A with fused multiply-add, one row
 * fewer without it (the separate product needs a register).
 */
const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;

/** Bytes of scratch the caller reserves at `work`: packed A, packed B and one edge tile (float64 worst case). */
export function workspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * 4) * 8;
}

/** First free byte after the module's static data: the host lays out its buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline function nrOf<T>(): i32 {
  return 32 / sizeof<T>();
}

/**
 * Packs one panel: dst[p·width + w] = src[w·ws + p·ps] for w < valid (converted to T), zero for valid ≤ w < width.
 * Walking w outermost keeps the inner loop free of branches and multiplies; the panel stays in L1 either way.
 */
function packPanel<S, T>(src: usize, ws: i32, ps: i32, valid: i32, width: i32, kc: i32, dst: usize): void {
  const dstStride = <usize>width * sizeof<T>();
  const srcStride = <usize>ps << alignof<S>();
  for (let w = 0; w < width; w++) {
    let d = dst + <usize>w * sizeof<T>();
    if (w < valid) {
      let s = src + (<usize>(w * ws) << alignof<S>());
      for (let p = 0; p < kc; p++) {
        store<T>(d, <T>load<S>(s));
        s += srcStride;
        d += dstStride;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        store<T>(d, <T>0);
        d += dstStride;
      }
    }
  }
}

/** Packs A(i0.., p0..) (mc×kc), A(i,p) = a[i·rs + p·cs], into MR-row panels. */
function packA<S, T>(a: usize, rs: i32, cs: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const src = a + (<usize>((i0 + ir) * rs + p0 * cs) << alignof<S>());
    packPanel<S, T>(src, rs, cs, min(MR, mc - ir), MR, kc, dst + <usize>(ir * kc) * sizeof<T>());
  }
}

/** Packs B(p0.., j0..) (kc×nc), B(p,j) = b[p·rs + j·cs], into NR-column panels. */
function packB<S, T>(b: usize, rs: i32, cs: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  const nr = nrOf<T>();
  let jr = 0;
  if (cs == 1 && sizeof<S>() == sizeof<T>()) {
    // Contiguous same-typed rows: one panel row is exactly two vectors. Walking PACK_ROWS rows per panel
    // keeps the reads to a few cache lines and the writes to whole lines: walking all kc rows of one panel
    // at a power-of-two row stride maps them onto a handful of L1 sets, which then miss on every row.
    const stride = <usize>rs << alignof<S>();
    const full = nc - nc % nr;
    for (let pb = 0; pb < kc; pb += PACK_ROWS) {
      const rows = min(PACK_ROWS, kc - pb);
      for (let j = 0; j < full; j += nr) {
        let src = b + (<usize>((p0 + pb) * rs + j0 + j) << alignof<S>());
        let d = dst + <usize>(j * kc + pb * nr) * sizeof<T>();
        for (let p = 0; p < rows; p++) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
          src += stride;
          d += 32;
        }
      }
    }
    jr = full;
  }
  for (; jr < nc; jr += nr) {
    const src = b + (<usize>(p0 * rs + (j0 + jr) * cs) << alignof<S>());
    packPanel<S, T>(src, cs, rs, min(nr, nc - jr), nr, kc, dst + <usize>(jr * kc) * sizeof<T>());
  }
}

// @ts-ignore: decorator
@inline function fma<T>(acc: v128, a: v128, b: v128): v128 {
  // The relaxed-SIMD build fuses (vfmadd on x64): half the instructions in the micro-kernel.
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, acc);
  return v128.add<T>(acc, v128.mul<T>(a, b));
}

// @ts-ignore: decorator
@inline function put<T>(dst: usize, v: v128, beta: bool): void {
  v128.store(dst, beta ? v128.add<T>(v128.load(dst), v) : v);
}

/** C tile (mr×nr valid of MR×NR) = / += packed A panel · packed B panel over kc. */
function microKernel<T>(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, mr: i32, nr: i32, beta: bool, tile: usize): void {
  const z = v128.splat<T>(<T>0);
  let c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
  const s = sizeof<T>();
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load_splat<T>(pa);
    c00 = fma<T>(c00, a, b0);
    c01 = fma<T>(c01, a, b1);
    a = v128.load_splat<T>(pa, 1 * s);
    c10 = fma<T>(c10, a, b0);
    c11 = fma<T>(c11, a, b1);
    a = v128.load_splat<T>(pa, 2 * s);
    c20 = fma<T>(c20, a, b0);
    c21 = fma<T>(c21, a, b1);
    a = v128.load_splat<T>(pa, 3 * s);
    c30 = fma<T>(c30, a, b0);
    c31 = fma<T>(c31, a, b1);
    a = v128.load_splat<T>(pa, 4 * s);
    c40 = fma<T>(c40, a, b0);
    c41 = fma<T>(c41, a, b1);
    if (MR == 6) {
      a = v128.load_splat<T>(pa, 5 * s);
      c50 = fma<T>(c50, a, b0);
      c51 = fma<T>(c51, a, b1);
    }
    pa += <usize>MR * s;
    pb += 32;
  }
  const ldcBytes = <usize>ldc * s;
  if (mr == MR && nr == nrOf<T>()) {
    put<T>(c, c00, beta);
    put<T>(c + 16, c01, beta);
    c += ldcBytes;
    put<T>(c, c10, beta);
    put<T>(c + 16, c11, beta);
    c += ldcBytes;
    put<T>(c, c20, beta);
    put<T>(c + 16, c21, beta);
    c += ldcBytes;
    put<T>(c, c30, beta);
    put<T>(c + 16, c31, beta);
    c += ldcBytes;
    put<T>(c, c40, beta);
    put<T>(c + 16, c41, beta);
    if (MR == 6) {
      c += ldcBytes;
      put<T>(c, c50, beta);
      put<T>(c + 16, c51, beta);
    }
    return;
  }
  // Edge tile: spill the registers, then write only the valid part of C.
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  v128.store(tile, c40, 128);
  v128.store(tile, c41, 144);
  if (MR == 6) {
    v128.store(tile, c50, 160);
    v128.store(tile, c51, 176);
  }
  for (let r = 0; r < mr; r++) {
    const row = c + <usize>r * ldcBytes;
    const src = tile + <usize>(r * 32);
    for (let j = 0; j < nr; j++) {
      const off = <usize>j * s;
      const v = load<T>(src + off);
      store<T>(row + off, beta ? load<T>(row + off) + v : v);
    }
  }
}

/**
 * C[m×n] (=, or += when beta0) op(A)·op(B) where op(A)(i,p) = a[i·rsA + p·csA], op(B)(p,j) = b[p·rsB + j·csB]
 * and C(i,j) = c[i·ldc + j] (ldc > n when C is a block of columns of a wider matrix, as in a split between threads).
 * With `diagonal` ≥ 0, micro-tiles entirely below the diagonal of a matrix whose column 0 is this one's column
 * `diagonal` are skipped (syrk computes one triangle, possibly one block of columns of it); −1 computes all.
 */
function gemmBlocked<S, T>(
  a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32,
  m: i32, k: i32, n: i32, beta0: bool, diagonal: i32, work: usize,
): void {
  const upper = diagonal >= 0;
  const size = sizeof<T>();
  if (k == 0) {
    if (!beta0) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc * size, 0, <usize>n * size);
    return;
  }
  const nr = nrOf<T>();
  const packedA = work;
  const packedB = packedA + <usize>(MC * KC) * size;
  const tile = packedB + <usize>(KC * NC) * size;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    // Equal depth blocks of at most KC (784 = 4 × 196 rather than 3 × 256 + 16, whose thin last block spends its
    // time loading and storing C tiles).
    const blocks = (k + KC - 1) / KC;
    const depth = (k + blocks - 1) / blocks;
    for (let pc = 0; pc < k; pc += depth) {
      const kc = min(depth, k - pc);
      packB<S, T>(b, rsB, csB, pc, jc, kc, nc, packedB);
      const beta = beta0 || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        if (upper && ic >= diagonal + jc + nc) break;
        const mc = min(MC, m - ic);
        packA<S, T>(a, rsA, csA, ic, pc, mc, kc, packedA);
        for (let jr = 0; jr < nc; jr += nr) {
          const cCol = c + (<usize>(jc + jr)) * size;
          for (let ir = 0; ir < mc; ir += MR) {
            if (upper && ic + ir >= diagonal + jc + jr + nr) break;
            microKernel<T>(
              packedA + <usize>(ir * kc) * size, packedB + <usize>(jr * kc) * size, kc,
              cCol + <usize>(ic + ir) * ldc * size, ldc, min(MR, mc - ir), min(nr, nc - jr), beta, tile,
            );
          }
        }
      }
    }
  }
}

export function gemmF32(
  a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32,
  m: i32, k: i32, n: i32, accumulate: bool, work: usize,
): void {
  gemmBlocked<f32, f32>(a, rsA, csA, b, rsB, csB, c, ldc, m, k, n, accumulate, -1, work);
}

export function gemmF64(
  a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32,
  m: i32, k: i32, n: i32, accumulate: bool, work: usize,
): void {
  gemmBlocked<f64, f64>(a, rsA, csA, b, rsB, csB, c, ldc, m, k, n, accumulate, -1, work);
}

/**
 * Columns j0 ≤ j < j1 of the upper triangle of C[n×n] (float64) += AᵀA for float32 A stored rows×n: rows 0..j1 of
 * Aᵀ times columns j0..j1 of A. Threads given disjoint column ranges share one C.
 */
export function syrkF32(a: usize, c: usize, rows: i32, n: i32, j0: i32, j1: i32, work: usize): void {
  gemmBlocked<f32, f64>(a, 1, n, a + (<usize>j0 << 2), n, 1, c + (<usize>j0 << 3), n, j1, rows, j1 - j0, true, j0, work);
}

/** syrkF32 for float64 A. */
export function syrkF64(a: usize, c: usize, rows: i32, n: i32, j0: i32, j1: i32, work: usize): void {
  gemmBlocked<f64, f64>(a, 1, n, a + (<usize>j0 << 3), n, 1, c + (<usize>j0 << 3), n, j1, rows, j1 - j0, true, j0, work);
}

/** Copies the upper triangle of C[n×n] (float64) onto the lower one. */
export function mirrorUpper(c: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      store<f64>(c + (<usize>(i * n + j) << 3), load<f64>(c + (<usize>(j * n + i) << 3)));
    }
  }
}

/**
 * Columns j0 ≤ j < j1 of the upper triangle of C (float64, row stride ldc) += Z1·Z2ᵀ for Z1, Z2 stored n × k
 * row-major: rows 0..j1 of Z1 times rows j0..j1 of Z2. With Z1 = [W | V] and Z2 = −[V | W] this is the rank-2k
 * update A −= V·Wᵀ + W·Vᵀ of the tridiagonal reduction (C viewed row-major upper = A column-major lower).
 * Threads given disjoint column ranges share one C.
 */
export function syr2kF64(z1: usize, z2: usize, k: i32, c: usize, ldc: i32, j0: i32, j1: i32, work: usize): void {
  gemmBlocked<f64, f64>(z1, k, 1, z2 + (<usize>(j0 * k) << 3), 1, k, c + (<usize>j0 << 3), ldc, j1, k, j1 - j0, true, j0, work);
}
