import { describe, expect, it } from 'vitest';
import { validateModelSpec } from '../catalog/model-spec';
import { Rng } from '../math/random';
import { DropoutLayer } from './dropout';

describe('dropout', () => {
  it('drops about `rate` of the units and scales the kept ones by 1/(1−rate) while training', () => {
    const rate = 0.3;
    const layer = new DropoutLayer(100, rate, 'float32');
    const x = { rows: 200, cols: 100, data: new Float32Array(20000).fill(2) };
    const y = layer.forward(x, { training: true, rng: new Rng(5) });
    const dropped = Array.from(y.data).filter((v) => v === 0).length / y.data.length;
    // Binomial standard error is √(0.21/20000) ≈ 0.003.
    expect(Math.abs(dropped - rate)).toBeLessThan(0.015);
    const kept = Array.from(y.data).filter((v) => v !== 0);
    for (const v of kept) expect(v).toBeCloseTo(2 / (1 - rate), 6);
    // The backward pass lets the gradient through exactly where the forward let the value through.
    const dy = { rows: 200, cols: 100, data: new Float32Array(20000).fill(1) };
    const dx = layer.backward(dy);
    for (let i = 0; i < dx.data.length; i++) expect(dx.data[i] === 0).toBe(y.data[i] === 0);
  });

  it('is the identity at evaluation, in both directions', () => {
    const layer = new DropoutLayer(3, 0.5, 'float64');
    const x = { rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    expect(layer.forward(x, { training: false, rng: new Rng(1) }).data).toEqual(x.data);
    const dy = { rows: 2, cols: 3, data: Float64Array.from([6, 5, 4, 3, 2, 1]) };
    expect(layer.backward(dy).data).toEqual(dy.data);
  });

  it('rejects rates outside [0, 1) (the catalog holds the bounds)', () => {
    const dropout = (rate: number) => validateModelSpec({ layers: [{ type: 'dropout', rate }] });
    expect(() => dropout(1)).toThrow(/rate/);
    expect(() => dropout(-0.1)).toThrow(/rate/);
  });
});
