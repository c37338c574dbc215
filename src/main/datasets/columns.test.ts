import { describe, expect, it } from 'vitest';
import type { FeatureState } from '../../engine/data/preprocess';
import type { CategoricalColumn, NumericColumn, Table } from '../../engine/data/table';
import { DICTIONARY_LIMIT, type ColumnData } from './column-accumulator';
import {
  asCategories, asNumbers, buildTrainingTable, ColumnChoiceError, convertColumn, defaultSettings, inputTable, missingColumns,
  presentClasses, storedTable, targetProblem, type ColumnSetting, type ImportedColumn,
} from './columns';

const stored: Table = {
  rowCount: 4,
  columns: [
    { name: 'size', kind: 'numeric', values: Float64Array.of(3, 1, NaN, 3) },
    { name: 'code', kind: 'categorical', codes: Int32Array.of(0, 1, -1, 2), categories: ['1,5', '2', 'n/a'] },
    { name: 'colour', kind: 'categorical', codes: Int32Array.of(1, 1, 0, -1), categories: ['red', 'blue', 'green'] },
    { name: 'note', kind: 'categorical', codes: Int32Array.of(-1, -1, -1, -1), categories: [] },
  ],
};

const settings = (overrides: Partial<Record<string, Partial<ColumnSetting>>> = {}): ColumnSetting[] => [
  { name: 'size', type: 'integer', role: 'feature', ...overrides.size },
  { name: 'code', type: 'categorical', role: 'feature', ...overrides.code },
  { name: 'colour', type: 'categorical', role: 'target', ...overrides.colour },
  { name: 'note', type: 'text', role: 'feature', ...overrides.note },
];

describe('buildTrainingTable', () => {
  it('puts the target first, keeps usable features in order and leaves out text and ignored columns', () => {
    const t = buildTrainingTable(stored, settings({ code: { role: 'ignored' } }), 'classification', false);
    expect(t.target).toBe('colour');
    expect(t.features).toEqual(['size']);
    expect(t.table.columns.map((c) => [c.name, c.kind])).toEqual([['colour', 'categorical'], ['size', 'numeric']]);
    expect(t.table.columns[1]).toBe(stored.columns[0]); // no conversion, no copy
  });

  it('treats an integer column chosen as categorical as categories in ascending order', () => {
    const t = buildTrainingTable(stored, settings({ size: { type: 'categorical' } }), 'classification', false);
    const size = t.table.columns.find((c) => c.name === 'size')!;
    expect(size).toEqual({ name: 'size', kind: 'categorical', codes: Int32Array.of(1, 0, -1, 1), categories: ['1', '3'] });
  });

  it('reads categorical labels chosen as numeric as numbers (decimal comma honoured), others missing', () => {
    const t = buildTrainingTable(stored, settings({ code: { type: 'numeric' } }), 'classification', true);
    const code = t.table.columns.find((c) => c.name === 'code')!;
    expect(code.kind).toBe('numeric');
    expect(Array.from((code as { values: Float64Array }).values)).toEqual([1.5, 2, NaN, NaN]);
  });

  it('builds a regression target as numbers', () => {
    const t = buildTrainingTable(stored, settings({ colour: { role: 'feature' }, code: { role: 'target', type: 'numeric' } }), 'regression', false);
    expect(t.table.columns[0]).toMatchObject({ name: 'code', kind: 'numeric' });
    expect(t.features).toEqual(['size', 'colour']);
  });

  it('refuses no target, two targets and no usable feature', () => {
    expect(() => buildTrainingTable(stored, settings({ colour: { role: 'feature' } }), 'classification', false)).toThrow(ColumnChoiceError);
    expect(() => buildTrainingTable(stored, settings({ size: { role: 'target' } }), 'classification', false)).toThrow(/one target/);
    const onlyText = settings({ size: { role: 'ignored' }, code: { role: 'ignored' } });
    expect(() => buildTrainingTable(stored, onlyText, 'classification', false)).toThrow(/usable feature/);
  });

  it('refuses a target its task cannot use, as the dataset page does', () => {
    const oneClass = settings({ colour: { role: 'feature' }, note: { role: 'target' } });
    expect(() => buildTrainingTable(stored, oneClass, 'classification', false)).toThrow(/target "note" has no values \(every row is empty\); choose another target column/);
    const words = settings({ colour: { role: 'target' } });
    expect(() => buildTrainingTable(stored, words, 'regression', false))
      .toThrow(expect.objectContaining({ code: 'unusable-target', message: 'target "colour" has no numbers, and predicting numbers needs some; choose another target column' }));
  });

  it('does not modify the stored table', () => {
    const before = JSON.stringify(stored, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    buildTrainingTable(stored, settings({ size: { type: 'categorical' }, code: { type: 'numeric' } }), 'classification', false);
    expect(JSON.stringify(stored, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(before);
  });
});

describe('presentClasses', () => {
  it('lists the categories that occur, in dictionary order, for either storage', () => {
    expect(presentClasses(stored.columns[2])).toEqual(['red', 'blue']);
    expect(presentClasses({ name: 'c', kind: 'categorical', codes: Int32Array.of(2, 2, -1), categories: ['a', 'b', 'c'] })).toEqual(['c']);
    expect(presentClasses(stored.columns[0])).toEqual(['1', '3']);
    expect(presentClasses(stored.columns[3])).toEqual([]);
  });

  it('convertColumn returns the same column when the kind already fits', () => {
    expect(convertColumn(stored.columns[1], 'categorical', false)).toBe(stored.columns[1]);
  });
});

describe('conversions between storage kinds (the one rule set)', () => {
  const numbers = (values: number[]): NumericColumn => ({ name: 'n', kind: 'numeric', values: Float64Array.from(values) });

  it('makes numbers into classes in ascending order, named as the numbers print', () => {
    const c = asCategories(numbers([2.5, 10, NaN, 9, 2.5, -0, 0]));
    expect(c.categories).toEqual(['0', '2.5', '9', '10']);
    expect(Array.from(c.codes)).toEqual([1, 3, -1, 2, 1, 0, 0]);
  });

  it('refuses more distinct numbers than a category column may have, but still lists the classes present', () => {
    const many = numbers(Array.from({ length: DICTIONARY_LIMIT + 1 }, (_, i) => i / 4));
    expect(() => convertColumn(many, 'categorical', false)).toThrow(expect.objectContaining({ code: 'not-representable', column: 'n' }));
    expect(() => asCategories(numbers(Array.from({ length: DICTIONARY_LIMIT }, (_, i) => i)))).not.toThrow();
    expect(presentClasses(many)).toHaveLength(DICTIONARY_LIMIT + 1);
  });

  it('reads labels as numbers, a comma as the decimal point only in a decimal-comma file; other labels are missing', () => {
    const labels: CategoricalColumn = { name: 'l', kind: 'categorical', codes: Int32Array.of(0, 1, 2, -1, 3), categories: ['1,5', '2.5', 'x', '-3'] };
    expect(Array.from(asNumbers(labels, true).values)).toEqual([1.5, 2.5, NaN, NaN, -3]); // as the import reads such a file
    expect(Array.from(asNumbers(labels, false).values)).toEqual([NaN, 2.5, NaN, NaN, -3]);
    const commaOnly: CategoricalColumn = { ...labels, codes: Int32Array.of(0, -1) };
    expect(targetProblem(commaOnly, 'regression', true)).toBeNull();
    expect(targetProblem(commaOnly, 'regression', false)).toBe('target "l" has no numbers, and predicting numbers needs some; choose another target column');
  });
});

describe('storedTable and defaultSettings', () => {
  const data = (d: Partial<ColumnData>): ColumnData => ({ numbers: null, codes: null, labels: null, numberLabels: null, ...d });
  const spelled = data({
    numbers: Float64Array.of(1, 2, NaN, 1), numberLabels: { values: Float64Array.of(1, 2), labels: ['1.0', '2.0'] },
  });
  const columns: ImportedColumn[] = [
    { name: 'count', inferredType: 'integer', excludedByDefault: false },
    { name: 'flag', inferredType: 'boolean', excludedByDefault: false },
    { name: 'note', inferredType: 'text', excludedByDefault: true },
    { name: 'y', inferredType: 'integer', excludedByDefault: false },
  ];

  it('keeps each column in its type’s kind, the target in its task’s kind, and nothing it did not keep', () => {
    // Free text beyond the dictionary: the import kept neither numbers nor codes (only an empty spelling list).
    const note = data({ numberLabels: { values: new Float64Array(0), labels: [] } });
    const t = storedTable(4, columns, [spelled, spelled, note, spelled], 'y', 'classification');
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([['count', 'numeric'], ['flag', 'categorical'], ['note', 'categorical'], ['y', 'categorical']]);
    expect(t.columns[0]).toMatchObject({ values: spelled.numbers });
    expect(t.columns[1]).toEqual({ name: 'flag', kind: 'categorical', codes: Int32Array.of(0, 1, -1, 0), categories: ['1.0', '2.0'] });
    expect(t.columns[2]).toEqual({ name: 'note', kind: 'categorical', codes: Int32Array.of(-1, -1, -1, -1), categories: [] });
    expect(storedTable(4, columns, [spelled, spelled, note, spelled], 'y', 'regression').columns[3].kind).toBe('numeric');
  });

  it('starts with the inferred types, the target, and the columns the import did not exclude as features', () => {
    expect(defaultSettings(columns, 'count').map((s) => [s.name, s.type, s.role])).toEqual([
      ['count', 'integer', 'target'], ['flag', 'boolean', 'feature'], ['note', 'text', 'ignored'], ['y', 'integer', 'feature'],
    ]);
  });
});

describe('inputTable', () => {
  const features: FeatureState[] = [
    { name: 'colour', kind: 'one-hot', categories: ['1', '3'] },
    { name: 'code', kind: 'numeric', mean: 0, offset: 0, scale: 1 },
  ];

  it('reads a file’s columns in the kinds the model was trained with, by the same conversions', () => {
    const file: Table = {
      rowCount: 2,
      columns: [
        { name: 'extra', kind: 'numeric', values: Float64Array.of(7, 8) },
        { name: 'code', kind: 'categorical', codes: Int32Array.of(1, 0), categories: ['2,5', '4'] },
        { name: 'colour', kind: 'numeric', values: Float64Array.of(3, 1) },
      ],
    };
    const t = inputTable(file, features, true);
    expect(t.columns).toEqual([
      { name: 'colour', kind: 'categorical', codes: Int32Array.of(1, 0), categories: ['1', '3'] },
      { name: 'code', kind: 'numeric', values: Float64Array.of(4, 2.5) },
    ]);
    expect(missingColumns({ rowCount: 0, columns: [file.columns[0]] }, features)).toEqual(['colour', 'code']);
  });
});
