import { LAYER_ACTIVATIONS, takesAlpha, activationAlpha } from '../../../engine/catalog/activations';
import { fieldSet, idsOf, type FieldSet, type FieldValue } from '../../../engine/catalog/fields';
import { LAYER_FIELDS, LAYERS } from '../../../engine/catalog/layers';
import type { LossId } from '../../../engine/catalog/losses';
import { describeLayers, SpecError, validateModelSpec, type LayerShape } from '../../../engine/catalog/model-spec';
import { outputHead } from '../../../engine/catalog/output-head';
import type { Task } from '../../../engine/data/table';
import type { LayerSpec, LayerType } from '../../../engine/model/spec';

export const LAYER_TYPES: readonly LayerType[] = idsOf(LAYERS);

/** A new layer of a type with every field at its catalog default (alpha only where the activation uses it). */
export function defaultLayer(type: LayerType): LayerSpec {
  return withoutUnusedAlpha(validateModelSpec({ layers: [{ type }] }).layers[0]);
}

/**
 * An activation keeps alpha only when it takes one, set explicitly: the engine fills a missing alpha
 * with the activation's own default when building, and a form shows what will be used.
 */
export function withoutUnusedAlpha(spec: LayerSpec): LayerSpec {
  if (spec.type !== 'activation') return spec;
  const { alpha, ...rest } = spec;
  if (!takesAlpha(spec.activation)) return rest;
  return { ...rest, alpha: activationAlpha(spec.activation, alpha) };
}

/** The activation layer's fields without alpha, for the activations that ignore it. */
const ACTIVATION_WITHOUT_ALPHA = fieldSet({ activation: LAYER_FIELDS.activation.fields.activation });

/** The fields the inspector shows for a layer: its catalog fields (alpha only where the activation uses it). */
export function layerFields(spec: LayerSpec): FieldSet {
  if (spec.type === 'activation' && !takesAlpha(spec.activation)) return ACTIVATION_WITHOUT_ALPHA;
  return LAYERS[spec.type].fields;
}

/** A layer's settings without its type, as a form edits them. */
export function layerSettings(spec: LayerSpec): Record<string, FieldValue> {
  const { type: _type, ...settings } = spec;
  return settings;
}

/**
 * The layer with settings edited in a form of its own fields. While being edited a value may be out of
 * range (the design summary reports it); switching the activation drops an alpha set for the previous one.
 */
export function withSettings(spec: LayerSpec, settings: Readonly<Record<string, FieldValue>>): LayerSpec {
  // The form showed exactly layerFields(spec), so type and settings belong together.
  const next = { ...settings, type: spec.type } as LayerSpec;
  if (next.type === 'activation' && spec.type === 'activation' && next.activation !== spec.activation) {
    return withoutUnusedAlpha({ type: 'activation', activation: next.activation });
  }
  return withoutUnusedAlpha(next);
}

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
export function summariseDesign(layers: readonly LayerSpec[], inputs: number, task: Task, outputs: number, lossId: LossId): DesignSummary {
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
    case 'activation': return LAYER_ACTIVATIONS[spec.activation]?.label ?? spec.activation;
    case 'dropout': return `Dropout ${Math.round(spec.rate * 100)} %`;
    case 'batchNorm': return 'Batch norm';
  }
}

/**
 * Names of the built network's layers (hidden + output head) by index, as the gradient keys `grad.<index>` count
 * them; unnumbered, since where they are listed decides what their number is.
 */
export function builtLayerNames(layers: readonly LayerSpec[], task: Task, outputs: number, lossId: LossId): string[] {
  let head: LayerSpec[] = [];
  try {
    head = outputHead(task, outputs, lossId);
  } catch {
    // A mismatched loss cannot have produced a run; name the hidden layers only.
  }
  // The output width is unknown until the run reports its classes, so output layers are named by role.
  return [...layers.map(layerLabel), ...head.map((l) => `Output ${l.type === 'dense' ? 'layer' : layerLabel(l)}`)];
}

/**
 * The gradient chart's series: the `grad.<index>` metric keys in layer order, each named by its layer and numbered
 * among the chart's own lines (only layers with weights have a gradient): 1, 2, 3, not the network's 1, 3, 5.
 */
export function gradientSeries(metricKeys: readonly string[], layerNames: readonly string[]): { key: string; name: string }[] {
  return metricKeys
    .filter((k) => /^grad\.\d+$/.test(k))
    .map((key) => ({ key, index: Number(key.slice(5)) }))
    .sort((a, b) => a.index - b.index)
    .map(({ key, index }, j) => ({ key, name: `${j + 1}. ${layerNames[index] ?? `layer ${index + 1}`}` }));
}

/**
 * A design's depth in words, counting the layers that have weights (an activation, dropout or batch norm belongs
 * to the layer before it): "2 hidden layers of 32 units", "3 hidden layers (64, 32 and 8 units)".
 */
export function depthWords(layers: readonly LayerSpec[]): string {
  const widths = layers.flatMap((l) => (l.type === 'dense' ? [l.units] : []));
  if (widths.length === 0) return 'no hidden layers (a linear model)';
  const count = widths.length === 1 ? '1 hidden layer' : `${widths.length} hidden layers`;
  if (widths.every((w) => w === widths[0])) return `${count} of ${widths[0]} units`;
  return `${count} (${widths.slice(0, -1).join(', ')} and ${widths[widths.length - 1]} units)`;
}

/** `name`, or with the first free number after it ("My network 2") when another design already has it. */
export function uniqueName(name: string, taken: readonly string[]): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  let k = 2;
  while (names.has(`${name} ${k}`)) k++;
  return `${name} ${k}`;
}
