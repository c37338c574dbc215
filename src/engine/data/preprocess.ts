import { InputError } from '../catalog/input-error';
import { allocArray, type DType, type Matrix } from '../math/matrix';
import { labelReader, numericValues } from './column-values';
import type { Column, Table, Task } from './table';

export type FeatureScaling = 'standard' | 'minmax' | 'none';
type TargetScaling = 'standard' | 'none';

export interface PreprocessOptions {
  readonly target: string;
  readonly task: Task;
  /** Default: every column but the target. */
  readonly features?: readonly string[];
  readonly scaling: FeatureScaling;
  /** Categorical features as one 0/1 column per category; otherwise their category index as one number. */
  readonly oneHot: boolean;
  /** Regression only. */
  readonly targetScaling: TargetScaling;
}

/**
 * Every feature becomes (value − offset) / scale after missing values are replaced by the training mean.
 * `code` features use the index into `categories` as their value; `one-hot` features are not scaled.
 */
export type FeatureState =
  | { readonly name: string; readonly kind: 'numeric'; readonly mean: number; readonly offset: number; readonly scale: number }
  | { readonly name: string; readonly kind: 'one-hot'; readonly categories: readonly string[] }
  | {
      readonly name: string; readonly kind: 'code'; readonly categories: readonly string[];
      readonly mean: number; readonly offset: number; readonly scale: number;
    };

type TargetState =
  | { readonly name: string; readonly kind: 'classes'; readonly labels: readonly string[] }
  /** Scaled target = (value − offset) / scale. */
  | { readonly name: string; readonly kind: 'values'; readonly offset: number; readonly scale: number };

/** Everything fitted on the training rows, as plain JSON, so prediction applies exactly the same transform. */
export interface PreprocessState {
  readonly version: 1;
  readonly task: Task;
  readonly features: readonly FeatureState[];
  readonly target: TargetState;
}

export interface DecodedPredictions {
  /** Classification: the predicted label and its index per row, plus the class probabilities. */
  labels?: string[];
  classIndex?: Int32Array;
  probabilities?: Matrix;
  /** Regression: predictions in the target's own units. */
  values?: Float64Array;
}

/** Checks the target and feature names against the table and returns the columns used. */
export function resolveColumns(table: Table, options: PreprocessOptions): { target: Column; features: Column[] } {
  const names = table.columns.map((c) => c.name);
  const target = table.columns.find((c) => c.name === options.target);
  if (!target) throw new InputError('INVALID_CONFIG', `unknown target column "${options.target}" (columns: ${names.join(', ')})`);
  const featureNames = options.features ?? names.filter((n) => n !== options.target);
  const unknown = featureNames.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new InputError('INVALID_CONFIG', `unknown feature column(s) ${unknown.map((n) => `"${n}"`).join(', ')} (columns: ${names.join(', ')})`);
  }
  if (featureNames.includes(options.target)) throw new InputError('INVALID_CONFIG', `the target "${options.target}" cannot also be a feature`);
  const repeated = featureNames.find((n, i) => featureNames.indexOf(n) !== i);
  if (repeated !== undefined) throw new InputError('INVALID_CONFIG', `feature "${repeated}" is listed twice`);
  if (featureNames.length === 0) throw new InputError('INVALID_CONFIG', 'select at least one feature column');
  if (options.task === 'regression' && target.kind === 'categorical') {
    numericValues(target); // throws a clear message unless the categories are numbers
  }
  return { target, features: featureNames.map((n) => table.columns.find((c) => c.name === n) as Column) };
}

/** Fits feature statistics, category lists and target encoding on `trainRows` only. */
export function fitPreprocessing(table: Table, trainRows: Int32Array, options: PreprocessOptions): PreprocessState {
  if (trainRows.length === 0) throw new InputError('INVALID_CONFIG', 'cannot fit preprocessing on zero training rows');
  const { target, features } = resolveColumns(table, options);
  return {
    version: 1,
    task: options.task,
    features: features.map((col) => fitFeature(col, trainRows, options)),
    target: options.task === 'classification'
      ? { name: target.name, kind: 'classes', labels: fitClassLabels(target, trainRows) }
      : fitTargetScale(target, trainRows, options.targetScaling),
  };
}

function fitFeature(col: Column, rows: Int32Array, options: PreprocessOptions): FeatureState {
  if (col.kind === 'numeric') {
    const values = Array.from(rows, (r) => col.values[r]);
    return { name: col.name, kind: 'numeric', ...fitAffine(values, options.scaling) };
  }
  const present = new Set<number>();
  for (const r of rows) if (col.codes[r] >= 0) present.add(col.codes[r]);
  // Dictionary order, restricted to what training saw: later categories are "unseen".
  const kept = col.categories.map((_, code) => code).filter((code) => present.has(code));
  const categories = kept.map((code) => col.categories[code]);
  if (options.oneHot) return { name: col.name, kind: 'one-hot', categories };
  const indexOf = new Map(kept.map((code, i) => [code, i]));
  const values = Array.from(rows, (r) => indexOf.get(col.codes[r]) ?? NaN);
  return { name: col.name, kind: 'code', categories, ...fitAffine(values, options.scaling) };
}

/** Mean for imputation plus offset/scale; statistics skip missing values, a constant column gets scale 1. */
function fitAffine(values: number[], scaling: FeatureScaling): { mean: number; offset: number; scale: number } {
  const known = values.filter((v) => !Number.isNaN(v));
  // A column with no training values imputes 0 and passes through.
  if (known.length === 0) return { mean: 0, offset: 0, scale: 1 };
  const mean = known.reduce((s, v) => s + v, 0) / known.length;
  if (scaling === 'none') return { mean, offset: 0, scale: 1 };
  if (scaling === 'standard') {
    const std = Math.sqrt(known.reduce((s, v) => s + (v - mean) ** 2, 0) / known.length);
    return { mean, offset: mean, scale: std > 0 ? std : 1 };
  }
  const min = known.reduce((a, v) => Math.min(a, v), Infinity);
  const max = known.reduce((a, v) => Math.max(a, v), -Infinity);
  return { mean, offset: min, scale: max > min ? max - min : 1 };
}

function fitClassLabels(col: Column, rows: Int32Array): string[] {
  const read = labelReader(col);
  const seen = new Set<string>();
  for (const r of rows) {
    const label = read(r);
    if (label !== null) seen.add(label);
  }
  if (col.kind === 'categorical') return col.categories.filter((c) => seen.has(c));
  const numbers = [...seen].map(Number);
  const fraction = numbers.find((v) => !Number.isInteger(v));
  if (fraction !== undefined) {
    throw new InputError('INVALID_CONFIG',
      `classification target "${col.name}" has the non-integer value ${fraction}; use regression or a text column`,
    );
  }
  return numbers.sort((a, b) => a - b).map(String);
}

function fitTargetScale(col: Column, rows: Int32Array, scaling: TargetScaling): TargetState {
  const values = numericValues(col);
  const { offset, scale } = fitAffine(Array.from(rows, (r) => values[r]), scaling === 'standard' ? 'standard' : 'none');
  return { name: col.name, kind: 'values', offset, scale };
}

/** Columns matched by name; extra columns are ignored, missing ones are reported together. */
function columnsByName(table: Table, names: readonly string[], what: string): Column[] {
  const missing = names.filter((n) => !table.columns.some((c) => c.name === n));
  if (missing.length > 0) throw new InputError('INVALID_CONFIG', `missing ${what} column(s): ${missing.map((n) => `"${n}"`).join(', ')}`);
  return names.map((n) => table.columns.find((c) => c.name === n) as Column);
}

function allRows(table: Table): Int32Array {
  return Int32Array.from({ length: table.rowCount }, (_, i) => i);
}

function gather(values: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (r) => values[r]);
}

/** Index of each row's category in `categories`, or −1 when missing or unseen in training. */
function categoryIndices(col: Column, categories: readonly string[], rows: Int32Array): Int32Array {
  const indexOf = new Map(categories.map((c, i) => [c, i]));
  const read = labelReader(col);
  return Int32Array.from(rows, (r) => {
    const label = read(r);
    return label === null ? -1 : indexOf.get(label) ?? -1;
  });
}

export function transformFeatures(
  state: PreprocessState, table: Table, rows: Int32Array = allRows(table), dtype: DType = 'float32',
): Matrix {
  const columns = columnsByName(table, state.features.map((f) => f.name), 'feature');
  const width = encodedWidth(state);
  const out = allocArray(dtype, rows.length * width);
  let base = 0;
  state.features.forEach((feature, f) => {
    const col = columns[f];
    if (feature.kind === 'one-hot') {
      categoryIndices(col, feature.categories, rows).forEach((idx, i) => {
        if (idx >= 0) out[i * width + base + idx] = 1;
      });
      base += feature.categories.length;
      return;
    }
    const raw = feature.kind === 'numeric'
      ? gather(numericValues(col), rows)
      : Float64Array.from(categoryIndices(col, feature.categories, rows), (idx) => (idx < 0 ? NaN : idx));
    raw.forEach((v, i) => {
      out[i * width + base] = ((Number.isNaN(v) ? feature.mean : v) - feature.offset) / feature.scale;
    });
    base += 1;
  });
  return { rows: rows.length, cols: width, data: out };
}

/** One-hot class rows (classification) or scaled values (regression); every row must have a target. */
export function encodeTargets(
  state: PreprocessState, table: Table, rows: Int32Array = allRows(table), dtype: DType = 'float32',
): Matrix {
  const [col] = columnsByName(table, [state.target.name], 'target');
  const { target } = state;
  if (target.kind === 'classes') {
    const k = target.labels.length;
    const out = allocArray(dtype, rows.length * k);
    const read = labelReader(col);
    categoryIndices(col, target.labels, rows).forEach((idx, i) => {
      if (idx < 0) {
        const label = read(rows[i]);
        throw new InputError('INVALID_CONFIG', label === null
          ? `row ${rows[i]} has no value for the target "${target.name}"`
          : `target label "${label}" (row ${rows[i]}) is not one of the training classes: ${target.labels.join(', ')}`);
      }
      out[i * k + idx] = 1;
    });
    return { rows: rows.length, cols: k, data: out };
  }
  const values = numericValues(col);
  const out = allocArray(dtype, rows.length);
  rows.forEach((r, i) => {
    if (Number.isNaN(values[r])) throw new InputError('INVALID_CONFIG', `row ${r} has no value for the target "${target.name}"`);
    out[i] = (values[r] - target.offset) / target.scale;
  });
  return { rows: rows.length, cols: 1, data: out };
}

/**
 * Turns network outputs back into labels or values. Classification outputs are taken as probabilities,
 * unless `outputs: 'logits'` asks for a softmax first (e.g. raw ELM scores).
 */
export function decodePredictions(
  state: PreprocessState, outputs: Matrix, options: { outputs?: 'probabilities' | 'logits' } = {},
): DecodedPredictions {
  const { target } = state;
  const expected = target.kind === 'classes' ? target.labels.length : 1;
  if (outputs.cols !== expected) throw new Error(`expected ${expected} output column(s), got ${outputs.cols}`);
  if (target.kind === 'values') {
    return { values: Float64Array.from(outputs.data, (v) => v * target.scale + target.offset) };
  }
  const probabilities = options.outputs === 'logits' ? softmaxRows(outputs) : outputs;
  const classIndex = new Int32Array(outputs.rows);
  for (let i = 0; i < outputs.rows; i++) {
    let best = 0;
    for (let j = 1; j < expected; j++) {
      if (outputs.data[i * expected + j] > outputs.data[i * expected + best]) best = j;
    }
    classIndex[i] = best;
  }
  return { labels: Array.from(classIndex, (c) => target.labels[c]), classIndex, probabilities };
}

function softmaxRows(m: Matrix): Matrix {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    const row = m.data.subarray(i * m.cols, (i + 1) * m.cols);
    const max = Math.max(...row);
    let sum = 0;
    row.forEach((v, j) => (sum += out[i * m.cols + j] = Math.exp(v - max)));
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] /= sum;
  }
  return { rows: m.rows, cols: m.cols, data: out };
}

/** The network's input size. */
export function encodedWidth(state: PreprocessState): number {
  return state.features.reduce((w, f) => w + (f.kind === 'one-hot' ? f.categories.length : 1), 0);
}
