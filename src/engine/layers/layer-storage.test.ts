import { describe, expect, it } from 'vitest';
import { zeros } from '../math/matrix';
import { Rng } from '../math/random';
import { createLayer } from './create-layer';
import { batchMatrix } from './layer-storage';

describe('batchMatrix', () => {
  it('keeps the memory of a buffer for fewer rows and takes the full size back, and allocates for more', () => {
    const full = batchMatrix(null, 32, 4, 'float32');
    expect(batchMatrix(full, 32, 4, 'float32')).toBe(full);
    const short = batchMatrix(full, 9, 4, 'float32');
    expect([short.rows, short.cols, short.data.length]).toEqual([9, 4, 36]);
    short.data[0] = 5;
    expect(full.data[0]).toBe(5);
    const again = batchMatrix(short, 32, 4, 'float32');
    expect(again.data.length).toBe(128);
    again.data[127] = 6;
    expect(full.data[127]).toBe(6);
    // Going back and forth between two sizes cuts each once.
    expect(batchMatrix(again, 9, 4, 'float32').data).toBe(short.data);
    const bigger = batchMatrix(again, 33, 4, 'float32');
    expect(bigger.data.length).toBe(132);
    bigger.data.fill(7);
    expect([full.data[0], full.data[127]]).toEqual([5, 6]);
    expect(batchMatrix(full, 9, 4, 'float64').data).toBeInstanceOf(Float64Array);
  });

  it('a dense layer gives the same outputs and gradients whatever batch sizes came before', () => {
    const layer = (seed: number) => createLayer({ type: 'dense', units: 5, bias: true, initializer: 'glorotUniform' }, 3, { dtype: 'float64', rng: new Rng(seed) });
    const rng = new Rng(9);
    const batch = (rows: number) => {
      const m = zeros(rows, 3, 'float64');
      for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
      return m;
    };
    const big = batch(8);
    const small = batch(3);
    const ctx = { training: true, rng: new Rng(1) };
    const reused = layer(4);
    reused.forward(big, ctx);
    reused.backward({ rows: 8, cols: 5, data: new Float64Array(40).fill(1) });
    const out = Array.from(reused.forward(small, ctx).data);
    const dx = Array.from(reused.backward({ rows: 3, cols: 5, data: new Float64Array(15).fill(0.5) }).data);
    const fresh = layer(4);
    expect(out).toEqual(Array.from(fresh.forward(small, ctx).data));
    expect(dx).toEqual(Array.from(fresh.backward({ rows: 3, cols: 5, data: new Float64Array(15).fill(0.5) }).data));
  });
});
