/**
 * Validation of a model design (untrusted JSON from the designer, the API or a model file) against the
 * layer catalog, and its shapes without building anything. Pure, so the designer runs the same check live.
 */
import type { LayerSpec, LayerSpecByType, LayerSpecOf, LayerType, ModelSpec } from '../model/spec';
import { ParamError, resolveParams } from './fields';
import { InputError } from './input-error';
import { LAYER_FIELDS, LAYERS, layerShape } from './layers';

/** A model spec that cannot be built, with the index of the offending layer (null: the spec as a whole). */
export class SpecError extends InputError {
  constructor(readonly layerIndex: number | null, readonly reason: string) {
    super('INVALID_MODEL', layerIndex === null ? `invalid model: ${reason}` : `invalid model: layer ${layerIndex + 1}: ${reason}`, { layer: layerIndex });
    this.name = 'SpecError';
  }
}

const MAX_LAYERS = 64;

/**
 * Checks an untrusted JSON value against the layer catalog and returns a normalised spec with every
 * default filled in, so what is stored and trained is exactly what was validated.
 */
export function validateModelSpec(value: unknown): ModelSpec {
  const layers = typeof value === 'object' && value !== null && 'layers' in value ? value.layers : undefined;
  if (!Array.isArray(layers)) throw new SpecError(null, 'expected an object with a "layers" list');
  if (layers.length > MAX_LAYERS) throw new SpecError(null, `at most ${MAX_LAYERS} layers are supported`);
  return { layers: layers.map((layer: unknown, i) => validateLayer(layer, i)) };
}

const isLayerType = (type: unknown): type is LayerType => typeof type === 'string' && Object.hasOwn(LAYERS, type);

function resolveLayer<K extends LayerType>(type: K, settings: Readonly<Record<string, unknown>>): LayerSpecByType[K] {
  const spec: LayerSpecOf<K> = { type, ...resolveParams(LAYER_FIELDS[type], settings, LAYERS[type].label) };
  // LayerSpecOf<K> is LayerSpecByType[K] by definition; TypeScript does not see it for a generic K.
  return spec as LayerSpecByType[K];
}

function validateLayer(value: unknown, index: number): LayerSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SpecError(index, 'expected an object');
  const { type, ...settings }: Record<string, unknown> = { ...value };
  if (!isLayerType(type)) {
    throw new SpecError(index, `unknown layer type ${JSON.stringify(type)} (known: ${Object.keys(LAYERS).join(', ')})`);
  }
  try {
    return resolveLayer(type, settings);
  } catch (e) {
    if (e instanceof ParamError) throw new SpecError(index, `${e.key} ${e.reason}`);
    throw e;
  }
}

export interface LayerShape {
  index: number;
  type: LayerType;
  inputSize: number;
  outputSize: number;
  params: number;
}

/** Shapes and parameter counts of a layer list for a given input width, without building anything. */
export function describeLayers(layers: readonly LayerSpec[], inputSize: number): { layers: LayerShape[]; totalParams: number } {
  let width = inputSize;
  let totalParams = 0;
  const shapes = layers.map((spec, index) => {
    const { outputSize, params } = layerShape(spec, width);
    const shape = { index, type: spec.type, inputSize: width, outputSize, params };
    width = outputSize;
    totalParams += params;
    return shape;
  });
  return { layers: shapes, totalParams };
}
