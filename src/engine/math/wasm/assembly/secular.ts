// AssemblyScript (compiled by scripts/build-kernels.mjs, not by tsc).
// The merge step of divide and conquer for symmetric tridiagonal eigenproblems: eigenvalues and eigenvectors of
// diag(d) + ρ·z·zᵀ (d strictly increasing, z without zeros, ρ > 0), as src/engine/math/js-secular.ts (the
// reference, which documents the method). Roots are independent, so threads split them (secularRootsF64 over a
// range of roots); the eigenvectors then need all roots (secularVectorsF64). float64 throughout; addresses are
// byte offsets.

const EPS: f64 = 1.1102230246251565e-16; // 2⁻⁵³
const MAX_ITERATIONS = 80;

// @ts-ignore: decorator
@inline function f(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

/** Σ over j in [j0, j1) of z_j²/(δ_j − τ), of its derivative and of its terms' magnitudes: out[0..3). */
// @ts-ignore: decorator
@inline function sums(z: usize, delta: usize, tau: f64, j0: i32, j1: i32, out: usize): void {
  const tv = f64x2.splat(tau);
  let s = f64x2.splat(0);
  let ds = f64x2.splat(0);
  let as = f64x2.splat(0);
  let j = j0;
  for (; j + 2 <= j1; j += 2) {
    const off = <usize>j << 3;
    const zj = v128.load(z + off);
    const t = f64x2.div(zj, f64x2.sub(v128.load(delta + off), tv));
    const term = f64x2.mul(zj, t);
    s = f64x2.add(s, term);
    ds = f64x2.add(ds, f64x2.mul(t, t));
    as = f64x2.add(as, f64x2.abs(term));
  }
  let s1 = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let ds1 = f64x2.extract_lane(ds, 0) + f64x2.extract_lane(ds, 1);
  let as1 = f64x2.extract_lane(as, 0) + f64x2.extract_lane(as, 1);
  if (j < j1) {
    const zj = f(z, j);
    const t = zj / (f(delta, j) - tau);
    s1 += zj * t;
    ds1 += t * t;
    as1 += abs(zj * t);
  }
  store<f64>(out, s1);
  store<f64>(out, ds1, 8);
  store<f64>(out, as1, 16);
}

/**
 * Roots i0 ≤ i < i1: lambda[i] and row i of `rows` (k × k): rows[i·k + j] = d_j − λ_i, accurate relative to the
 * gap (computed from the nearer pole). zz = Σ z_j². `scratch`: 48 bytes of the calling thread's own (threads
 * splitting the roots must not share it). See js-secular.ts for the iteration.
 */
export function secularRootsF64(
  d: usize, z: usize, rho: f64, zz: f64, k: i32, i0: i32, i1: i32, lambda: usize, rows: usize, scratch: usize,
): void {
  const psiAt = scratch;
  const phiAt = scratch + 24;
  for (let i = i0; i < i1; i++) {
    const delta = rows + (<usize>(i * k) << 3);
    if (k == 1) {
      const v = rho * f(z, 0) * f(z, 0);
      store<f64>(lambda, f(d, 0) + v);
      store<f64>(delta, -v);
      continue;
    }
    const last = i == k - 1;
    const lo = last ? k - 2 : i;
    const hi = lo + 1;
    let origin = i;
    let left: f64 = 0;
    let right: f64 = 0;
    if (last) {
      right = rho * zz;
    } else {
      const half = (f(d, i + 1) - f(d, i)) / 2;
      const di = f(d, i);
      let fm = 1 / rho;
      for (let j = 0; j < k; j++) {
        const zj = f(z, j);
        fm += (zj * zj) / (f(d, j) - di - half);
      }
      if (fm >= 0) {
        right = half;
      } else {
        origin = i + 1;
        left = -half;
      }
    }
    const o = f(d, origin);
    for (let j = 0; j < k; j++) store<f64>(delta + (<usize>j << 3), f(d, j) - o);
    let tau = (left + right) / 2;
    let bracketLo = left;
    let bracketHi = right;
    for (let iteration = 0; ; iteration++) {
      sums(z, delta, tau, 0, lo + 1, psiAt);
      sums(z, delta, tau, lo + 1, k, phiAt);
      const psi = load<f64>(psiAt);
      const dpsi = load<f64>(psiAt, 8);
      const phi = load<f64>(phiAt);
      const dphi = load<f64>(phiAt, 8);
      const w = 1 / rho + psi + phi;
      const erretm = 8 * (load<f64>(psiAt, 16) + load<f64>(phiAt, 16) + 1 / rho) + abs(tau) * (dpsi + dphi);
      if (abs(w) <= EPS * erretm || iteration >= MAX_ITERATIONS) break;
      if (w > 0) bracketHi = tau;
      else bracketLo = tau;
      const dLo = f(delta, lo) - tau;
      const dHi = f(delta, hi) - tau;
      const c = w - dLo * dpsi - dHi * dphi;
      const a = c * (dLo + dHi) + dLo * dLo * dpsi + dHi * dHi * dphi;
      const b = dLo * dHi * w;
      // Roots of c·η² − a·η + b = 0: the one inside the bracket nearest to τ, else bisection.
      let next = NaN;
      if (c == 0) {
        if (a != 0) next = tau + b / a;
      } else {
        const disc = a * a - 4 * b * c;
        if (disc >= 0) {
          const sq = Math.sqrt(disc);
          const big = a >= 0 ? (a + sq) / (2 * c) : (a - sq) / (2 * c);
          const small = big == 0 ? 0 : b / (c * big);
          const t1 = tau + big;
          const t2 = tau + small;
          const in1 = t1 > bracketLo && t1 < bracketHi;
          const in2 = t2 > bracketLo && t2 < bracketHi;
          if (in1 && in2) next = abs(big) < abs(small) ? t1 : t2;
          else if (in1) next = t1;
          else if (in2) next = t2;
        }
      }
      if (!(next > bracketLo && next < bracketHi)) next = (bracketLo + bracketHi) / 2;
      if (next == tau || bracketHi - bracketLo <= 2 * EPS * max(abs(bracketLo), abs(bracketHi))) break;
      tau = next;
    }
    store<f64>(lambda + (<usize>i << 3), o + tau);
    const tv = f64x2.splat(tau);
    let j = 0;
    for (; j + 2 <= k; j += 2) {
      const p = delta + (<usize>j << 3);
      v128.store(p, f64x2.sub(v128.load(p), tv));
    }
    if (j < k) store<f64>(delta + (<usize>j << 3), f(delta, j) - tau);
  }
}

/**
 * After every root: Löwner's ẑ (the z for which the computed λ are exact, into zhat) and, in place of each row
 * i of `rows`, the unit eigenvector of λ_i: v_j = ẑ_j/(d_j − λ_i), normalised.
 */
export function secularVectorsF64(d: usize, z: usize, rho: f64, k: i32, rows: usize, zhat: usize): void {
  // ẑ_j² = Π_i (λ_i − d_j) / (ρ·Π_{i≠j} (d_i − d_j)), accumulated row by row (contiguous reads).
  for (let j = 0; j < k; j++) store<f64>(zhat + (<usize>j << 3), -f(rows + (<usize>(j * k) << 3), j));
  for (let i = 0; i < k; i++) {
    const row = rows + (<usize>(i * k) << 3);
    const di = f(d, i);
    for (let j = 0; j < k; j++) {
      if (j == i) continue;
      const p = zhat + (<usize>j << 3);
      store<f64>(p, load<f64>(p) * (-f(row, j) / (di - f(d, j))));
    }
  }
  for (let j = 0; j < k; j++) {
    const p = zhat + (<usize>j << 3);
    const v = Math.sqrt(abs(load<f64>(p)) / rho);
    store<f64>(p, f(z, j) < 0 ? -v : v);
  }
  for (let i = 0; i < k; i++) {
    const row = rows + (<usize>(i * k) << 3);
    let norm = f64x2.splat(0);
    let j = 0;
    for (; j + 2 <= k; j += 2) {
      const off = <usize>j << 3;
      const v = f64x2.div(v128.load(zhat + off), v128.load(row + off));
      v128.store(row + off, v);
      norm = f64x2.add(norm, f64x2.mul(v, v));
    }
    let s = f64x2.extract_lane(norm, 0) + f64x2.extract_lane(norm, 1);
    if (j < k) {
      const v = f(zhat, j) / f(row, j);
      store<f64>(row + (<usize>j << 3), v);
      s += v * v;
    }
    const inv = f64x2.splat(1 / Math.sqrt(s));
    j = 0;
    for (; j + 2 <= k; j += 2) {
      const off = <usize>j << 3;
      v128.store(row + off, f64x2.mul(v128.load(row + off), inv));
    }
    if (j < k) store<f64>(row + (<usize>j << 3), f(row, j) * f64x2.extract_lane(inv, 0));
  }
}
