/**
 * The layer types of a design: label, help, fields (one set of bounds) and the shape rules, so the designer
 * can show sizes and parameter counts without building anything. createLayer in src/engine/layers builds a
 * layer from a resolved LayerSpec (src/engine/model/spec.ts derives the spec types from this table).
 */
import type { LayerSpec, LayerSpecOf, LayerType } from '../model/spec';
import { LAYER_ACTIVATIONS } from './activations';
import {
  booleanField, enumField, fieldSet, integerField, numberField, optional, optionsOf, type FieldSet, type Values,
} from './fields';
import { INITIALIZERS } from './initializers';

export const LAYER_FIELDS = {
  dense: fieldSet({
    units: integerField({ label: 'Units', default: 64, min: 1, max: 4096, help: 'How many neurons this layer has; more can learn more but train slower.' }),
    bias: booleanField({ label: 'Bias', default: true, help: 'Adds a learnable offset to every neuron; leave on unless batch norm follows.' }),
    initializer: enumField(optionsOf(INITIALIZERS), {
      label: 'Initial weights', default: 'glorotUniform',
      help: 'How the random starting weights are drawn; Glorot suits most layers, He suits ReLU.',
    }),
  }),
  activation: fieldSet({
    activation: enumField(optionsOf(LAYER_ACTIVATIONS), {
      label: 'Activation', default: 'relu',
      help: 'The bend applied to each value; without one, stacked layers stay a straight-line model.',
    }),
    alpha: optional(numberField({
      label: 'Alpha', default: LAYER_ACTIVATIONS.leakyRelu.alphaDefault, min: 0, max: 10,
      help: 'Leaky ReLU: slope below zero (default 0.01). ELU: size of the negative curve (default 1). Others ignore it.',
    })),
  }),
  dropout: fieldSet({
    rate: numberField({ label: 'Drop rate', default: 0.2, min: 0, max: 0.95, help: 'Share of values switched off at random while training, to curb memorising the data.' }),
  }),
  batchNorm: fieldSet({
    momentum: numberField({ label: 'Momentum', default: 0.1, min: 0, max: 1, help: 'How fast the remembered averages follow new batches (0.1 = a tenth per batch).' }),
    epsilon: numberField({
      label: 'Epsilon', default: 1e-5, min: 0, exclusiveMin: true, max: 1, logScale: true,
      help: 'A tiny number added to avoid dividing by zero; rarely needs changing.',
    }),
  }),
};

interface LayerEntry<S extends FieldSet> {
  readonly label: string;
  readonly help: string;
  readonly fields: S;
  outputSize(spec: Values<S>, inputSize: number): number;
  /** Trainable parameters the layer would have, without allocating it. */
  paramCount(spec: Values<S>, inputSize: number): number;
}

type LayerFields = typeof LAYER_FIELDS;
const sameWidth = (_spec: unknown, inputSize: number): number => inputSize;
const none = (): number => 0;

export const LAYERS: { readonly [K in keyof LayerFields]: LayerEntry<LayerFields[K]> } = {
  dense: {
    label: 'Dense', fields: LAYER_FIELDS.dense,
    help: 'A fully connected layer: every neuron looks at every input and learns its own weights.',
    outputSize: (spec) => spec.units,
    paramCount: (spec, inputSize) => inputSize * spec.units + (spec.bias ? spec.units : 0),
  },
  activation: {
    label: 'Activation', fields: LAYER_FIELDS.activation,
    help: 'Bends the values passing through, which lets the network learn curved relationships.',
    outputSize: sameWidth,
    paramCount: none,
  },
  dropout: {
    label: 'Dropout', fields: LAYER_FIELDS.dropout,
    help: 'Randomly switches off some values during training so the network cannot lean on any single one.',
    outputSize: sameWidth,
    paramCount: none,
  },
  batchNorm: {
    label: 'Batch normalisation', fields: LAYER_FIELDS.batchNorm,
    help: 'Rescales each value to a steady range batch by batch, which often makes training faster and steadier.',
    outputSize: sameWidth,
    paramCount: (_spec, inputSize) => 2 * inputSize,
  },
};

function shapeOf<K extends LayerType>(spec: LayerSpecOf<K>, inputSize: number): { outputSize: number; params: number } {
  const entry: LayerEntry<LayerFields[K]> = LAYERS[spec.type];
  return { outputSize: entry.outputSize(spec, inputSize), params: entry.paramCount(spec, inputSize) };
}

/** Output width and trainable parameters of a layer for a given input width. */
export function layerShape(spec: LayerSpec, inputSize: number): { outputSize: number; params: number } {
  return shapeOf(spec, inputSize);
}
