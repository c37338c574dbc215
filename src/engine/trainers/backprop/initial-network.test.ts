import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../../catalog/trainer-config';
import { prepareSplits } from '../../data/prepare';
import { blobsTable } from '../../testing/synthetic-table';
import { initialNetwork } from './initial-network';
import { backpropLayers, trainBackprop } from './train-backprop';

describe('initialNetwork', () => {
  it('is the network trainBackprop starts from (a step of 1e-30 moves no weight by more than 1e-20)', async () => {
    const { splits } = prepareSplits(blobsTable(120, 3), {
      target: 'species', task: 'classification', scaling: 'standard', oneHot: true, targetScaling: 'standard',
      split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 1,
    });
    const config = resolveTrainerConfig({
      trainer: 'backprop',
      model: { layers: [{ type: 'dense', units: 7, initializer: 'heNormal' }, { type: 'activation', activation: 'tanh' }, { type: 'dense', units: 5 }] },
      optimizer: { id: 'sgd', params: { lr: 1e-30 } }, loss: { id: 'crossEntropy' }, batchSize: 200, epochs: 1,
    }, 'classification', null);
    const trained = await trainBackprop(splits, config, 42);
    const start = initialNetwork(backpropLayers(config, splits), splits.train.x.cols, 42);
    const after = trained.network.namedArrays();
    const before = start.namedArrays();
    expect([...before.keys()]).toEqual([...after.keys()]);
    for (const [name, values] of before) {
      const moved = Math.max(...Array.from(values, (v, i) => Math.abs(after.get(name)![i] - v)));
      expect(moved, name).toBeLessThan(1e-20);
    }
    // Weights are random draws, not a constant: another seed gives others.
    const other = initialNetwork(backpropLayers(config, splits), splits.train.x.cols, 43).namedArrays();
    expect(Array.from(other.get('0.weight')!)).not.toEqual(Array.from(before.get('0.weight')!));
  });
});
