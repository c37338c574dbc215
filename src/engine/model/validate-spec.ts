import { InputError } from '../input-error';
import { layerRegistry } from '../layers/registry';
import { ParamError, resolveParams } from '../registry/param-schema';
import type { LayerSpec, ModelSpec } from './spec';

/** A model spec that cannot be built, with the index of the offending layer (null: the spec as a whole). */
export class SpecError extends InputError {
  constructor(readonly layerIndex: number | null, readonly reason: string) {
    super('INVALID_MODEL', layerIndex === null ? `invalid model: ${reason}` : `invalid model: layer ${layerIndex + 1}: ${reason}`, { layer: layerIndex });
    this.name = 'SpecError';
  }
}

export const MAX_LAYERS = 64;

/**
 * Checks an untrusted JSON value against the layer registry and returns a normalised spec with every
 * default filled in, so what is stored and trained is exactly what was validated.
 */
export function validateModelSpec(value: unknown): ModelSpec {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as ModelSpec).layers)) {
    throw new SpecError(null, 'expected an object with a "layers" list');
  }
  const layers = (value as ModelSpec).layers as unknown[];
  if (layers.length > MAX_LAYERS) throw new SpecError(null, `at most ${MAX_LAYERS} layers are supported`);
  return { layers: layers.map((layer, i) => validateLayer(layer, i)) };
}

function validateLayer(value: unknown, index: number): LayerSpec {
  if (typeof value !== 'object' || value === null) throw new SpecError(index, 'expected an object');
  const { type, ...rest } = value as Record<string, unknown>;
  if (typeof type !== 'string' || !Object.hasOwn(layerRegistry, type)) {
    throw new SpecError(index, `unknown layer type ${JSON.stringify(type)} (known: ${Object.keys(layerRegistry).join(', ')})`);
  }
  const entry = layerRegistry[type as LayerSpec['type']];
  try {
    return { type, ...resolveParams(entry.fields, rest, entry.label) } as LayerSpec;
  } catch (e) {
    if (e instanceof ParamError) throw new SpecError(index, `${e.key} ${e.reason}`);
    throw e;
  }
}

export interface LayerShape {
  index: number;
  type: LayerSpec['type'];
  inputSize: number;
  outputSize: number;
  params: number;
}

/** Shapes and parameter counts of a layer list for a given input width, without building anything. */
export function describeLayers(layers: readonly LayerSpec[], inputSize: number): { layers: LayerShape[]; totalParams: number } {
  let width = inputSize;
  let totalParams = 0;
  const shapes = layers.map((spec, index) => {
    const entry = layerRegistry[spec.type];
    const outputSize = entry.outputSize(spec as never, width);
    const params = entry.paramCount(spec as never, width);
    const shape = { index, type: spec.type, inputSize: width, outputSize, params };
    width = outputSize;
    totalParams += params;
    return shape;
  });
  return { layers: shapes, totalParams };
}
