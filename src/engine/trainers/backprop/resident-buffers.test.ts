import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { createLayer } from '../../layers/create-layer';
import { resolveTrainerConfig } from '../../catalog/trainer-config';
import { prepareSplits } from '../../data/prepare';
import { kernels, setKernels, type Kernels } from '../../math/kernels';
import { allocArray, type Matrix } from '../../math/matrix';
import { Rng } from '../../math/random';
import { createWasmKernels } from '../../math/wasm-kernels';
import { blobsTable } from '../../testing/synthetic-table';
import type { BackpropConfig } from '../types';
import { trainBackprop } from './train-backprop';

/*
 * With the WebAssembly kernels, training keeps its weights, gradients, optimizer state, batches and layer outputs in
 * the kernels' memory (Kernels.allocate) and kernel calls work on them in place. The same kernels given ordinary
 * arrays copy every operand in and out instead; the arithmetic is the same, so a whole training run must come out
 * bit for bit the same both ways. A resident array freed or reused while in use, a cut of a batch buffer that
 * outlives its storage, or a fused Adam step over the wrong tensors would each break the equality.
 */
const resident = createWasmKernels();
const copying: Kernels | null = resident && { ...resident, name: `${resident.name}, copying`, allocate: allocArray };

const splits = prepareSplits(blobsTable(203, 5), {
  target: 'species', task: 'classification', scaling: 'standard', oneHot: true, targetScaling: 'standard',
  split: { kind: 'ratio', train: 0.6, val: 0.2, test: 0.2 }, seed: 4,
}).splits;

const config = (optimizer: string, layers: unknown[]): BackpropConfig => resolveTrainerConfig({
  trainer: 'backprop', model: { layers }, optimizer: { id: optimizer, params: { lr: 0.01 } }, loss: { id: 'crossEntropy' },
  batchSize: 17, epochs: 12,
}, 'classification', null) as BackpropConfig;

const LAYERS = [
  { type: 'dense', units: 24 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' }, { type: 'dropout', rate: 0.2 },
  { type: 'dense', units: 9 }, { type: 'activation', activation: 'tanh' },
];

async function trained(k: Kernels, c: BackpropConfig) {
  setKernels(k);
  const r = await trainBackprop(splits, c, 3);
  return { losses: r.records.map((e) => [e.train.loss, e.val?.loss]), weights: [...r.network.namedArrays()].map(([n, a]) => [n, Array.from(a)]) };
}

const previous = kernels();
afterEach(() => setKernels(previous));

describe.skipIf(!resident || !copying)('training on resident buffers', () => {
  it.each(['adam', 'adamw', 'sgd', 'rmsprop'])('%s: the same run as with copied operands, bit for bit', async (optimizer) => {
    const c = config(optimizer, LAYERS);
    const inPlace = await trained(resident as Kernels, c);
    const copied = await trained(copying as Kernels, c);
    expect(inPlace.losses).toEqual(copied.losses);
    expect(inPlace.weights).toEqual(copied.weights);
    // The resident run did use the kernels' memory.
    expect((resident as Kernels).allocate('float32', 1).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe.skipIf(!resident)('resident buffers outlive nothing that still uses them', () => {
  /*
   * A layer's output for a shorter batch is a view cut from its full-size buffer. Once the layer is gone, a caller
   * that kept the view must still read its values: the buffer must not be freed and handed to new arrays.
   */
  it('a kept view of a layer output keeps its values after the layer is collected and memory is reused', async () => {
    setKernels(resident as Kernels);
    const input = (rows: number): Matrix => ({ rows, cols: 3, data: Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(i)) });
    let layer: ReturnType<typeof createLayer> | null = createLayer({ type: 'dense', units: 64, bias: true, initializer: 'glorotUniform' }, 3, { dtype: 'float32', rng: new Rng(2) });
    const ctx = { training: false, rng: new Rng(1) };
    layer.forward(input(32), ctx);
    const kept = layer.forward(input(9), ctx).data;
    const expected = Array.from(kept);
    layer = null;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const fillers: Float32Array[] = [];
    for (let round = 0; round < 5; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (let i = 0; i < 400; i++) fillers.push((resident as Kernels).allocate('float32', 32 * 64).fill(123) as Float32Array);
    }
    expect(Array.from(kept)).toEqual(expected);
    expect(fillers.every((f) => f.every((x) => x === 123))).toBe(true);
  });
});
