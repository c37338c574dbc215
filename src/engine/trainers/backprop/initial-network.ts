import type { DType } from '../../math/matrix';
import { Rng } from '../../math/random';
import { Network } from '../../model/network';
import type { LayerSpec } from '../../model/spec';

/** A backprop run's random streams: forks, in this order, of one generator seeded with the run's seed. */
interface BackpropStreams {
  init: Rng;
  shuffle: Rng;
  dropout: Rng;
}

export function backpropStreams(seed: number): BackpropStreams {
  const root = new Rng(seed);
  return { init: root.fork(), shuffle: root.fork(), dropout: root.fork() };
}

/**
 * The network a backprop run starts from, its weights drawn from the run's init stream. trainBackprop builds
 * its network here, and exports use it to hand the exact starting point to another engine.
 */
export function initialNetwork(layers: readonly LayerSpec[], inputSize: number, seed: number, dtype: DType = 'float32'): Network {
  return new Network(layers, inputSize, dtype, backpropStreams(seed).init);
}
