import { describe, expect, it } from 'vitest';
import { Rng } from '../math/random';
import type { InitializerId } from '../catalog/initializers';
import { DenseLayer } from './dense';

function moments(a: ArrayLike<number>): { mean: number; variance: number; maxAbs: number } {
  let s = 0;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i];
    maxAbs = Math.max(maxAbs, Math.abs(a[i]));
  }
  const mean = s / a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - mean) ** 2;
  return { mean, variance: v / a.length, maxAbs };
}

describe('initializers on a 300×500 dense layer', () => {
  const fanIn = 300;
  const fanOut = 500;
  // Variance of each scheme written out from its definition; uniform U(−l, l) has variance l²/3.
  const cases: { id: InitializerId; variance: number; uniformLimit?: number }[] = [
    { id: 'glorotUniform', variance: 2 / (fanIn + fanOut), uniformLimit: Math.sqrt(6 / (fanIn + fanOut)) },
    { id: 'glorotNormal', variance: 2 / (fanIn + fanOut) },
    { id: 'heUniform', variance: 2 / fanIn, uniformLimit: Math.sqrt(6 / fanIn) },
    { id: 'heNormal', variance: 2 / fanIn },
    { id: 'lecunNormal', variance: 1 / fanIn },
  ];

  it.each(cases)('$id has mean 0 and the documented variance', ({ id, variance, uniformLimit }) => {
    const layer = new DenseLayer(fanIn, fanOut, { bias: true, initializer: id, dtype: 'float64', rng: new Rng(21) });
    const w = layer.params[0].value;
    const m = moments(w);
    const n = w.length;
    // 5 standard errors of the sample mean, 3% of the variance (its standard error here is < 0.3%).
    expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(variance / n));
    expect(m.variance / variance).toBeGreaterThan(0.97);
    expect(m.variance / variance).toBeLessThan(1.03);
    if (uniformLimit !== undefined) {
      expect(m.maxAbs).toBeLessThanOrEqual(uniformLimit);
      expect(m.maxAbs).toBeGreaterThan(0.99 * uniformLimit);
    } else {
      // A plain normal reaches beyond the 2σ a truncated normal would cut at.
      expect(m.maxAbs).toBeGreaterThan(3 * Math.sqrt(variance));
    }
    expect(Array.from(layer.params[1].value).every((b) => b === 0)).toBe(true);
  });

  it('zeros gives all-zero weights', () => {
    const layer = new DenseLayer(4, 3, { bias: true, initializer: 'zeros', dtype: 'float32', rng: new Rng(1) });
    expect(Array.from(layer.params[0].value).every((v) => v === 0)).toBe(true);
  });

  it('the same seed gives the same weights, another seed different ones', () => {
    const make = (seed: number): number[] =>
      Array.from(new DenseLayer(5, 4, { bias: false, initializer: 'heNormal', dtype: 'float64', rng: new Rng(seed) }).params[0].value);
    expect(make(7)).toEqual(make(7));
    expect(make(7)).not.toEqual(make(8));
  });
});
