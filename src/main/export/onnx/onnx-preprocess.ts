/**
 * The fitted preprocessing (src/engine/data/preprocess.ts) as ONNX nodes: one graph input per feature column,
 * named after the CSV column, and the encoded feature matrix the predictor reads. The same rules as
 * transformFeatures:
 * - a number column is a float [N, 1] input; NaN is a missing value;
 * - a category column is a string [N, 1] input, looked up in the training categories (ai.onnx.ml LabelEncoder).
 *   A missing value and a category training never saw behave alike, as in the app: one-hot gives a row of
 *   zeros, a category code is imputed like a missing number;
 * - missing numbers and codes become the training mean, then (value − offset) / scale.
 * The imputation and the affine step run in float64, as the app computes them, before the cast to float32.
 */
import type { FeatureState, PreprocessState } from '../../../engine/data/preprocess';
import type { OnnxGraph } from './onnx-graph';

export interface FeatureInput {
  readonly name: string;
  readonly type: 'float32' | 'string';
}

/** The graph input each feature becomes, in the model's feature order. */
export function featureInputs(state: PreprocessState): FeatureInput[] {
  return state.features.map((f) => ({ name: f.name, type: f.kind === 'numeric' ? 'float32' : 'string' }));
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The feature's columns before imputation and scaling (float32, width 1, or one per category for one-hot). */
function rawBlock(g: OnnxGraph, feature: FeatureState): string | null {
  if (feature.kind === 'numeric') return feature.name;
  const keys = feature.categories.length > 0 ? [...feature.categories] : null;
  if (feature.kind === 'code') {
    // No training category at all: every value is missing (an unused key keeps the LabelEncoder well-formed).
    return g.op('LabelEncoder', [feature.name], {
      domain: 'ml', hint: `${feature.name}_code`,
      attributes: {
        keys_strings: { strings: keys ?? [''] },
        values_floats: { floats: keys ? range(keys.length) : [NaN] },
        default_float: { float: NaN },
      },
    });
  }
  if (!keys) return null;
  const index = g.op('LabelEncoder', [feature.name], {
    domain: 'ml', hint: `${feature.name}_index`,
    attributes: { keys_strings: { strings: keys }, values_int64s: { ints: range(keys.length) }, default_int64: { int: -1 } },
  });
  const slots = g.constant(`${feature.name}_slots`, BigInt64Array.from(range(keys.length), BigInt), [keys.length]);
  const hot = g.op('Equal', [index, slots], { hint: `${feature.name}_is` });
  return g.cast(hot, 'float32', `${feature.name}_onehot`);
}

/** Per encoded column: imputation value, offset and scale (one-hot columns pass through unchanged). */
function columnConstants(state: PreprocessState): { mean: number[]; offset: number[]; scale: number[] } {
  const mean: number[] = [];
  const offset: number[] = [];
  const scale: number[] = [];
  for (const f of state.features) {
    if (f.kind === 'one-hot') {
      for (let i = 0; i < f.categories.length; i++) {
        mean.push(0);
        offset.push(0);
        scale.push(1);
      }
    } else {
      mean.push(f.mean);
      offset.push(f.offset);
      scale.push(f.scale);
    }
  }
  return { mean, offset, scale };
}

/** Adds the feature inputs and the preprocessing; returns the name of the encoded float32 matrix [N, width]. */
export function preprocessGraph(g: OnnxGraph, state: PreprocessState): string {
  for (const input of featureInputs(state)) g.input(input.name, input.type, ['N', 1]);
  const blocks = state.features.map((f) => rawBlock(g, f)).filter((b): b is string => b !== null);
  if (blocks.length === 0) throw new Error('the model has no input columns');
  const raw = blocks.length === 1 ? blocks[0] : g.op('Concat', blocks, { attributes: { axis: { int: 1 } }, hint: 'features_raw' });
  const { mean, offset, scale } = columnConstants(state);
  const width = mean.length;
  let x = g.cast(raw, 'float64', 'features_f64');
  const missing = g.op('IsNaN', [x], { hint: 'features_missing' });
  x = g.op('Where', [missing, g.constant('impute_mean', Float64Array.from(mean), [width]), x], { hint: 'features_imputed' });
  if (offset.some((v) => v !== 0)) x = g.op('Sub', [x, g.constant('scale_offset', Float64Array.from(offset), [width])], { hint: 'features_centred' });
  if (scale.some((v) => v !== 1)) x = g.op('Div', [x, g.constant('scale_divisor', Float64Array.from(scale), [width])], { hint: 'features_scaled' });
  return g.cast(x, 'float32', 'features');
}
