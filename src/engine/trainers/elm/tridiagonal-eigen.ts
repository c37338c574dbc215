import { kernels } from '../../math/kernels';

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer (Cuppen's method with
 * Gu and Eisenstat's stable eigenvectors, as LAPACK's dstedc): the matrix is torn into two halves coupled by a
 * rank-one term, each half is solved recursively, and the halves' eigenvectors are merged by the eigenvectors of
 * a diagonal-plus-rank-one matrix. The merges' products (n³-sized over the recursion, less after deflation) go
 * through the kernels' gemm; the secular equations and deflation are O(n²) plain loops.
 *
 * Orthogonality does not depend on how close eigenvalues are: the rank-one vector is recomputed from the computed
 * eigenvalues (Löwner's formula), so each merged block of eigenvectors is numerically orthogonal by construction.
 */
export interface TridiagonalEigen {
  /** Ascending. */
  values: Float64Array;
  /** n × n row-major; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/** Below this size a block is solved by the QL method directly (LAPACK's SMLSIZ). */
const LEAF_SIZE = 25;
const EPS = Number.EPSILON / 2;
const MAX_QL_ITERATIONS = 60;
const MAX_SECULAR_ITERATIONS = 80;

/** d: diagonal (n), e: off-diagonal (n − 1; e[i] couples i and i + 1). Neither is modified. */
export function tridiagonalEigen(d: Float64Array, e: Float64Array): TridiagonalEigen {
  const n = d.length;
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  const { norm, ds, es } = scaled(d, e);
  if (norm === 0) {
    for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
    return { values, vectors };
  }
  // Independent blocks where the coupling is negligible against the two diagonal entries.
  let start = 0;
  const unsorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && Math.abs(es[i]) > EPS * Math.sqrt(Math.abs(ds[i])) * Math.sqrt(Math.abs(ds[i + 1]))) continue;
    const size = i + 1 - start;
    const block = solveBlock(ds.subarray(start, i + 1), es.subarray(start, i));
    unsorted.set(block.values, start);
    for (let r = 0; r < size; r++) vectors.set(block.vectors.subarray(r * size, (r + 1) * size), (start + r) * n + start);
    start = i + 1;
  }
  const order = argsort(unsorted);
  for (let j = 0; j < n; j++) values[j] = unsorted[order[j]] * norm;
  return { values, vectors: permuteColumns(vectors, n, n, order) };
}

/** Eigenvalues only, ascending, by the implicit QL method (O(n²)). */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const { norm, ds, es } = scaled(d, e);
  if (norm === 0) return ds;
  const off = new Float64Array(ds.length);
  off.set(es.subarray(0, Math.max(0, ds.length - 1)));
  implicitQl(ds, off, null, 0);
  return ds.map((v) => v * norm).sort();
}

/** (d, e) divided by max |entry| (0 for a zero matrix), so that no square or product of gaps under- or overflows. */
function scaled(d: Float64Array, e: Float64Array): { norm: number; ds: Float64Array; es: Float64Array } {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]), i + 1 < n ? Math.abs(e[i]) : 0);
  if (!Number.isFinite(norm)) throw new Error('the tridiagonal matrix contains non-finite values');
  if (norm === 0) return { norm, ds: new Float64Array(n), es: new Float64Array(Math.max(0, n - 1)) };
  return { norm, ds: d.map((x) => x / norm), es: e.map((x) => x / norm) };
}

interface Block {
  values: Float64Array;
  /** size × size row-major. */
  vectors: Float64Array;
}

function solveBlock(d: Float64Array, e: Float64Array): Block {
  const n = d.length;
  if (n <= LEAF_SIZE) {
    const values = d.slice();
    const off = new Float64Array(n);
    off.set(e);
    const vectors = new Float64Array(n * n);
    for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
    implicitQl(values, off, vectors, n);
    return { values, vectors };
  }
  // T = diag(T1 − |β|·e·eᵀ, T2 − |β|·e·eᵀ) + |β|·u·uᵀ, u = e_{n1} + sign(β)·e_{n1+1}.
  const n1 = n >> 1;
  const beta = e[n1 - 1];
  const d1 = d.slice(0, n1);
  const d2 = d.slice(n1);
  d1[n1 - 1] -= Math.abs(beta);
  d2[0] -= Math.abs(beta);
  const top = solveBlock(d1, e.subarray(0, n1 - 1));
  const bottom = solveBlock(d2, e.subarray(n1, n - 1));
  return merge(top, bottom, Math.abs(beta), beta < 0 ? -1 : 1);
}

/**
 * The eigen-decomposition of diag(Q1, Q2)·(diag(λ1, λ2) + ρ·z·zᵀ)·diag(Q1, Q2)ᵀ with z = (last row of Q1,
 * sign·first row of Q2): deflation, the secular equation, Löwner's z and the product with the new eigenvectors.
 */
function merge(top: Block, bottom: Block, rho: number, sign: number): Block {
  const n1 = top.values.length;
  const n2 = bottom.values.length;
  const n = n1 + n2;
  // Q = diag(Q1, Q2), which deflation's rotations then mix column by column.
  const q = new Float64Array(n * n);
  for (let r = 0; r < n1; r++) q.set(top.vectors.subarray(r * n1, (r + 1) * n1), r * n);
  for (let r = 0; r < n2; r++) q.set(bottom.vectors.subarray(r * n2, (r + 1) * n2), (n1 + r) * n + n1);
  const dAll = new Float64Array(n);
  dAll.set(top.values);
  dAll.set(bottom.values, n1);
  // ‖z‖ = √2 (a row of each orthogonal Q): normalised, with ρ doubled to keep ρ·z·zᵀ.
  const z = new Float64Array(n);
  for (let j = 0; j < n1; j++) z[j] = top.vectors[(n1 - 1) * n1 + j] * Math.SQRT1_2;
  for (let j = 0; j < n2; j++) z[n1 + j] = sign * bottom.vectors[j] * Math.SQRT1_2;
  rho *= 2;
  // kind[j]: 1 = column j of Q is nonzero in the top rows only, 3 = bottom only, 2 = both (after a rotation).
  const kind = new Uint8Array(n).fill(1, 0, n1).fill(3, n1);

  const order = argsort(dAll);
  let zMax = 0;
  let dMax = 0;
  for (let j = 0; j < n; j++) {
    zMax = Math.max(zMax, Math.abs(z[j]));
    dMax = Math.max(dMax, Math.abs(dAll[j]));
  }
  const tol = 8 * EPS * Math.max(dMax, zMax);
  // Deflation, in ascending order of d: a negligible z component leaves its eigenpair as it is; two d's closer
  // than tol are rotated so that one of them has z = 0 and deflates.
  const kept: number[] = [];
  const deflated: number[] = [];
  if (rho * zMax > tol) {
    let last = -1;
    for (const j of order) {
      if (rho * Math.abs(z[j]) <= tol) {
        deflated.push(j);
        continue;
      }
      if (last >= 0) {
        const s0 = z[last];
        const c0 = z[j];
        const tau = Math.hypot(c0, s0);
        const c = c0 / tau;
        const s = -s0 / tau;
        if (Math.abs((dAll[j] - dAll[last]) * c * s) <= tol) {
          z[j] = tau;
          z[last] = 0;
          rotateColumns(q, n, last, j, c, s);
          if (kind[last] !== kind[j]) kind[last] = kind[j] = 2;
          const dl = dAll[last];
          const dj = dAll[j];
          dAll[last] = dl * c * c + dj * s * s;
          dAll[j] = dl * s * s + dj * c * c;
          deflated.push(last);
          kept[kept.length - 1] = j;
          last = j;
          continue;
        }
      }
      kept.push(j);
      last = j;
    }
  } else {
    deflated.push(...order);
  }

  const values = new Float64Array(n);
  const out = new Float64Array(n * n);
  // Deflated pairs keep their (possibly rotated) columns.
  let col = 0;
  for (const j of deflated) {
    values[col] = dAll[j];
    for (let r = 0; r < n; r++) out[r * n + col] = q[r * n + j];
    col++;
  }
  const k = kept.length;
  if (k > 0) {
    // After a rotation the kept d's may be out of order by less than tol: the secular equation wants them sorted.
    kept.sort((a, b) => dAll[a] - dAll[b]);
    const dk = Float64Array.from(kept, (j) => dAll[j]);
    const zk = Float64Array.from(kept, (j) => z[j]);
    const { lambda, u } = rankOneEigen(dk, zk, rho);
    multiplyKept(q, n, n1, kept, kind, u, out, col);
    values.set(lambda, col);
  }
  const sorted = argsort(values);
  const sortedValues = Float64Array.from(sorted, (j) => values[j]);
  return { values: sortedValues, vectors: permuteColumns(out, n, n, sorted) };
}

/**
 * out[:, col0 + i] = Σ_j Q[:, kept[j]]·u[j][i]: the merged eigenvectors. Columns of Q that are zero in the top or
 * the bottom rows are left out of that half's product, which halves the flops when the halves did not mix.
 */
function multiplyKept(
  q: Float64Array, n: number, n1: number, kept: number[], kind: Uint8Array, u: Float64Array, out: Float64Array, col0: number,
): void {
  const k = kept.length;
  for (const [rowStart, rowEnd, skip] of [[0, n1, 3], [n1, n, 1]] as const) {
    const rows = rowEnd - rowStart;
    const used = kept.map((_, j) => j).filter((j) => kind[kept[j]] !== skip);
    if (rows === 0 || used.length === 0) continue;
    const a = new Float64Array(rows * used.length);
    for (let r = 0; r < rows; r++) {
      const src = (rowStart + r) * n;
      const dst = r * used.length;
      for (let p = 0; p < used.length; p++) a[dst + p] = q[src + kept[used[p]]];
    }
    const b = new Float64Array(used.length * k);
    for (let p = 0; p < used.length; p++) b.set(u.subarray(used[p] * k, (used[p] + 1) * k), p * k);
    const c = new Float64Array(rows * k);
    kernels().gemm(a, b, c, rows, used.length, k);
    for (let r = 0; r < rows; r++) out.set(c.subarray(r * k, (r + 1) * k), (rowStart + r) * n + col0);
  }
}

/**
 * Eigenvalues λ (ascending) and eigenvectors U (k × k row-major, column i for λ_i) of diag(d) + ρ·z·zᵀ, for
 * strictly increasing d, no zero z and ρ > 0.
 */
export function rankOneEigen(d: Float64Array, z: Float64Array, rho: number): { lambda: Float64Array; u: Float64Array } {
  const k = d.length;
  const lambda = new Float64Array(k);
  // delta[i·k + j] = d_j − λ_i, computed from the root's origin so that it keeps full relative accuracy.
  const delta = new Float64Array(k * k);
  let zz = 0;
  for (let j = 0; j < k; j++) zz += z[j] * z[j];
  for (let i = 0; i < k; i++) secularRoot(d, z, rho, zz, i, lambda, delta.subarray(i * k, (i + 1) * k));
  // Löwner: the z for which the computed λ are exact, ẑ_j² = Π_i (λ_i − d_j) / (ρ·Π_{i≠j} (d_i − d_j)).
  const zHat = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let w = -delta[j * k + j];
    for (let i = 0; i < k; i++) if (i !== j) w *= -delta[i * k + j] / (d[i] - d[j]);
    zHat[j] = Math.sign(z[j]) * Math.sqrt(Math.abs(w) / rho);
  }
  const u = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    let norm = 0;
    for (let j = 0; j < k; j++) {
      const v = zHat[j] / delta[i * k + j];
      u[j * k + i] = v;
      norm += v * v;
    }
    const f = 1 / Math.sqrt(norm);
    for (let j = 0; j < k; j++) u[j * k + i] *= f;
  }
  return { lambda, u };
}

/**
 * Root i of the secular equation 1/ρ + Σ_j z_j²/(d_j − λ) = 0, which lies in (d_i, d_{i+1}) — for the last root in
 * (d_{k−1}, d_{k−1} + ρ·zᵀz]. λ = origin + τ with the origin at the nearer pole, and each iteration solves a model
 * that keeps the two poles beside the root exact and fits the rest of each side's sum by one pole with the same
 * value and slope (Li's "middle way", as LAPACK's dlaed4), kept inside a shrinking bracket. Writes λ_i and
 * d_j − λ_i.
 */
function secularRoot(
  d: Float64Array, z: Float64Array, rho: number, zz: number, i: number, lambda: Float64Array, delta: Float64Array,
): void {
  const k = d.length;
  if (k === 1) {
    lambda[0] = d[0] + rho * z[0] * z[0];
    delta[0] = -rho * z[0] * z[0];
    return;
  }
  const last = i === k - 1;
  // The two poles whose terms the model keeps exact: (i, i + 1), or (k − 2, k − 1) for the last root.
  const lo = last ? k - 2 : i;
  const hi = lo + 1;
  let origin: number;
  let left: number;
  let right: number;
  if (last) {
    origin = k - 1;
    left = 0;
    right = rho * zz;
  } else {
    const half = (d[i + 1] - d[i]) / 2;
    // f at the midpoint decides which pole is nearer (f increases from −∞ to +∞ across the interval).
    let f = 1 / rho;
    for (let j = 0; j < k; j++) f += (z[j] * z[j]) / (d[j] - d[i] - half);
    if (f >= 0) {
      origin = i;
      left = 0;
      right = half;
    } else {
      origin = i + 1;
      left = -half;
      right = 0;
    }
  }
  const o = d[origin];
  for (let j = 0; j < k; j++) delta[j] = d[j] - o;
  // Start in the middle of the bracket, away from the pole.
  let tau = (left + right) / 2;
  let bracketLo = left;
  let bracketHi = right;
  for (let iteration = 0; ; iteration++) {
    // f(τ) split at the pair: psi over poles ≤ lo, phi over poles ≥ hi, with derivatives and an error bound.
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    let erretm = 0;
    for (let j = 0; j < k; j++) {
      const t = z[j] / (delta[j] - tau);
      const term = z[j] * t;
      if (j <= lo) {
        psi += term;
        dpsi += t * t;
      } else {
        phi += term;
        dphi += t * t;
      }
      erretm += Math.abs(term);
    }
    const w = 1 / rho + psi + phi;
    erretm = 8 * (erretm + 1 / rho) + Math.abs(tau) * (dpsi + dphi);
    if (Math.abs(w) <= EPS * erretm || iteration >= MAX_SECULAR_ITERATIONS) break;
    if (w > 0) bracketHi = tau;
    else bracketLo = tau;
    // Model: c + s/(Δlo − η) + S/(Δhi − η) = 0 with Δ = δ − τ, matched in value and slope at η = 0.
    const dLo = delta[lo] - tau;
    const dHi = delta[hi] - tau;
    const c = w - dLo * dpsi - dHi * dphi;
    const a = c * (dLo + dHi) + dLo * dLo * dpsi + dHi * dHi * dphi;
    const b = dLo * dHi * w;
    let next = NaN;
    for (const eta of quadraticRoots(c, a, b)) {
      const t = tau + eta;
      if (t > bracketLo && t < bracketHi && (Number.isNaN(next) || Math.abs(eta) < Math.abs(next - tau))) next = t;
    }
    if (Number.isNaN(next)) next = (bracketLo + bracketHi) / 2;
    if (next === tau || bracketHi - bracketLo <= 2 * EPS * Math.max(Math.abs(bracketLo), Math.abs(bracketHi))) break;
    tau = next;
  }
  lambda[i] = o + tau;
  for (let j = 0; j < k; j++) delta[j] -= tau;
}

/** Real roots of c·η² − a·η + b = 0 (c may be 0), computed without cancellation. */
function quadraticRoots(c: number, a: number, b: number): number[] {
  if (c === 0) return a === 0 ? [] : [b / a];
  const disc = a * a - 4 * b * c;
  if (disc < 0) return [];
  const sq = Math.sqrt(disc);
  const big = a >= 0 ? (a + sq) / (2 * c) : (a - sq) / (2 * c);
  // The product of the roots is b/c.
  return big === 0 ? [0] : [big, b / (c * big)];
}

/** Columns (x, y) of Q (n × n) become (c·x + s·y, c·y − s·x). */
function rotateColumns(q: Float64Array, n: number, x: number, y: number, c: number, s: number): void {
  for (let r = 0; r < n; r++) {
    const a = q[r * n + x];
    const b = q[r * n + y];
    q[r * n + x] = c * a + s * b;
    q[r * n + y] = c * b - s * a;
  }
}

function argsort(values: Float64Array): number[] {
  return Array.from(values, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

/** out[:, j] = m[:, order[j]] for m rows × cols. */
function permuteColumns(m: Float64Array, rows: number, cols: number, order: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const src = r * cols;
    for (let j = 0; j < cols; j++) out[src + j] = m[src + order[j]];
  }
  return out;
}

/**
 * Implicit QL with Wilkinson shifts (EISPACK tql1/tql2): eigenvalues of (d, e) into d, e[i] coupling i and i + 1
 * (destroyed). With `z` (size × size row-major) each rotation is applied to its columns, so Z·(eigenvectors of
 * T) accumulates. Eigenvalues are unsorted.
 */
function implicitQl(d: Float64Array, e: Float64Array, z: Float64Array | null, size: number): void {
  const n = d.length;
  if (n === 0) return;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > Number.EPSILON * tst1) m++;
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > MAX_QL_ITERATIONS) throw new Error('the eigenvalues did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (z) {
            for (let row = 0; row < size; row++) {
              const at = row * size + i;
              const zi1 = z[at + 1];
              z[at + 1] = s * z[at] + c * zi1;
              z[at] = c * z[at] - s * zi1;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > Number.EPSILON * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
