import { expect } from 'vitest';
import type { Rng } from '../math/random';

/**
 * Checks that `times` and `transposeTimes` (in-place B ← M·B, B ← Mᵀ·B on n × k blocks) agree with the explicit
 * n × n matrix M on random columns, within `tolerance` elementwise — for eigenvectors kept in factored form.
 * Only tests import this module.
 */
export function expectFactoredProducts(
  m: Float64Array, n: number, times: (b: Float64Array, k: number) => void, transposeTimes: (b: Float64Array, k: number) => void,
  rng: Rng, tolerance: number, k = 5,
): void {
  const b = Float64Array.from({ length: n * k }, () => rng.normal());
  const mb = b.slice();
  times(mb, k);
  const mtb = b.slice();
  transposeTimes(mtb, k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let x = 0;
    let y = 0;
    for (let p = 0; p < n; p++) {
      x += m[i * n + p] * b[p * k + c];
      y += m[p * n + i] * b[p * k + c];
    }
    expect(Math.abs(mb[i * k + c] - x)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(mtb[i * k + c] - y)).toBeLessThanOrEqual(tolerance);
  }
}
