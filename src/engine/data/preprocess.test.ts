import { describe, expect, it } from 'vitest';
import { fromRows, toRows } from '../testing/matrix-rows';
import {
  decodePredictions, encodedWidth, encodeTargets, fitPreprocessing, transformFeatures,
  type PreprocessOptions, type PreprocessState,
} from './preprocess';
import type { CategoricalColumn, Column, NumericColumn, Table } from './table';

const num = (name: string, values: number[]): NumericColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });

function cat(name: string, labels: (string | null)[]): CategoricalColumn {
  const categories = [...new Set(labels.filter((l): l is string => l !== null))];
  return { name, kind: 'categorical', categories, codes: Int32Array.from(labels, (l) => (l === null ? -1 : categories.indexOf(l))) };
}

const table = (...columns: Column[]): Table => ({ rowCount: columns[0].kind === 'numeric' ? columns[0].values.length : columns[0].codes.length, columns });
const rowsOf = (...r: number[]): Int32Array => Int32Array.from(r);
const firstRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
/** The encoded input columns in order, one-hot ones as `name=category`: the layout transformFeatures writes. */
const encodedFeatureNames = (state: PreprocessState): string[] =>
  state.features.flatMap((f) => (f.kind === 'one-hot' ? f.categories.map((c) => `${f.name}=${c}`) : [f.name]));
const column = (m: { rows: number; cols: number; data: ArrayLike<number> }, j: number): number[] =>
  Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const popStd = (v: number[]): number => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

const regression: PreprocessOptions = { target: 'y', task: 'regression', scaling: 'standard', oneHot: true, targetScaling: 'standard' };
const classification: PreprocessOptions = { ...regression, task: 'classification', targetScaling: 'none' };

const X = [3, 7, 1, 9, 4, 100, -50, 2];
const COLORS = ['red', 'green', 'red', 'blue', 'green', 'red', 'violet', 'blue'];
const Y = [1.5, 2.5, 0.5, 4, 3, 10, -10, 1];
const sample = (): Table => table(num('x', X), cat('color', COLORS), num('k', Array(8).fill(5)), num('y', Y));
const TRAIN = firstRows(5);

describe('fitPreprocessing', () => {
  it('takes statistics from the training rows only', () => {
    const before = fitPreprocessing(sample(), TRAIN, regression);
    const changed = table(
      num('x', X.map((v, i) => (i >= 5 ? v * 1000 : v))),
      cat('color', COLORS.map((c, i) => (i >= 5 ? 'black' : c))),
      num('k', Array(8).fill(5)),
      num('y', Y.map((v, i) => (i >= 5 ? -v : v))),
    );
    expect(fitPreprocessing(changed, TRAIN, regression)).toEqual(before);
    const x = before.features[0];
    expect(x.kind === 'numeric' && [x.mean, x.offset, x.scale]).toEqual([mean(X.slice(0, 5)), mean(X.slice(0, 5)), popStd(X.slice(0, 5))]);
  });

  it('reports unknown target and feature names', () => {
    expect(() => fitPreprocessing(sample(), TRAIN, { ...regression, target: 'nope' })).toThrow(/unknown target column "nope"/);
    expect(() => fitPreprocessing(sample(), TRAIN, { ...regression, features: ['x', 'size', 'age'] }))
      .toThrow(/unknown feature column\(s\) "size", "age"/);
    expect(() => fitPreprocessing(sample(), TRAIN, { ...regression, features: ['x', 'y'] })).toThrow(/cannot also be a feature/);
    expect(() => fitPreprocessing(sample(), TRAIN, { ...regression, features: [] })).toThrow(/at least one feature/);
    expect(() => fitPreprocessing(sample(), TRAIN, { ...regression, target: 'color' })).toThrow(/"color" must be numeric.*"red"/);
  });

  it('orders numeric class labels numerically and rejects fractional ones', () => {
    const t = table(num('x', [1, 2, 3, 4]), num('y', [10, 2, 1, 2]));
    const state = fitPreprocessing(t, firstRows(4), classification);
    expect(state.target).toEqual({ name: 'y', kind: 'classes', labels: ['1', '2', '10'] });
    const fractional = table(num('x', [1, 2]), num('y', [0, 0.5]));
    expect(() => fitPreprocessing(fractional, firstRows(2), classification)).toThrow(/non-integer value 0.5/);
  });
});

describe('transformFeatures', () => {
  it('standardises the training features to mean 0 and population std 1', () => {
    const t = table(num('a', [2, 4, 4, 4, 5, 5, 7, 9]), num('b', [1, 0, 3, 8, -2, 6, 6, 1]), num('y', Array(8).fill(0)));
    const state = fitPreprocessing(t, firstRows(8), regression);
    const m = transformFeatures(state, t, undefined, 'float64');
    for (const j of [0, 1]) {
      expect(mean(column(m, j))).toBeCloseTo(0, 12);
      expect(popStd(column(m, j))).toBeCloseTo(1, 12);
    }
    // a has mean 5 and population std 2: written out by hand.
    expect(column(m, 0)).toEqual([2, 4, 4, 4, 5, 5, 7, 9].map((v) => (v - 5) / 2));
  });

  it('min-max scales training features into [0, 1] and keeps a constant column finite', () => {
    const state = fitPreprocessing(sample(), TRAIN, { ...regression, scaling: 'minmax' });
    const m = transformFeatures(state, sample(), TRAIN, 'float64');
    expect(column(m, 0)).toEqual([3, 7, 1, 9, 4].map((v) => (v - 1) / 8));
    const k = encodedFeatureNames(state).indexOf('k');
    expect(column(m, k)).toEqual([0, 0, 0, 0, 0]);
    const std = transformFeatures(fitPreprocessing(sample(), TRAIN, regression), sample());
    expect(column(std, k)).toEqual(Array(8).fill(0));
    expect(std.data.every(Number.isFinite)).toBe(true);
  });

  it('one-hot encodes training categories and zeroes unseen or missing ones', () => {
    const state = fitPreprocessing(sample(), TRAIN, regression);
    expect(encodedFeatureNames(state)).toEqual(['x', 'color=red', 'color=green', 'color=blue', 'k']);
    expect(encodedWidth(state)).toBe(5);
    const predict = table(cat('color', ['blue', 'violet', null]), num('x', [1, 2, 3]), num('k', [5, 5, 5]));
    const m = transformFeatures(state, predict);
    expect(m.cols).toBe(5);
    expect(toRows(m).map((r) => r.slice(1, 4))).toEqual([[0, 0, 1], [0, 0, 0], [0, 0, 0]]);
  });

  it('uses category indices as a number when one-hot is off', () => {
    const options = { ...regression, oneHot: false, scaling: 'none' as const };
    const state = fitPreprocessing(sample(), TRAIN, options);
    expect(encodedFeatureNames(state)).toEqual(['x', 'color', 'k']);
    // Training codes red=0, green=1, blue=2 → mean 0.8 fills the unseen 'violet'.
    const m = transformFeatures(state, sample(), undefined, 'float64');
    expect(column(m, 1)).toEqual([0, 1, 0, 2, 1, 0, 0.8, 2]);
  });

  it('imputes missing numbers with the training mean (0 after standardising)', () => {
    const t = table(num('x', [1, NaN, 3, 8, NaN]), num('y', [0, 0, 0, 0, 0]));
    const state = fitPreprocessing(t, firstRows(4), regression);
    const f = state.features[0];
    expect(f.kind === 'numeric' && f.mean).toBe(4);
    const m = transformFeatures(state, t, undefined, 'float64');
    const std = popStd([1, 3, 8]);
    expect(column(m, 0)).toEqual([(1 - 4) / std, 0, (3 - 4) / std, (8 - 4) / std, 0]);
  });

  it('matches predict-time columns by name and explains what is wrong', () => {
    const state = fitPreprocessing(sample(), TRAIN, regression);
    const reordered = table(num('k', Array(8).fill(5)), num('extra', Array(8).fill(1)), cat('color', COLORS), num('x', X));
    expect(transformFeatures(state, reordered)).toEqual(transformFeatures(state, sample()));
    expect(() => transformFeatures(state, table(num('x', [1])))).toThrow(/missing feature column\(s\): "color", "k"/);
    const textual = table(cat('x', ['3', 'abc']), cat('color', ['red', 'red']), num('k', [5, 5]));
    expect(() => transformFeatures(state, textual)).toThrow(/"x" must be numeric but contains text \(e\.g\. "abc"\)/);
    const numbersAsText = table(cat('x', ['3', ' 7 ']), cat('color', ['red', 'green']), cat('k', ['5', '5']));
    expect(transformFeatures(state, numbersAsText)).toEqual(transformFeatures(state, sample(), TRAIN.subarray(0, 2)));
  });

  it('gives identical transforms after a JSON round trip of the state', () => {
    for (const options of [regression, { ...classification, target: 'color', oneHot: false, scaling: 'minmax' as const }]) {
      const state = fitPreprocessing(sample(), TRAIN, options);
      const copy = JSON.parse(JSON.stringify(state));
      expect(copy).toEqual(state);
      expect(transformFeatures(copy, sample())).toEqual(transformFeatures(state, sample()));
      expect(encodeTargets(copy, sample(), TRAIN)).toEqual(encodeTargets(state, sample(), TRAIN));
    }
  });
});

describe('targets', () => {
  it('standardises a regression target and decodes predictions back to its units', () => {
    const state = fitPreprocessing(sample(), TRAIN, regression);
    const y = encodeTargets(state, sample(), undefined, 'float64');
    const m = mean(Y.slice(0, 5));
    const s = popStd(Y.slice(0, 5));
    Y.forEach((v, i) => expect(y.data[i]).toBeCloseTo((v - m) / s, 12));
    const decoded = decodePredictions(state, y);
    Y.forEach((v, i) => expect(decoded.values?.[i]).toBeCloseTo(v, 12));
    const unscaled = fitPreprocessing(sample(), TRAIN, { ...regression, targetScaling: 'none' });
    expect(Array.from(encodeTargets(unscaled, sample(), undefined, 'float64').data)).toEqual(Y);
  });

  it('one-hot encodes classes and maps the argmax back to labels', () => {
    const state = fitPreprocessing(sample(), TRAIN, { ...classification, target: 'color' });
    const y = encodeTargets(state, sample(), TRAIN);
    expect(toRows(y)).toEqual([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    expect(() => encodeTargets(state, sample())).toThrow(/"violet" \(row 6\) is not one of the training classes: red, green, blue/);

    const outputs = fromRows([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [-1, 2, 3]]);
    const decoded = decodePredictions(state, outputs);
    expect(decoded.labels).toEqual(['green', 'red', 'blue']);
    expect(Array.from(decoded.classIndex ?? [])).toEqual([1, 0, 2]);
    expect(decoded.probabilities).toBe(outputs);

    const soft = decodePredictions(state, outputs, { outputs: 'logits' }).probabilities;
    const z = Math.exp(-1) + Math.exp(2) + Math.exp(3);
    expect(toRows(soft ?? outputs)[2].map((p) => p * z)).toEqual([Math.exp(-1), Math.exp(2), Math.exp(3)].map((e) => expect.closeTo(e, 10)));
    expect(() => decodePredictions(state, fromRows([[1, 2]]))).toThrow(/expected 3 output column/);
  });

  it('rejects a row whose target is missing', () => {
    const t = table(num('x', [1, 2, 3]), num('y', [1, NaN, 3]));
    const state = fitPreprocessing(t, rowsOf(0, 2), regression);
    expect(() => encodeTargets(state, t)).toThrow(/row 1 has no value for the target "y"/);
  });
});
