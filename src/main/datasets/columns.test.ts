import { describe, expect, it } from 'vitest';
import type { Table } from '../../engine/data/table';
import { buildTrainingTable, ColumnChoiceError, convertColumn, presentClasses, type ColumnSetting } from './columns';

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
