// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// Blocked Householder reduction of a symmetric float64 matrix to tridiagonal form (LAPACK's dsytrd with dlatrd,
// lower), in steps the host calls so that it can hand the two large parts to several threads: per column of a
// panel, latrdColumnStart (update the column, make its reflector), symvLowerF64 (the trailing matrix times the
// reflector: half of all flops, memory-bound) and latrdColumnFinish (the panel's corrections); per panel,
// syr2kPack and gemm.ts's syr2kF64 (the rank-2·nb trailing update: the other half, as a matrix product).
//
// Storage: column-major lower, A(i, j) = a[j·lda + i] for i ≥ j — the upper triangle of the host's row-major
// matrix — so columns are contiguous. W (m × nb) is column-major with leading dimension ldw. Scalars d, e, tau are
// float64 arrays; all addresses are byte offsets.

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  // Fused in the relaxed-SIMD build (vfmadd on x64), separate multiply and add otherwise.
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, acc);
  return f64x2.add(acc, f64x2.mul(a, b));
}

// @ts-ignore: decorator
@inline function at(base: usize, ld: i32, i: i32, j: i32): usize {
  return base + ((<usize>j * <usize>ld + <usize>i) << 3);
}

/** y[0..len) −= x1[0..len)·f1 + x2[0..len)·f2. */
// @ts-ignore: decorator
@inline function subtractTwo(y: usize, x1: usize, f1: f64, x2: usize, f2: f64, len: i32): void {
  const v1 = f64x2.splat(f1);
  const v2 = f64x2.splat(f2);
  let r = 0;
  for (; r + 2 <= len; r += 2) {
    const off = <usize>r << 3;
    const t = f64x2.add(f64x2.mul(v128.load(x1 + off), v1), f64x2.mul(v128.load(x2 + off), v2));
    v128.store(y + off, f64x2.sub(v128.load(y + off), t));
  }
  if (r < len) {
    const off = <usize>r << 3;
    store<f64>(y + off, load<f64>(y + off) - (load<f64>(x1 + off) * f1 + load<f64>(x2 + off) * f2));
  }
}

/** Σ x[r]·y[r] over len entries. */
// @ts-ignore: decorator
@inline function dot(x: usize, y: usize, len: i32): f64 {
  let acc = f64x2.splat(0);
  let r = 0;
  for (; r + 2 <= len; r += 2) {
    const off = <usize>r << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + off), v128.load(y + off)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (r < len) s += load<f64>(x + (<usize>r << 3)) * load<f64>(y + (<usize>r << 3));
  return s;
}

/**
 * Column j of the panel (the trailing m × m block at a): A(j:m, j) −= A(j:m, 0:j)·W(j, 0:j)ᵀ + W(j:m, 0:j)·A(j, 0:j)ᵀ,
 * d[j] = A(j, j), then the reflector of A(j+1:m, j) (LAPACK's dlarfg): e[j] = β, tau[j] = τ, A(j+1, j) = 1.
 */
export function latrdColumnStart(a: usize, lda: i32, m: i32, w: usize, ldw: i32, j: i32, d: usize, e: usize, tau: usize): void {
  const col = at(a, lda, j, j);
  for (let p = 0; p < j; p++) {
    subtractTwo(col, at(a, lda, j, p), load<f64>(at(w, ldw, j, p)), at(w, ldw, j, p), load<f64>(at(a, lda, j, p)), m - j);
  }
  store<f64>(d + (<usize>j << 3), load<f64>(col));
  if (j >= m - 1) return;
  const x = col + 8;
  const len = m - j - 1;
  const alpha = load<f64>(x);
  let scale: f64 = 0;
  for (let r = 1; r < len; r++) scale = max(scale, abs(load<f64>(x + (<usize>r << 3))));
  let beta = alpha;
  let t: f64 = 0;
  if (scale > 0) {
    // The norm by scaled squares, so that tiny or huge entries neither under- nor overflow.
    const inv = 1 / scale;
    let sum: f64 = 0;
    for (let r = 1; r < len; r++) {
      const v = load<f64>(x + (<usize>r << 3)) * inv;
      sum += v * v;
    }
    const xnorm = scale * Math.sqrt(sum);
    const h = Math.hypot(alpha, xnorm);
    beta = alpha >= 0 ? -h : h;
    const f = 1 / (alpha - beta);
    for (let r = 1; r < len; r++) {
      const p = x + (<usize>r << 3);
      store<f64>(p, load<f64>(p) * f);
    }
    t = (beta - alpha) / beta;
  }
  store<f64>(e + (<usize>j << 3), beta);
  store<f64>(tau + (<usize>j << 3), t);
  store<f64>(x, 1);
}

/**
 * y = A(c0:c1 columns of the m × m symmetric block at a)·x, the lower-triangle product restricted to columns
 * c0 ≤ c < c1: y is zeroed on rows c0..m first and only rows ≥ c0 are touched, so threads with disjoint column
 * ranges write disjoint (or separately summed) parts. Each stored element is read once and serves its row and
 * its column; four columns at a time keep y's traffic small beside A's.
 */
export function symvLowerF64(a: usize, lda: i32, m: i32, x: usize, y: usize, c0: i32, c1: i32): void {
  memory.fill(y + (<usize>c0 << 3), 0, <usize>(m - c0) << 3);
  let c = c0;
  for (; c + 4 <= c1; c += 4) {
    const x0 = load<f64>(x + (<usize>c << 3));
    const x1 = load<f64>(x + (<usize>(c + 1) << 3));
    const x2 = load<f64>(x + (<usize>(c + 2) << 3));
    const x3 = load<f64>(x + (<usize>(c + 3) << 3));
    const a0 = at(a, lda, 0, c);
    const a1 = at(a, lda, 0, c + 1);
    const a2 = at(a, lda, 0, c + 2);
    const a3 = at(a, lda, 0, c + 3);
    // The 4 × 4 diagonal block, element by element.
    let s0 = load<f64>(a0 + (<usize>c << 3)) * x0 + load<f64>(a0 + (<usize>(c + 1) << 3)) * x1
      + load<f64>(a0 + (<usize>(c + 2) << 3)) * x2 + load<f64>(a0 + (<usize>(c + 3) << 3)) * x3;
    let s1 = load<f64>(a0 + (<usize>(c + 1) << 3)) * x0 + load<f64>(a1 + (<usize>(c + 1) << 3)) * x1
      + load<f64>(a1 + (<usize>(c + 2) << 3)) * x2 + load<f64>(a1 + (<usize>(c + 3) << 3)) * x3;
    let s2 = load<f64>(a0 + (<usize>(c + 2) << 3)) * x0 + load<f64>(a1 + (<usize>(c + 2) << 3)) * x1
      + load<f64>(a2 + (<usize>(c + 2) << 3)) * x2 + load<f64>(a2 + (<usize>(c + 3) << 3)) * x3;
    let s3 = load<f64>(a0 + (<usize>(c + 3) << 3)) * x0 + load<f64>(a1 + (<usize>(c + 3) << 3)) * x1
      + load<f64>(a2 + (<usize>(c + 3) << 3)) * x2 + load<f64>(a3 + (<usize>(c + 3) << 3)) * x3;
    const v0 = f64x2.splat(x0);
    const v1 = f64x2.splat(x1);
    const v2 = f64x2.splat(x2);
    const v3 = f64x2.splat(x3);
    let t0 = f64x2.splat(0);
    let t1 = f64x2.splat(0);
    let t2 = f64x2.splat(0);
    let t3 = f64x2.splat(0);
    let r = c + 4;
    for (; r + 4 <= m; r += 4) {
      const off = <usize>r << 3;
      const xr = v128.load(x + off);
      const xs = v128.load(x + off, 16);
      let c0v = v128.load(a0 + off);
      let c1v = v128.load(a1 + off);
      let yr = madd(madd(v128.load(y + off), c0v, v0), c1v, v1);
      t0 = madd(t0, c0v, xr);
      t1 = madd(t1, c1v, xr);
      let c2v = v128.load(a2 + off);
      let c3v = v128.load(a3 + off);
      v128.store(y + off, madd(madd(yr, c2v, v2), c3v, v3));
      t2 = madd(t2, c2v, xr);
      t3 = madd(t3, c3v, xr);
      c0v = v128.load(a0 + off, 16);
      c1v = v128.load(a1 + off, 16);
      yr = madd(madd(v128.load(y + off, 16), c0v, v0), c1v, v1);
      t0 = madd(t0, c0v, xs);
      t1 = madd(t1, c1v, xs);
      c2v = v128.load(a2 + off, 16);
      c3v = v128.load(a3 + off, 16);
      v128.store(y + off, madd(madd(yr, c2v, v2), c3v, v3), 16);
      t2 = madd(t2, c2v, xs);
      t3 = madd(t3, c3v, xs);
    }
    for (; r + 2 <= m; r += 2) {
      const off = <usize>r << 3;
      const xr = v128.load(x + off);
      const c0v = v128.load(a0 + off);
      const c1v = v128.load(a1 + off);
      const c2v = v128.load(a2 + off);
      const c3v = v128.load(a3 + off);
      v128.store(y + off, madd(madd(madd(madd(v128.load(y + off), c0v, v0), c1v, v1), c2v, v2), c3v, v3));
      t0 = madd(t0, c0v, xr);
      t1 = madd(t1, c1v, xr);
      t2 = madd(t2, c2v, xr);
      t3 = madd(t3, c3v, xr);
    }
    if (r < m) {
      const off = <usize>r << 3;
      const xr = load<f64>(x + off);
      const e0 = load<f64>(a0 + off);
      const e1 = load<f64>(a1 + off);
      const e2 = load<f64>(a2 + off);
      const e3 = load<f64>(a3 + off);
      store<f64>(y + off, load<f64>(y + off) + e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3);
      s0 += e0 * xr;
      s1 += e1 * xr;
      s2 += e2 * xr;
      s3 += e3 * xr;
    }
    s0 += f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    s1 += f64x2.extract_lane(t1, 0) + f64x2.extract_lane(t1, 1);
    s2 += f64x2.extract_lane(t2, 0) + f64x2.extract_lane(t2, 1);
    s3 += f64x2.extract_lane(t3, 0) + f64x2.extract_lane(t3, 1);
    const yc = y + (<usize>c << 3);
    store<f64>(yc, load<f64>(yc) + s0);
    store<f64>(yc, load<f64>(yc, 8) + s1, 8);
    store<f64>(yc, load<f64>(yc, 16) + s2, 16);
    store<f64>(yc, load<f64>(yc, 24) + s3, 24);
  }
  for (; c < c1; c++) {
    const xc = load<f64>(x + (<usize>c << 3));
    const ac = at(a, lda, 0, c);
    let s = load<f64>(ac + (<usize>c << 3)) * xc;
    for (let r = c + 1; r < m; r++) {
      const off = <usize>r << 3;
      const v = load<f64>(ac + off);
      store<f64>(y + off, load<f64>(y + off) + v * xc);
      s += v * load<f64>(x + off);
    }
    const yc = y + (<usize>c << 3);
    store<f64>(yc, load<f64>(yc) + s);
  }
}

/** dst[0..count) += src[0..count) (float64): sums the threads' parts of a split symvLowerF64. */
export function addF64(dst: usize, src: usize, count: i32): void {
  let r = 0;
  for (; r + 2 <= count; r += 2) {
    const off = <usize>r << 3;
    v128.store(dst + off, f64x2.add(v128.load(dst + off), v128.load(src + off)));
  }
  if (r < count) store<f64>(dst + (<usize>r << 3), load<f64>(dst + (<usize>r << 3)) + load<f64>(src + (<usize>r << 3)));
}

/**
 * Column j of W once W(j+1:m, j) holds A22·v (v = A(j+1:m, j)): the corrections for the panel's earlier
 * reflectors, w −= A(:, 0:j)·(W(:, 0:j)ᵀv) + W(:, 0:j)·(A(:, 0:j)ᵀv) on rows j+1..m, then w ← τ·w and
 * w += α·v with α = −τ/2·(w·v). `tmp` holds 2·j float64.
 */
export function latrdColumnFinish(a: usize, lda: i32, m: i32, w: usize, ldw: i32, j: i32, tau: usize, tmp: usize): void {
  const len = m - j - 1;
  const v = at(a, lda, j + 1, j);
  const wj = at(w, ldw, j + 1, j);
  for (let p = 0; p < j; p++) {
    store<f64>(tmp + (<usize>p << 4), dot(at(w, ldw, j + 1, p), v, len));
    store<f64>(tmp + (<usize>p << 4), dot(at(a, lda, j + 1, p), v, len), 8);
  }
  for (let p = 0; p < j; p++) {
    const t = tmp + (<usize>p << 4);
    subtractTwo(wj, at(a, lda, j + 1, p), load<f64>(t), at(w, ldw, j + 1, p), load<f64>(t, 8), len);
  }
  const t = load<f64>(tau + (<usize>j << 3));
  const tv = f64x2.splat(t);
  let r = 0;
  for (; r + 2 <= len; r += 2) {
    const off = <usize>r << 3;
    v128.store(wj + off, f64x2.mul(v128.load(wj + off), tv));
  }
  if (r < len) store<f64>(wj + (<usize>r << 3), load<f64>(wj + (<usize>r << 3)) * t);
  const alpha = -0.5 * t * dot(wj, v, len);
  subtractTwo(wj, v, -alpha, v, 0, len);
}

/**
 * After a panel of nb columns: Z1 = [W | V] and Z2 = −[V | W] (each m2 × 2nb, row-major) for rows nb..m of the
 * panel, V = A(nb:m, 0:nb) and W = W(nb:m, 0:nb), so that syr2kF64 gives A22 −= V·Wᵀ + W·Vᵀ.
 */
export function syr2kPack(a: usize, lda: i32, m: i32, w: usize, ldw: i32, nb: i32, z1: usize, z2: usize): void {
  const m2 = m - nb;
  const k = 2 * nb;
  for (let q = 0; q < nb; q++) {
    const vq = at(a, lda, nb, q);
    const wq = at(w, ldw, nb, q);
    for (let s = 0; s < m2; s++) {
      const off = <usize>s << 3;
      const vv = load<f64>(vq + off);
      const ww = load<f64>(wq + off);
      const row = <usize>(s * k) << 3;
      store<f64>(z1 + row + (<usize>q << 3), ww);
      store<f64>(z1 + row + (<usize>(nb + q) << 3), vv);
      store<f64>(z2 + row + (<usize>q << 3), -vv);
      store<f64>(z2 + row + (<usize>(nb + q) << 3), -ww);
    }
  }
}
