/**
 * The JSON model description a person builds in the designer: the hidden layers only. The input
 * width comes from the data and the output head (units and activation) from the task and loss, so a
 * design can be reused across datasets. The types derive from the layer catalog (src/engine/catalog/layers.ts);
 * a spec that passed validateModelSpec has every default filled in.
 */
import type { LAYER_FIELDS } from '../catalog/layers';
import type { Values } from '../catalog/fields';

export type LayerType = keyof typeof LAYER_FIELDS;
export type LayerSpecOf<K extends LayerType> = { type: K } & Values<(typeof LAYER_FIELDS)[K]>;
/** Indexed by a layer type: `LayerSpecByType[K]` is that type's spec, and a union of types gives the union of specs. */
export type LayerSpecByType = { [K in LayerType]: LayerSpecOf<K> };
export type LayerSpec = LayerSpecByType[LayerType];

export interface ModelSpec {
  layers: LayerSpec[];
}
