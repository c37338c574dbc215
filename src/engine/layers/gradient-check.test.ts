import { describe, expect, it } from 'vitest';
import type { PointwiseActivation } from '../catalog/activations';
import type { Matrix } from '../math/matrix';
import { Rng } from '../math/random';
import { ActivationLayer } from './activation';
import { BatchNormLayer } from './batch-norm';
import { DenseLayer } from './dense';
import { DropoutLayer } from './dropout';
import type { Layer } from './layer';

/**
 * Finite-difference checks in float64: the scalar L = Σ y ⊙ R (R a fixed random matrix) is differentiated
 * by central differences with respect to every input element and every parameter, and compared with what
 * backward() returns for the upstream gradient R.
 */
const H = 1e-6;
const TOL = 1e-6;

function randomMatrix(rows: number, cols: number, rng: Rng, draw: (rng: Rng) => number = (r) => r.normal()): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = draw(rng);
  return { rows, cols, data };
}

/** Uniform in ±[0.2, 2]: far enough from 0 that no kink lies within h of a sample. */
function awayFromZero(rng: Rng): number {
  const v = rng.uniform(0.2, 2);
  return rng.next() < 0.5 ? -v : v;
}

/**
 * ‖a − n‖ / max(‖a‖ + ‖n‖, 1): relative for gradients of norm ≥ 1, absolute below, so a gradient that is
 * truly zero (a bias followed by batchNorm, hardlim) is not judged by its rounding noise alone.
 */
function relativeError(a: ArrayLike<number>, n: ArrayLike<number>): number {
  let diff = 0;
  let na = 0;
  let nn = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - n[i]) ** 2;
    na += a[i] ** 2;
    nn += n[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nn), 1);
}

interface Stack {
  layers: Layer[];
  training: boolean;
  /** Every forward uses a fresh Rng from this seed, so dropout draws the same mask each time. */
  seed: number;
}

function forward(stack: Stack, x: Matrix): Matrix {
  const ctx = { training: stack.training, rng: new Rng(stack.seed) };
  let y = x;
  for (const layer of stack.layers) y = layer.forward(y, ctx);
  return y;
}

function objective(stack: Stack, x: Matrix, r: Matrix): number {
  const y = forward(stack, x);
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += y.data[i] * r.data[i];
  return s;
}

function numericGradient(values: Float64Array | Float32Array, f: () => number): Float64Array {
  const g = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const keep = values[i];
    values[i] = keep + H;
    const plus = f();
    values[i] = keep - H;
    const minus = f();
    values[i] = keep;
    g[i] = (plus - minus) / (2 * H);
  }
  return g;
}

/** Returns the relative errors of dx and of every parameter gradient, keyed by name. */
function gradientErrors(stack: Stack, x: Matrix, rng: Rng): Record<string, number> {
  const y = forward(stack, x);
  const r = randomMatrix(y.rows, y.cols, rng);
  let g = r;
  for (let i = stack.layers.length - 1; i >= 0; i--) g = stack.layers[i].backward(g);
  const analyticDx = Float64Array.from(g.data);
  const analyticParams = stack.layers.flatMap((l, li) => l.params.map((p) => ({ key: `${li}.${p.name}`, p, grad: Float64Array.from(p.grad) })));

  const f = (): number => objective(stack, x, r);
  const errors: Record<string, number> = { dx: relativeError(analyticDx, numericGradient(x.data as Float64Array, f)) };
  for (const { key, p, grad } of analyticParams) errors[key] = relativeError(grad, numericGradient(p.value, f));
  return errors;
}

function expectAllBelow(errors: Record<string, number>, expectedKeys: string[]): void {
  expect(Object.keys(errors).sort()).toEqual(['dx', ...expectedKeys].sort());
  for (const [key, err] of Object.entries(errors)) expect(err, key).toBeLessThan(TOL);
}

const dense = (inp: number, out: number, bias: boolean, seed: number): DenseLayer =>
  new DenseLayer(inp, out, { bias, initializer: 'glorotNormal', dtype: 'float64', rng: new Rng(seed) });

function randomiseParams(layer: Layer, rng: Rng): void {
  for (const p of layer.params) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal(p.name === 'gamma' ? 1 : 0, 0.5);
}

describe('gradient check (float64, central differences)', () => {
  it.each([
    { bias: true, rows: 6 },
    { bias: false, rows: 6 },
    { bias: true, rows: 1 },
  ])('dense bias=$bias batch=$rows', ({ bias, rows }) => {
    const rng = new Rng(1);
    const layer = dense(4, 3, bias, 2);
    randomiseParams(layer, rng);
    const errors = gradientErrors({ layers: [layer], training: true, seed: 0 }, randomMatrix(rows, 4, rng), rng);
    expectAllBelow(errors, bias ? ['0.weight', '0.bias'] : ['0.weight']);
  });

  const pointwise: { activation: PointwiseActivation; alpha: number }[] = [
    { activation: 'linear', alpha: 0 },
    { activation: 'relu', alpha: 0 },
    { activation: 'leakyRelu', alpha: 0.01 },
    { activation: 'leakyRelu', alpha: 0.3 },
    { activation: 'elu', alpha: 1 },
    { activation: 'elu', alpha: 0.5 },
    { activation: 'gelu', alpha: 0 },
    { activation: 'sigmoid', alpha: 0 },
    { activation: 'tanh', alpha: 0 },
    { activation: 'sin', alpha: 0 },
    { activation: 'hardlim', alpha: 0 },
  ];
  it.each(pointwise)('activation $activation (alpha $alpha)', ({ activation, alpha }) => {
    const rng = new Rng(3);
    const layer = new ActivationLayer(5, activation, alpha, 'float64');
    const x = randomMatrix(7, 5, rng, awayFromZero);
    expectAllBelow(gradientErrors({ layers: [layer], training: true, seed: 0 }, x, rng), []);
  });

  it('softmax (full Jacobian)', () => {
    const rng = new Rng(4);
    const x = randomMatrix(5, 4, rng, (r) => r.normal(0, 2));
    expectAllBelow(gradientErrors({ layers: [new ActivationLayer(4, 'softmax', 0, 'float64')], training: true, seed: 0 }, x, rng), []);
  });

  it('softmax on a single column and a single row', () => {
    const rng = new Rng(5);
    expectAllBelow(gradientErrors({ layers: [new ActivationLayer(1, 'softmax', 0, 'float64')], training: true, seed: 0 }, randomMatrix(3, 1, rng), rng), []);
    expectAllBelow(gradientErrors({ layers: [new ActivationLayer(6, 'softmax', 0, 'float64')], training: true, seed: 0 }, randomMatrix(1, 6, rng), rng), []);
  });

  it('dropout with a fixed mask', () => {
    const rng = new Rng(6);
    const layer = new DropoutLayer(8, 0.4, 'float64');
    const stack = { layers: [layer], training: true, seed: 99 };
    const x = randomMatrix(6, 8, rng);
    const y = forward(stack, x);
    // Not vacuous: some units are dropped and some kept.
    expect(y.data.some((v) => v === 0)).toBe(true);
    expect(y.data.some((v) => v !== 0)).toBe(true);
    expectAllBelow(gradientErrors(stack, x, rng), []);
  });

  it.each([{ rows: 8 }, { rows: 2 }])('batchNorm in training mode, batch $rows', ({ rows }) => {
    const rng = new Rng(7);
    const layer = new BatchNormLayer(3, { momentum: 0.1, epsilon: 1e-5, dtype: 'float64' });
    randomiseParams(layer, rng);
    const x = randomMatrix(rows, 3, rng, (r) => r.normal(1, 2));
    expectAllBelow(gradientErrors({ layers: [layer], training: true, seed: 0 }, x, rng), ['0.gamma', '0.beta']);
  });

  it('batchNorm in evaluation mode', () => {
    const rng = new Rng(8);
    const layer = new BatchNormLayer(3, { momentum: 0.5, epsilon: 1e-5, dtype: 'float64' });
    randomiseParams(layer, rng);
    forward({ layers: [layer], training: true, seed: 0 }, randomMatrix(10, 3, rng, (r) => r.normal(2, 3)));
    const x = randomMatrix(4, 3, rng);
    expectAllBelow(gradientErrors({ layers: [layer], training: false, seed: 0 }, x, rng), ['0.gamma', '0.beta']);
  });

  it('a small stack: dense → batchNorm → tanh → dropout → dense → softmax', () => {
    const rng = new Rng(9);
    const layers: Layer[] = [
      dense(4, 6, true, 10),
      new BatchNormLayer(6, { momentum: 0.1, epsilon: 1e-5, dtype: 'float64' }),
      new ActivationLayer(6, 'tanh', 0, 'float64'),
      new DropoutLayer(6, 0.25, 'float64'),
      dense(6, 3, false, 11),
      new ActivationLayer(3, 'softmax', 0, 'float64'),
    ];
    for (const l of layers) randomiseParams(l, rng);
    const errors = gradientErrors({ layers, training: true, seed: 12 }, randomMatrix(5, 4, rng), rng);
    expectAllBelow(errors, ['0.weight', '0.bias', '1.gamma', '1.beta', '4.weight']);
  });

  it('detects a wrong gradient (the check can fail)', () => {
    const rng = new Rng(13);
    const layer = dense(3, 2, true, 14);
    const original = layer.backward.bind(layer);
    layer.backward = (dy) => {
      const dx = original(dy);
      layer.params[1].grad[0] *= 1.001;
      return dx;
    };
    const errors = gradientErrors({ layers: [layer], training: true, seed: 0 }, randomMatrix(4, 3, rng), rng);
    expect(errors['0.bias']).toBeGreaterThan(TOL);
  });
});
