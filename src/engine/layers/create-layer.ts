import { activationAlpha } from '../catalog/activations';
import { unknownId } from '../catalog/choice';
import type { DType } from '../math/matrix';
import type { Rng } from '../math/random';
import type { LayerSpec } from '../model/spec';
import { ActivationLayer } from './activation';
import { BatchNormLayer } from './batch-norm';
import { DenseLayer } from './dense';
import { DropoutLayer } from './dropout';
import type { Layer } from './layer';

export interface LayerBuildOptions {
  readonly dtype: DType;
  /** Draws the initial weights; only layers with random initialisation use it. */
  readonly rng: Rng;
}

/** Builds the layer a resolved spec describes (src/engine/catalog/layers.ts validates specs). */
export function createLayer(spec: LayerSpec, inputSize: number, { dtype, rng }: LayerBuildOptions): Layer {
  switch (spec.type) {
    case 'dense': return new DenseLayer(inputSize, spec.units, { bias: spec.bias, initializer: spec.initializer, dtype, rng });
    case 'activation': return new ActivationLayer(inputSize, spec.activation, activationAlpha(spec.activation, spec.alpha), dtype);
    case 'dropout': return new DropoutLayer(inputSize, spec.rate, dtype);
    case 'batchNorm': return new BatchNormLayer(inputSize, { momentum: spec.momentum, epsilon: spec.epsilon, dtype });
  }
  return unknownId('layer type', spec);
}
