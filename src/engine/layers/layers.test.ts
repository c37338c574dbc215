import { describe, expect, it } from 'vitest';
import { castMatrix, type DType, type Matrix } from '../math/matrix';
import { Rng } from '../math/random';
import { validateModelSpec } from '../catalog/model-spec';
import type { LayerSpec } from '../model/spec';
import { createLayer } from './create-layer';
import type { Layer } from './layer';

const specs: LayerSpec[] = validateModelSpec({
  layers: [
    { type: 'dense', units: 5, initializer: 'heNormal' },
    { type: 'dense', units: 2, bias: false },
    { type: 'activation', activation: 'relu' },
    { type: 'activation', activation: 'gelu' },
    { type: 'activation', activation: 'elu' },
    { type: 'activation', activation: 'softmax' },
    { type: 'dropout', rate: 0.4 },
    { type: 'batchNorm' },
  ],
}).layers;

function random(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal()) };
}

function run(layer: Layer, x: Matrix, dy: Matrix, seed: number): { y: number[]; dx: number[]; grads: number[][] } {
  const y = Array.from(layer.forward(x, { training: true, rng: new Rng(seed) }).data);
  const dx = Array.from(layer.backward(dy).data);
  return { y, dx, grads: layer.params.map((p) => Array.from(p.grad)) };
}

function expectClose(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(b[i]))));
}

describe.each(specs)('layer $type $activation', (spec) => {
  const inputSize = 4;
  const build = (dtype: DType): Layer => createLayer(spec, inputSize, { dtype, rng: new Rng(31) });

  it('gives the same results in float32 as in float64', () => {
    const l64 = build('float64');
    const l32 = build('float32');
    for (const batch of [6, 1]) {
      const x = random(batch, inputSize, 1);
      const dy = random(batch, l64.outputSize, 2);
      const r64 = run(l64, x, dy, 3);
      const r32 = run(l32, castMatrix(x, 'float32'), castMatrix(dy, 'float32'), 3);
      expectClose(r32.y, r64.y);
      expectClose(r32.dx, r64.dx);
      r32.grads.forEach((g, i) => expectClose(g, r64.grads[i]));
      for (const v of [...r64.y, ...r64.dx]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('reuses its output and gradient buffers while the batch size stays the same', () => {
    const layer = build('float32');
    const ctx = { training: true, rng: new Rng(4) };
    const x = castMatrix(random(5, inputSize, 5), 'float32');
    const dy = castMatrix(random(5, layer.outputSize, 6), 'float32');
    const y1 = layer.forward(x, ctx);
    const dx1 = layer.backward(dy);
    const y2 = layer.forward(x, ctx);
    const dx2 = layer.backward(dy);
    expect(y2).toBe(y1);
    expect(dx2).toBe(dx1);
    const shorter = castMatrix(random(2, inputSize, 7), 'float32');
    expect(layer.forward(shorter, ctx).rows).toBe(2);
  });

  it('computes the same param gradients when the input gradient is not needed', () => {
    const full = build('float64');
    const lean = build('float64');
    const x = random(6, inputSize, 8);
    const dy = random(6, full.outputSize, 9);
    const ctx = { training: true, rng: new Rng(10) };
    full.forward(x, ctx);
    full.backward(dy);
    lean.forward(x, { training: true, rng: new Rng(10) });
    const dx = lean.backward(dy, false);
    // Either the input gradient (layers that do not skip it) or an empty matrix of the input's width.
    expect(dx.cols).toBe(inputSize);
    expect([0, 6]).toContain(dx.rows);
    lean.params.forEach((p, i) => expect(Array.from(p.grad)).toEqual(Array.from(full.params[i].grad)));
    if (spec.type === 'dense') expect(dx.rows).toBe(0);
  });

  it('rejects an input of the wrong width or type', () => {
    const layer = build('float32');
    const ctx = { training: false, rng: new Rng(0) };
    expect(() => layer.forward(castMatrix(random(2, inputSize + 1, 1), 'float32'), ctx)).toThrow(/columns/);
    expect(() => layer.forward(random(2, inputSize, 1), ctx)).toThrow(/float32/);
  });
});
