import { ACTIVATIONS, layerRegistry } from '../../../engine/layers/registry';
import type { LayerSpec } from '../../../engine/model/spec';
import { describeLayers, validateModelSpec, SpecError, type LayerShape } from '../../../engine/model/validate-spec';
import { outputHead } from '../../../engine/model/output-head';
import type { Task } from '../../../engine/data/table';
import { defaults } from './trainer-fields';

export type LayerType = LayerSpec['type'];
export const LAYER_TYPES: readonly LayerType[] = ['dense', 'activation', 'dropout', 'batchNorm'];

/** A new layer of a type with every field at its registry default (alpha only where the activation uses it). */
export function defaultLayer(type: LayerType): LayerSpec {
  return withoutUnusedAlpha({ type, ...defaults(layerRegistry[type].fields) } as LayerSpec);
}

/**
 * An activation keeps alpha only when it takes one, set explicitly: the engine fills a missing alpha
 * with Leaky ReLU's default when validating, which would be wrong for ELU.
 */
export function withoutUnusedAlpha(spec: LayerSpec): LayerSpec {
  if (spec.type !== 'activation') return spec;
  const info = ACTIVATIONS.find((a) => a.id === spec.activation);
  const { alpha, ...rest } = spec;
  if (info?.alphaDefault === undefined) return rest;
  return { ...rest, alpha: alpha ?? info.alphaDefault };
}

/** Moves a layer from one index to another (the index it ends up at). */
export function moveLayer(layers: readonly LayerSpec[], from: number, to: number): LayerSpec[] {
  const out = [...layers];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item);
  return out;
}

export function insertLayer(layers: readonly LayerSpec[], at: number, layer: LayerSpec): LayerSpec[] {
  const out = [...layers];
  out.splice(Math.max(0, Math.min(at, out.length)), 0, layer);
  return out;
}

export function removeLayer(layers: readonly LayerSpec[], index: number): LayerSpec[] {
  return layers.filter((_, i) => i !== index);
}

export interface DesignSummary {
  /** Null when the design is not valid; `error` says why and `errorLayer` where. */
  hidden: LayerShape[] | null;
  head: LayerShape[];
  totalParams: number | null;
  error: string | null;
  errorLayer: number | null;
}

/** Shapes and parameter counts of a design plus its automatic output head, or where it is invalid. */
export function summariseDesign(layers: readonly LayerSpec[], inputs: number, task: Task, outputs: number, lossId: string): DesignSummary {
  try {
    const spec = validateModelSpec({ layers });
    const hidden = describeLayers(spec.layers, inputs);
    const width = hidden.layers.length ? hidden.layers[hidden.layers.length - 1].outputSize : inputs;
    const head = describeLayers(outputHead(task, outputs, lossId), width);
    const offset = hidden.layers.length;
    return {
      hidden: hidden.layers,
      head: head.layers.map((l) => ({ ...l, index: l.index + offset })),
      totalParams: hidden.totalParams + head.totalParams,
      error: null,
      errorLayer: null,
    };
  } catch (e) {
    if (e instanceof SpecError) return { hidden: null, head: [], totalParams: null, error: e.reason, errorLayer: e.layerIndex };
    return { hidden: null, head: [], totalParams: null, error: (e as Error).message, errorLayer: null };
  }
}

/** Short human label of a layer: "Dense 64", "ReLU", "Dropout 20 %", "Batch norm". */
export function layerLabel(spec: LayerSpec): string {
  switch (spec.type) {
    case 'dense': return `Dense ${spec.units}`;
    case 'activation': return ACTIVATIONS.find((a) => a.id === spec.activation)?.label ?? spec.activation;
    case 'dropout': return `Dropout ${Math.round(spec.rate * 100)} %`;
    case 'batchNorm': return 'Batch norm';
  }
}

/**
 * Names of the built network's layers (hidden + output head) by index, as the gradient keys
 * `grad.<index>` count them.
 */
export function builtLayerNames(layers: readonly LayerSpec[], task: Task, outputs: number, lossId: string): string[] {
  let head: LayerSpec[] = [];
  try {
    head = outputHead(task, outputs, lossId);
  } catch {
    // A mismatched loss cannot have produced a run; name the hidden layers only.
  }
  // The output width is unknown until the run reports its classes, so output layers are named by role.
  const names = layers.map((l, i) => `${i + 1}. ${layerLabel(l)}`);
  head.forEach((l, j) => names.push(`${layers.length + j + 1}. Output ${l.type === 'dense' ? 'layer' : layerLabel(l)}`));
  return names;
}
