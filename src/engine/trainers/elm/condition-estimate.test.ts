import { describe, expect, it } from 'vitest';
import { Rng } from '../../math/random';
import { choleskyInPlace } from './cholesky';
import { factoredExtremes } from './condition-estimate';
import { symmetricEigenvalues } from './symmetric-eigen';

/** A = QᵀΛQ-like SPD matrix: G·Gᵀ of random G (n × m) plus `shift`·I. */
function spd(n: number, m: number, shift: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const g = Float64Array.from({ length: n * m }, () => rng.uniform(-1, 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < m; p++) s += g[i * m + p] * g[j * m + p];
    a[i * n + j] = s + (i === j ? shift : 0);
  }
  return a;
}

function extremes(a: Float64Array, n: number) {
  const diagonal = Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
  const factor = a.slice();
  expect(choleskyInPlace(factor, n)).toBe(true);
  const exact = symmetricEigenvalues(a, n);
  return { estimate: factoredExtremes(factor, diagonal, factor, n), min: exact[0], max: exact[n - 1] };
}

describe('factoredExtremes (Lanczos on A and on A⁻¹ through its Cholesky factor)', () => {
  it('is exact to rounding when n is within the Lanczos steps', () => {
    const { estimate, min, max } = extremes(spd(12, 30, 1e-3, 1), 12);
    expect(estimate.max / max).toBeCloseTo(1, 10);
    expect(estimate.min / min).toBeCloseTo(1, 10);
  });

  it('estimates κ of a larger, ill-conditioned (rank-deficient + ridge) matrix within a few per cent, never above it', () => {
    // G·Gᵀ of rank 60 in 200 dimensions plus 1e-7·I: κ ≈ 1e9, the regime where the ridge solve must fall back.
    const n = 200;
    const { estimate, min, max } = extremes(spd(n, 60, 1e-7, 2), n);
    const kappa = max / min;
    const estimated = estimate.max / estimate.min;
    expect(kappa).toBeGreaterThan(1e9);
    expect(estimated).toBeLessThanOrEqual(kappa * (1 + 1e-9));
    expect(estimated).toBeGreaterThan(0.95 * kappa);
  });
});
