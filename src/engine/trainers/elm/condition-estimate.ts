import { Rng } from '../../math/random';
import { choleskySolveInPlace } from './cholesky';
import { tridiagonalEigenvalues } from './tridiagonal-eigen';

/**
 * Cheap extremal eigenvalues of a symmetric positive definite A that has just been factored, A = L·Lᵀ: a few
 * Lanczos steps on A (largest eigenvalue) and on A⁻¹ through the factor (two triangular solves per step: the
 * smallest eigenvalue), O(n²) per step against the factorisation's n³/3 — so κ(A) = λmax/λmin costs a small part
 * of the solve. Lanczos' Ritz values converge to the extremal eigenvalues much faster than power iteration, and
 * with n ≤ LANCZOS_STEPS the Krylov space is the whole space and the values are exact to rounding. Ritz values lie
 * inside the spectrum, so both estimates err towards a smaller κ; callers leave a margin for that.
 */
const LANCZOS_STEPS = 20;

export interface ExtremeEigenvalues {
  max: number;
  min: number;
}

/**
 * `upper`: A's strict upper triangle (row-major, n × n; whatever the lower triangle holds is not read), `diagonal`
 * its diagonal, `factor`: L in the lower triangle, as choleskyInPlace leaves it.
 */
export function factoredExtremes(upper: Float64Array, diagonal: Float64Array, factor: Float64Array, n: number): ExtremeEigenvalues {
  const times = (v: Float64Array, out: Float64Array): void => symmetricUpperTimes(upper, diagonal, n, v, out);
  const inverseTimes = (v: Float64Array, out: Float64Array): void => {
    out.set(v);
    choleskySolveInPlace(factor, n, out, 1);
  };
  return { max: largestEigenvalue(times, n), min: 1 / largestEigenvalue(inverseTimes, n) };
}

/** out = A·v from A's diagonal and strict upper triangle, reading rows contiguously. */
function symmetricUpperTimes(upper: Float64Array, diagonal: Float64Array, n: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] = diagonal[i] * v[i];
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const vi = v[i];
    let s = 0;
    for (let j = i + 1; j < n; j++) {
      const a = upper[row + j];
      s += a * v[j];
      out[j] += a * vi;
    }
    out[i] += s;
  }
}

/** Largest eigenvalue of a symmetric positive semidefinite operator: Lanczos with full reorthogonalisation from a fixed random start. */
function largestEigenvalue(apply: (v: Float64Array, out: Float64Array) => void, n: number): number {
  if (n === 0) return 0;
  const steps = Math.min(n, LANCZOS_STEPS);
  const q: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  const rng = new Rng(1);
  let v = Float64Array.from({ length: n }, () => rng.uniform(-1, 1));
  scale(v, 1 / norm(v));
  const w = new Float64Array(n);
  for (let j = 0; j < steps; j++) {
    q.push(v);
    apply(v, w);
    alpha.push(dot(v, w));
    // Twice is enough (Kahan–Parlett): w ⟂ every earlier q to rounding.
    for (let pass = 0; pass < 2; pass++) for (const qi of q) axpy(w, qi, -dot(qi, w));
    const b = norm(w);
    // An invariant subspace is found: the Ritz values so far are eigenvalues.
    if (j + 1 === steps || !(b > 1e-13 * Math.abs(alpha[0]))) break;
    beta.push(b);
    v = w.slice();
    scale(v, 1 / b);
  }
  const values = tridiagonalEigenvalues(Float64Array.from(alpha), Float64Array.from(beta.slice(0, alpha.length - 1)));
  return values[values.length - 1];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scale(a: Float64Array, f: number): void {
  for (let i = 0; i < a.length; i++) a[i] *= f;
}

/** y += f·x */
function axpy(y: Float64Array, x: Float64Array, f: number): void {
  for (let i = 0; i < y.length; i++) y[i] += f * x[i];
}
