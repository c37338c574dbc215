import { describe, expect, it } from 'vitest';
import { Rng } from '../../math/random';
import { Network } from '../../model/network';
import { fromRows } from '../../testing/matrix-rows';
import { BestEpoch } from './early-stopping';
import { GradientMonitor } from './gradient-monitor';
import { MiniBatches } from './mini-batches';

describe('MiniBatches', () => {
  // Row i holds x = i and y = 10·i, so a batch shows which rows it gathered.
  const split = { x: fromRows(Array.from({ length: 10 }, (_, i) => [i]), 'float32'), y: fromRows(Array.from({ length: 10 }, (_, i) => [10 * i]), 'float32') };

  it('gives every row once per epoch, in batches of the size with a smaller last one, reshuffled each epoch', () => {
    const batches = new MiniBatches(split, 4, new Rng(3), 'float32');
    // A batch's buffers are reused by the next batch of its size: read each one before taking the next.
    const epochs = [0, 1].map(() => Array.from(batches.epoch(), (b) => {
      expect(Array.from(b.y.data)).toEqual(Array.from(b.x.data, (v) => 10 * v));
      expect(Array.from(b.x.data)).toEqual(Array.from(b.indices));
      return Array.from(b.indices);
    }));
    for (const epoch of epochs) {
      expect(epoch.map((b) => b.length)).toEqual([4, 4, 2]);
      expect(epoch.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(epochs[1].flat()).not.toEqual(epochs[0].flat());
  });

  it('shuffles with the generator it is given, so a seed fixes the order', () => {
    const order = (seed: number) => Array.from(new MiniBatches(split, 3, new Rng(seed), 'float32').epoch(), (b) => Array.from(b.indices)).flat();
    const rng = new Rng(5);
    const expected = rng.shuffle(Int32Array.from({ length: 10 }, (_, i) => i));
    expect(order(5)).toEqual(Array.from(expected));
  });

  it('never makes a batch larger than the split', () => {
    const batches = new MiniBatches(split, 64, new Rng(1), 'float32');
    expect(batches.size).toBe(10);
    expect([...batches.epoch()]).toHaveLength(1);
  });
});

describe('BestEpoch', () => {
  const network = () => new Network([{ type: 'dense', units: 2, bias: true, initializer: 'glorotUniform' }], 3, 'float64', new Rng(0));
  const weights = (n: Network) => [...n.namedArrays().values()].map((a) => Array.from(a));

  it('stops after `patience` epochs without an improvement beyond minDelta, and restores the best weights', () => {
    const net = network();
    const best = new BestEpoch({ patience: 2, minDelta: 0.1, restoreBest: true });
    expect(best.observe(1, 1.0, net)).toBe(false);
    const atBest = weights(net);
    net.params[0].param.value.fill(7);
    expect(best.observe(2, 0.95, net)).toBe(false); // better, but not by more than minDelta
    expect(best.observe(3, 0.5, net)).toBe(false);
    expect(best.epoch).toBe(3);
    const atThird = weights(net);
    net.params[0].param.value.fill(9);
    expect(best.observe(4, 0.45, net)).toBe(false);
    expect(best.observe(5, 0.6, net)).toBe(true);
    best.restoreInto(net, false);
    expect(weights(net)).toEqual(atThird);
    expect(atThird).not.toEqual(atBest);
  });

  it('keeps the last weights when early stopping is told not to restore, but falls back on the best after a divergence', () => {
    const net = network();
    const best = new BestEpoch({ patience: 1, minDelta: 0, restoreBest: false });
    best.observe(1, 1, net);
    net.params[0].param.value.fill(3);
    const last = weights(net);
    best.restoreInto(net, false);
    expect(weights(net)).toEqual(last);
    // restoreBest false takes no snapshot, so nothing is kept for a divergence either.
    expect(best.hasWeights).toBe(false);

    const plain = new BestEpoch(null);
    const net2 = network();
    plain.observe(1, 1, net2);
    const first = weights(net2);
    net2.params[0].param.value.fill(5);
    expect(plain.observe(2, 2, net2)).toBe(false); // no early stopping: never stops
    plain.restoreInto(net2, false);
    expect(weights(net2)).not.toEqual(first);
    plain.restoreInto(net2, true);
    expect(weights(net2)).toEqual(first);
  });
});

describe('GradientMonitor', () => {
  it('averages per-layer gradient norms over the epoch and names the first layer whose gradient is not finite', () => {
    const net = new Network([{ type: 'dense', units: 2, bias: true, initializer: 'glorotUniform' }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 1, bias: true, initializer: 'glorotUniform' }], 2, 'float64', new Rng(0));
    const monitor = new GradientMonitor(net);
    const setGrads = (first: number, last: number) => net.params.forEach((p) => p.param.grad.fill(p.layer === 0 ? first : last));
    monitor.startEpoch();
    setGrads(1, 2);
    expect(monitor.measureBatch()).toBeNull();
    setGrads(3, 0);
    expect(monitor.measureBatch()).toBeNull();
    const sizes = [0, 2].map((l) => net.params.filter((p) => p.layer === l).reduce((s, p) => s + p.param.grad.length, 0));
    const stats = monitor.epochStats();
    expect(stats.map((s) => s.layer)).toEqual([0, 2]);
    expect(stats[0].gradNorm).toBeCloseTo((Math.sqrt(sizes[0]) * 1 + Math.sqrt(sizes[0]) * 3) / 2, 12);
    expect(stats[1].gradNorm).toBeCloseTo((Math.sqrt(sizes[1]) * 2 + 0) / 2, 12);
    // Clipping reads the last batch's squared norms per parameter.
    expect(Array.from(monitor.paramSquares)).toEqual(net.params.map((p) => p.param.grad.length * (p.layer === 0 ? 9 : 0)));

    setGrads(1, Number.NaN);
    expect(monitor.measureBatch()).toBe(2);
  });
});
