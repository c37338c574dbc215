import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tfW1s, useTfjsBackend } from './tfjs';

describe.each(['cpu', 'wasm'] as const)('TF.js %s backend', (backend) => {
  it('loads offline and has the gradients training needs (checked against the MSE gradient written out)', async () => {
    expect(await useTfjsBackend(backend)).toContain(backend);
    const [n, d] = [5, 3];
    const x = Array.from({ length: n * d }, (_, i) => Math.sin(i + 1));
    const y = Array.from({ length: n }, (_, i) => Math.cos(i));
    const w0 = [0.3, -0.2, 0.5];
    const w = tf.variable(tf.tensor2d(w0, [d, 1]));
    const { grads } = tf.variableGrads(() => tf.losses.meanSquaredError(tf.tensor2d(y, [n, 1]), tf.matMul(tf.tensor2d(x, [n, d]), w)) as tf.Scalar, [w]);
    const got = await grads[w.name].data();
    // d/dw mean((xw − y)²) = (2/n) xᵀ(xw − y)
    const residual = y.map((yi, i) => w0.reduce((s, wj, j) => s + x[i * d + j] * wj, 0) - yi);
    for (let j = 0; j < d; j++) {
      const expected = (2 / n) * residual.reduce((s, r, i) => s + x[i * d + j] * r, 0);
      expect(got[j]).toBeCloseTo(expected, 5);
    }
    tf.dispose([w, grads[w.name]]);
  });

  it('runs a W1s epoch through the optimizer', async () => {
    await useTfjsBackend(backend);
    const { samplesPerSec } = await tfW1s(1);
    expect(samplesPerSec).toBeGreaterThan(0);
  });
});
