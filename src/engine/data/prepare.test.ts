import { describe, expect, it } from 'vitest';
import { Rng } from '../math/random';
import { prepareSplits, type PrepareOptions } from './prepare';
import { transformFeatures } from './preprocess';
import type { CategoricalColumn, Column, NumericColumn, Table } from './table';

const num = (name: string, values: ArrayLike<number>): NumericColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });

function cat(name: string, labels: (string | null)[]): CategoricalColumn {
  const categories = [...new Set(labels.filter((l): l is string => l !== null))];
  return { name, kind: 'categorical', categories, codes: Int32Array.from(labels, (l) => (l === null ? -1 : categories.indexOf(l))) };
}

const column = (m: { rows: number; cols: number; data: ArrayLike<number> }, j: number): number[] =>
  Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const popStd = (v: number[]): number => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

/** 120 rows: two numeric features, a colour, and an imbalanced species label (80/30/10); row 5 and 50 lack a label. */
function flowers(): Table {
  const rng = new Rng(99);
  const n = 120;
  const species = Array.from({ length: n }, (_, i) => (i % 12 === 0 ? 'rare' : i % 4 === 1 ? 'mid' : 'common'));
  const labels = species.map((s, i) => (i === 5 || i === 50 ? null : s));
  const columns: Column[] = [
    num('length', Array.from({ length: n }, () => rng.normal(5, 2))),
    num('width', Array.from({ length: n }, (_, i) => (i === 7 ? NaN : rng.uniform(0, 3)))),
    cat('colour', Array.from({ length: n }, (_, i) => ['red', 'white', 'blue'][i % 3])),
    cat('species', labels),
  ];
  return { rowCount: n, columns };
}

const options: PrepareOptions = {
  target: 'species', task: 'classification', scaling: 'standard', oneHot: true, targetScaling: 'none',
  split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 11,
};

describe('prepareSplits', () => {
  it('drops unlabelled rows, stratifies, and encodes every split', () => {
    const t = flowers();
    const { splits, state, rows, droppedRows } = prepareSplits(t, options);
    expect(droppedRows).toBe(2);
    const used = [...rows.train, ...rows.val, ...rows.test].sort((a, b) => a - b);
    expect(used).toEqual(Array.from({ length: 120 }, (_, i) => i).filter((i) => i !== 5 && i !== 50));
    expect(splits.task).toBe('classification');
    expect(splits.classes).toEqual(['rare', 'mid', 'common']);
    expect(splits.targetScale).toBeUndefined();
    for (const [part, r] of [[splits.train, rows.train], [splits.val, rows.val], [splits.test, rows.test]] as const) {
      expect([part.x.rows, part.x.cols, part.y.rows, part.y.cols]).toEqual([r.length, 5, r.length, 3]);
      expect(part.x.data).toBeInstanceOf(Float32Array);
    }
    // Each class keeps its share in every split (within one row of rounding).
    const species = t.columns[3] as CategoricalColumn;
    for (const [part, share] of [[rows.train, 0.7], [rows.val, 0.15], [rows.test, 0.15]] as const) {
      species.categories.forEach((_, code) => {
        const total = [...species.codes].filter((c) => c === code).length;
        const got = [...part].filter((r) => species.codes[r] === code).length;
        expect(Math.abs(got - total * share)).toBeLessThan(1);
      });
    }
    // Training features are standardised, the missing width imputed to 0.
    const x = splits.train.x;
    expect(mean(column(x, 0))).toBeCloseTo(0, 5);
    expect(popStd(column(x, 0))).toBeCloseTo(1, 5);
    expect(transformFeatures(state, t, Int32Array.of(7)).data[1]).toBe(0);
  });

  it('fits on the training rows only', () => {
    const t = flowers();
    const first = prepareSplits(t, options);
    const length = (t.columns[0] as NumericColumn).values;
    for (const r of [...first.rows.val, ...first.rows.test]) length[r] = 1e6;
    const second = prepareSplits(t, options);
    expect(second.state).toEqual(first.state);
    expect(second.splits.train).toEqual(first.splits.train);
  });

  it('is deterministic by seed and differs across seeds', () => {
    const a = prepareSplits(flowers(), options);
    expect(prepareSplits(flowers(), options)).toEqual(a);
    const b = prepareSplits(flowers(), { ...options, seed: 12 });
    expect(b.rows.train).not.toEqual(a.rows.train);
  });

  it('accepts integer numeric classes, labelled by their numbers in numeric order', () => {
    const t: Table = { rowCount: 9, columns: [num('x', [1, 2, 3, 4, 5, 6, 7, 8, 9]), num('y', [10, 2, 2, 10, 2, 10, 9, 9, 9])] };
    const { splits } = prepareSplits(t, { ...options, target: 'y', split: { kind: 'ratio', train: 1 / 3, val: 1 / 3, test: 1 / 3 } });
    expect(splits.classes).toEqual(['2', '9', '10']);
    expect([splits.train.y.rows, splits.val.y.rows, splits.test.y.rows]).toEqual([3, 3, 3]);
  });

  it('rejects a single-class target and unknown names', () => {
    const t: Table = { rowCount: 3, columns: [num('x', [1, 2, 3]), cat('y', ['a', 'a', null])] };
    expect(() => prepareSplits(t, { ...options, target: 'y' })).toThrow(/at least two classes.*"y" has only the class "a"/);
    expect(() => prepareSplits(flowers(), { ...options, target: 'kind' })).toThrow(/unknown target column "kind"/);
    expect(() => prepareSplits(flowers(), { ...options, features: ['petal'] })).toThrow(/unknown feature column\(s\) "petal"/);
  });

  it('scales a regression target and reports the scale for metrics in original units', () => {
    const rng = new Rng(5);
    const x = Array.from({ length: 40 }, () => rng.uniform(-1, 1));
    const y = x.map((v, i) => (i === 3 ? NaN : 20 + 4 * v));
    const t: Table = { rowCount: 40, columns: [num('x', x), num('y', y)] };
    const { splits, rows, droppedRows } = prepareSplits(t, {
      ...options, target: 'y', task: 'regression', targetScaling: 'standard', dtype: 'float64',
      split: { kind: 'fixed', trainRows: 30, val: 0.2 },
    });
    expect(droppedRows).toBe(1);
    expect([...rows.test]).toEqual(Array.from({ length: 10 }, (_, i) => 30 + i));
    const trainY = Array.from(rows.train, (r) => y[r]);
    expect(splits.targetScale).toEqual({ offset: [mean(trainY)], scale: [popStd(trainY)] });
    const scaled = Array.from(splits.train.y.data);
    expect(mean(scaled)).toBeCloseTo(0, 12);
    expect(popStd(scaled)).toBeCloseTo(1, 12);
    const back = Array.from(splits.test.y.data, (v) => v * popStd(trainY) + mean(trainY));
    back.forEach((v, i) => expect(v).toBeCloseTo(y[30 + i], 10));
  });
});

describe('stratification', () => {
  // 90 rows of class "a", 10 of "b": a stratified half keeps exactly 45/5; a plain shuffle rarely does.
  const labels = Array.from({ length: 100 }, (_, i) => (i < 90 ? 'a' : 'b'));
  const table: Table = { rowCount: 100, columns: [num('x', labels.map((_, i) => i)), cat('y', labels)] };
  const trainB = (stratify: boolean, seed: number) => {
    const { splits } = prepareSplits(table, {
      target: 'y', task: 'classification', scaling: 'none', oneHot: true, targetScaling: 'none',
      split: { kind: 'ratio', train: 0.5, val: 0.25, test: 0.25 }, seed, stratify,
    });
    return column(splits.train.y, 1).filter((v) => v === 1).length;
  };

  it('keeps class proportions when on, and is a plain shuffle when off', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(seeds.map((s) => trainB(true, s))).toEqual(seeds.map(() => 5));
    expect(seeds.map((s) => trainB(false, s)).some((b) => b !== 5)).toBe(true);
  });
});
