import type { DType } from '../../math/matrix';
import { Rng } from '../../math/random';
import { Network } from '../../model/network';
import type { LayerSpec } from '../../model/spec';

/**
 * The network a backprop run starts from: trainBackprop draws its initial weights from the first fork of a
 * generator seeded with the run's seed (shuffling and dropout take the next forks). Exports use it to hand the
 * exact starting point to another engine; initial-network.test.ts pins it to the trainer.
 */
export function initialNetwork(layers: readonly LayerSpec[], inputSize: number, seed: number, dtype: DType = 'float32'): Network {
  return new Network(layers, inputSize, dtype, new Rng(seed).fork());
}
