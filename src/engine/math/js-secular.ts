/**
 * Reference (plain TypeScript) for the kernels' rankOneEigen: eigenvalues and eigenvectors of diag(d) + ρ·z·zᵀ for
 * strictly increasing d, z without zeros and ρ > 0 — the merge step of divide and conquer (LAPACK's dlaed3/dlaed4).
 * The WebAssembly kernel (assembly/secular.ts) runs the same iteration, its roots split between threads.
 *
 * Eigenvalue i is the root of the secular equation 1/ρ + Σ_j z_j²/(d_j − λ) = 0 in (d_i, d_{i+1}) — for the last
 * one in (d_{k−1}, d_{k−1} + ρ·zᵀz]. λ = origin + τ with the origin at the nearer pole (f at the interval's middle
 * tells which), so that every d_j − λ = (d_j − origin) − τ keeps full relative accuracy. Each iteration solves a
 * model that keeps the two poles beside the root exact and fits the rest of each side's sum by one pole with the
 * same value and slope (Li's "middle way", as dlaed4), inside a bracket that every evaluation shrinks.
 * The eigenvectors come from Löwner's formula (Gu and Eisenstat): the ẑ for which the computed λ are exact
 * eigenvalues, ẑ_j² = Π_i (λ_i − d_j) / (ρ·Π_{i≠j} (d_i − d_j)), and v_j = ẑ_j/(d_j − λ_i) normalised — orthogonal
 * to working precision however close the eigenvalues are.
 */
export function rankOneEigenReference(d: Float64Array, z: Float64Array, rho: number, lambda: Float64Array, vectors: Float64Array): void {
  const k = d.length;
  let zz = 0;
  for (let j = 0; j < k; j++) zz += z[j] * z[j];
  // Row i of vectors holds d_j − λ_i until the last step turns it into eigenvector i.
  for (let i = 0; i < k; i++) secularRoot(d, z, rho, zz, i, lambda, vectors.subarray(i * k, (i + 1) * k));
  const zHat = new Float64Array(k);
  for (let j = 0; j < k; j++) zHat[j] = -vectors[j * k + j];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) if (j !== i) zHat[j] *= -vectors[i * k + j] / (d[i] - d[j]);
  }
  for (let j = 0; j < k; j++) zHat[j] = (z[j] < 0 ? -1 : 1) * Math.sqrt(Math.abs(zHat[j]) / rho);
  for (let i = 0; i < k; i++) {
    const row = i * k;
    let norm = 0;
    for (let j = 0; j < k; j++) {
      const v = zHat[j] / vectors[row + j];
      vectors[row + j] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < k; j++) vectors[row + j] *= inv;
  }
}

const EPS = Number.EPSILON / 2;
const MAX_ITERATIONS = 80;

function secularRoot(d: Float64Array, z: Float64Array, rho: number, zz: number, i: number, lambda: Float64Array, delta: Float64Array): void {
  const k = d.length;
  if (k === 1) {
    lambda[0] = d[0] + rho * z[0] * z[0];
    delta[0] = -rho * z[0] * z[0];
    return;
  }
  const last = i === k - 1;
  // The two poles the model keeps exact: (i, i + 1), or (k − 2, k − 1) for the last root.
  const lo = last ? k - 2 : i;
  const hi = lo + 1;
  let origin = i;
  let left = 0;
  let right = 0;
  if (last) {
    right = rho * zz;
  } else {
    const half = (d[i + 1] - d[i]) / 2;
    // f increases from −∞ to +∞ across (d_i, d_{i+1}): its sign at the middle says which pole is nearer.
    let f = 1 / rho;
    for (let j = 0; j < k; j++) f += (z[j] * z[j]) / (d[j] - d[i] - half);
    if (f >= 0) {
      right = half;
    } else {
      origin = i + 1;
      left = -half;
    }
  }
  const o = d[origin];
  for (let j = 0; j < k; j++) delta[j] = d[j] - o;
  let tau = (left + right) / 2;
  let bracketLo = left;
  let bracketHi = right;
  for (let iteration = 0; ; iteration++) {
    // f(τ) split at the pair: psi over poles ≤ lo, phi over poles ≥ hi, their slopes, and an error bound on f.
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    let magnitude = 0;
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
      magnitude += Math.abs(term);
    }
    const w = 1 / rho + psi + phi;
    const erretm = 8 * (magnitude + 1 / rho) + Math.abs(tau) * (dpsi + dphi);
    if (Math.abs(w) <= EPS * erretm || iteration >= MAX_ITERATIONS) break;
    if (w > 0) bracketHi = tau;
    else bracketLo = tau;
    // Model c + s/(Δlo − η) + S/(Δhi − η) = 0 with Δ = δ − τ, matched in value and slope at η = 0:
    // c·η² − a·η + b = 0.
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
    if (!(next > bracketLo && next < bracketHi)) next = (bracketLo + bracketHi) / 2;
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
  // The roots' product is b/c.
  return big === 0 ? [0] : [big, b / (c * big)];
}
