import { describe, expect, it } from 'vitest';
import type { Matrix } from '../math/matrix';
import { fromRows } from '../testing/matrix-rows';
import { Rng } from '../math/random';
import { BatchNormLayer } from './batch-norm';

const train = { training: true, rng: new Rng(0) };
const evaluate = { training: false, rng: new Rng(0) };

function column(m: Matrix, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
}
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const sumSq = (v: number[]): number => v.reduce((a, b) => a + (b - mean(v)) ** 2, 0);

describe('batchNorm statistics (PyTorch BatchNorm1d)', () => {
  it('normalises with the biased batch variance while training', () => {
    const layer = new BatchNormLayer(2, { momentum: 0.1, epsilon: 1e-5, dtype: 'float64' });
    layer.params[0].value.set([2, 0.5]);
    layer.params[1].value.set([1, -1]);
    const x = fromRows([[1, 10], [2, 20], [4, 30], [9, 60]]);
    const y = layer.forward(x, train);
    for (let j = 0; j < 2; j++) {
      const c = column(x, j);
      const biasedVar = sumSq(c) / c.length;
      const g = [2, 0.5][j];
      const b = [1, -1][j];
      column(y, j).forEach((v, i) => expect(v).toBeCloseTo(g * (c[i] - mean(c)) / Math.sqrt(biasedVar + 1e-5) + b, 12));
    }
  });

  it('updates running mean/var with momentum and the unbiased variance, then uses them to evaluate', () => {
    const momentum = 0.3;
    const eps = 1e-3;
    const layer = new BatchNormLayer(2, { momentum, epsilon: eps, dtype: 'float64' });
    const batches = [
      fromRows([[1, -2], [3, 0], [8, 5]]),
      fromRows([[0, 1], [4, 1], [5, 7], [-1, 2]]),
    ];
    const runMean = [0, 0];
    const runVar = [1, 1];
    for (const x of batches) {
      layer.forward(x, train);
      for (let j = 0; j < 2; j++) {
        const c = column(x, j);
        runMean[j] = (1 - momentum) * runMean[j] + momentum * mean(c);
        runVar[j] = (1 - momentum) * runVar[j] + momentum * (sumSq(c) / (c.length - 1));
      }
    }
    for (let j = 0; j < 2; j++) {
      expect(layer.buffers.runningMean[j]).toBeCloseTo(runMean[j], 12);
      expect(layer.buffers.runningVar[j]).toBeCloseTo(runVar[j], 12);
    }
    const probe = fromRows([[2, 3], [-1, 0.5]]);
    const y = layer.forward(probe, evaluate);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        expect(y.data[i * 2 + j]).toBeCloseTo((probe.data[i * 2 + j] - runMean[j]) / Math.sqrt(runVar[j] + eps), 12);
      }
    }
    // Evaluation leaves the running statistics alone.
    expect(layer.buffers.runningMean[0]).toBeCloseTo(runMean[0], 12);
  });

  it('a training batch of one row gives beta, moves the running mean and keeps the running variance', () => {
    const layer = new BatchNormLayer(3, { momentum: 0.1, epsilon: 1e-5, dtype: 'float32' });
    layer.params[1].value.set([0.5, -0.5, 2]);
    const y = layer.forward(fromRows([[4, 5, 6]], 'float32'), train);
    expect(Array.from(y.data)).toEqual([0.5, -0.5, 2]);
    expect(Array.from(layer.buffers.runningMean)).toEqual([0.4, 0.5, 0.6].map(Math.fround));
    expect(Array.from(layer.buffers.runningVar)).toEqual([1, 1, 1]);
    const dx = layer.backward(fromRows([[1, 2, 3]], 'float32'));
    expect(Array.from(dx.data)).toEqual([0, 0, 0]);
    expect(Array.from(layer.params[1].grad)).toEqual([1, 2, 3]);
  });
});
