import type { DType } from '../math/matrix';
import type { Rng } from '../math/random';
import type { ActivationId, InitializerId, LayerSpec } from '../model/spec';
import { resolveParams, type Field, type ParamValues, type RegistryEntry } from '../registry/param-schema';
import { ActivationLayer, defaultAlpha } from './activation';
import { BatchNormLayer } from './batch-norm';
import { DenseLayer } from './dense';
import { DropoutLayer } from './dropout';
import { INITIALIZERS } from './initializers';
import type { Layer } from './layer';

export interface LayerBuildOptions {
  readonly dtype: DType;
  /** Draws the initial weights; only layers with random initialisation use it. */
  readonly rng: Rng;
}

type SpecOf<K extends LayerSpec['type']> = Extract<LayerSpec, { type: K }>;

/** A layer type: its form fields, a factory, and sizes computable without building it. */
export interface LayerRegistryEntry<S extends LayerSpec = LayerSpec>
  extends RegistryEntry<(spec: S, inputSize: number, options: LayerBuildOptions) => Layer> {
  outputSize(spec: S, inputSize: number): number;
  /** Trainable parameters the layer would have, without allocating it. */
  paramCount(spec: S, inputSize: number): number;
}

export interface ActivationInfo {
  readonly id: ActivationId;
  readonly label: string;
  readonly help: string;
  /** Present for the activations that take alpha: its value when the spec leaves it out. */
  readonly alphaDefault?: number;
}

export const ACTIVATIONS: readonly ActivationInfo[] = [
  { id: 'linear', label: 'Linear', help: 'Linear: passes values through unchanged; for outputs that are plain numbers.' },
  { id: 'relu', label: 'ReLU', help: 'ReLU: passes positives, zeroes negatives; a robust default for hidden layers.' },
  {
    id: 'leakyRelu', label: 'Leaky ReLU', alphaDefault: defaultAlpha('leakyRelu'),
    help: 'Leaky ReLU: like ReLU but lets a small share of negatives through, so no unit goes silent for good.',
  },
  {
    id: 'elu', label: 'ELU', alphaDefault: defaultAlpha('elu'),
    help: 'ELU: like ReLU but bends smoothly below zero; often trains a little faster.',
  },
  { id: 'gelu', label: 'GELU', help: 'GELU: a smooth version of ReLU, popular in modern large networks.' },
  { id: 'sigmoid', label: 'Sigmoid', help: 'Sigmoid: squashes any value into 0…1; mostly for yes/no outputs.' },
  { id: 'tanh', label: 'Tanh', help: 'Tanh: squashes any value into −1…1; a classic choice for small networks.' },
  { id: 'softmax', label: 'Softmax', help: 'Softmax: turns a row of scores into chances that add up to 1; for class outputs.' },
];

const denseFields: readonly Field[] = [
  { key: 'units', label: 'Units', type: 'integer', default: 64, min: 1, max: 4096, help: 'How many neurons this layer has; more can learn more but train slower.' },
  { key: 'bias', label: 'Bias', type: 'boolean', default: true, help: 'Adds a learnable offset to every neuron; leave on unless batch norm follows.' },
  {
    key: 'initializer', label: 'Initial weights', type: 'enum', default: 'glorotUniform',
    options: INITIALIZERS.map((i) => ({ value: i.id, label: i.label })),
    help: 'How the random starting weights are drawn; Glorot suits most layers, He suits ReLU.',
  },
];

const activationFields: readonly Field[] = [
  {
    key: 'activation', label: 'Activation', type: 'enum', default: 'relu',
    options: ACTIVATIONS.map((a) => ({ value: a.id, label: a.label })),
    help: 'The bend applied to each value; without one, stacked layers stay a straight-line model.',
  },
  {
    key: 'alpha', label: 'Alpha', type: 'number', default: defaultAlpha('leakyRelu'), min: 0, max: 10, optional: true,
    help: 'Leaky ReLU: slope below zero (default 0.01). ELU: size of the negative curve (default 1). Others ignore it.',
  },
];

const dropoutFields: readonly Field[] = [
  { key: 'rate', label: 'Drop rate', type: 'number', default: 0.2, min: 0, max: 0.95, help: 'Share of values switched off at random while training, to curb memorising the data.' },
];

const batchNormFields: readonly Field[] = [
  { key: 'momentum', label: 'Momentum', type: 'number', default: 0.1, min: 0, max: 1, help: 'How fast the remembered averages follow new batches (0.1 = a tenth per batch).' },
  { key: 'epsilon', label: 'Epsilon', type: 'number', default: 1e-5, min: 0, exclusiveMin: true, max: 1, logScale: true, help: 'A tiny number added to avoid dividing by zero; rarely needs changing.' },
];

/** Validates a spec against its fields (unknown keys and out-of-range values throw) and fills defaults. */
function resolveSpec(fields: readonly Field[], spec: LayerSpec): ParamValues {
  const { type, ...rest } = spec;
  return resolveParams(fields, rest, `${type} layer`);
}

export const layerRegistry: { readonly [K in LayerSpec['type']]: LayerRegistryEntry<SpecOf<K>> } = {
  dense: {
    id: 'dense',
    label: 'Dense',
    help: 'A fully connected layer: every neuron looks at every input and learns its own weights.',
    fields: denseFields,
    create(spec, inputSize, { dtype, rng }) {
      const p = resolveSpec(denseFields, spec);
      return new DenseLayer(inputSize, p.units as number, {
        bias: p.bias as boolean, initializer: p.initializer as InitializerId, dtype, rng,
      });
    },
    outputSize: (spec) => resolveSpec(denseFields, spec).units as number,
    paramCount(spec, inputSize) {
      const p = resolveSpec(denseFields, spec);
      const units = p.units as number;
      return inputSize * units + (p.bias ? units : 0);
    },
  },
  activation: {
    id: 'activation',
    label: 'Activation',
    help: 'Bends the values passing through, which lets the network learn curved relationships.',
    fields: activationFields,
    create(spec, inputSize, { dtype }) {
      const p = resolveSpec(activationFields, spec);
      const activation = p.activation as ActivationId;
      const alpha = spec.alpha === undefined ? defaultAlpha(activation) : (p.alpha as number);
      return new ActivationLayer(inputSize, activation, alpha, dtype);
    },
    outputSize: (_spec, inputSize) => inputSize,
    paramCount: () => 0,
  },
  dropout: {
    id: 'dropout',
    label: 'Dropout',
    help: 'Randomly switches off some values during training so the network cannot lean on any single one.',
    fields: dropoutFields,
    create(spec, inputSize, { dtype }) {
      return new DropoutLayer(inputSize, resolveSpec(dropoutFields, spec).rate as number, dtype);
    },
    outputSize: (_spec, inputSize) => inputSize,
    paramCount: () => 0,
  },
  batchNorm: {
    id: 'batchNorm',
    label: 'Batch normalisation',
    help: 'Rescales each value to a steady range batch by batch, which often makes training faster and steadier.',
    fields: batchNormFields,
    create(spec, inputSize, { dtype }) {
      const p = resolveSpec(batchNormFields, spec);
      return new BatchNormLayer(inputSize, { momentum: p.momentum as number, epsilon: p.epsilon as number, dtype });
    },
    outputSize: (_spec, inputSize) => inputSize,
    paramCount: (_spec, inputSize) => 2 * inputSize,
  },
};

function entryFor(spec: LayerSpec): LayerRegistryEntry {
  const entry = layerRegistry[spec.type] as LayerRegistryEntry | undefined;
  if (!entry) throw new Error(`unknown layer type "${(spec as { type: unknown }).type}"`);
  return entry;
}

/** Builds the layer a spec describes (dispatching on spec.type). */
export function createLayer(spec: LayerSpec, inputSize: number, options: LayerBuildOptions): Layer {
  return entryFor(spec).create(spec, inputSize, options);
}

export function layerOutputSize(spec: LayerSpec, inputSize: number): number {
  return entryFor(spec).outputSize(spec, inputSize);
}

export function layerParamCount(spec: LayerSpec, inputSize: number): number {
  return entryFor(spec).paramCount(spec, inputSize);
}
