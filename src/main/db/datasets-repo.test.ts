import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CategoricalColumn, NumericColumn, Table } from '../../engine/data/table';
import type { NewDataset, NewDatasetColumn } from './datasets-repo';
import { openStore, type Store } from './open-store';
import { isStoreError } from './store-error';
import { closeTempStore, countRows, dumpDatabase, fakeClock, openTempStore } from './test-kit';

let dir: string;
let file: string;
let store: Store;
const CHUNK_ROWS = 1000;

beforeEach(() => {
  ({ dir, file, store } = openTempStore({ now: fakeClock(), datasetChunkRows: CHUNK_ROWS }));
});
afterEach(() => closeTempStore({ dir, file, store }));

/** A NaN whose payload is not the canonical one: only a byte-exact store keeps it. */
function nanWithPayload(): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, 0x7ff80000);
  view.setUint32(4, 0xdeadbeef);
  return view.getFloat64(0);
}

function numeric(name: string, values: Float64Array): NumericColumn {
  return { name, kind: 'numeric', values };
}

function categorical(name: string, codes: Int32Array, categories: string[]): CategoricalColumn {
  return { name, kind: 'categorical', codes, categories };
}

function sampleTable(rows: number): Table {
  const x = new Float64Array(rows);
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i] = Math.sin(i) * 1e6 + i / 7;
    codes[i] = (i * 7) % 4 - 1; // -1 (missing), 0, 1, 2
  }
  const special = [Number.NaN, nanWithPayload(), Infinity, -Infinity, -0, Number.MIN_VALUE, Number.MAX_VALUE];
  special.forEach((v, i) => (x[(i * 997) % rows] = v));
  return { rowCount: rows, columns: [numeric('x', x), categorical('label', codes, ['a', 'b', 'c'])] };
}

function describeColumns(roles: NewDatasetColumn['role'][]): NewDatasetColumn[] {
  return roles.map((role, i) => ({ inferredType: i === 0 ? 'numeric' : 'categorical', role, stats: { i } }));
}

function newDataset(table: Table, overrides: Partial<NewDataset> = {}): NewDataset {
  return {
    name: 'sample',
    sourceFile: 'sample.csv',
    table,
    columns: describeColumns(table.columns.map((_, i) => (i === table.columns.length - 1 ? 'target' : 'feature'))),
    task: 'classification',
    notices: [{ code: 'X', message: 'a notice' }],
    importInfo: { delimiter: ',' },
    skippedRows: 2,
    ...overrides,
  };
}

function bytesOf(values: Float64Array | Int32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.rowCount).toBe(expected.rowCount);
  expect(actual.columns.map((c) => [c.name, c.kind])).toEqual(expected.columns.map((c) => [c.name, c.kind]));
  expected.columns.forEach((column, i) => {
    const got = actual.columns[i];
    if (column.kind === 'numeric' && got.kind === 'numeric') {
      expect(bytesOf(got.values).equals(bytesOf(column.values))).toBe(true);
    } else if (column.kind === 'categorical' && got.kind === 'categorical') {
      expect(bytesOf(got.codes).equals(bytesOf(column.codes))).toBe(true);
      expect(got.categories).toEqual(column.categories);
    }
  });
}

function expectStoreError(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isStoreError(caught) && caught.code).toBe(code);
}

describe('DatasetsRepo round trip', () => {
  it('loads back numeric (NaN payloads, ±0, ±Infinity) and categorical (-1) values bit-identically across chunks', () => {
    const table = sampleTable(10 * CHUNK_ROWS + 7);
    const id = store.datasets.insert(newDataset(table));
    expect(countRows(file, 'dataset_chunks')).toBe(2 * 11);
    expectSameTable(store.datasets.loadTable(id), table);
  });

  it('uses the default chunk size when none is given', () => {
    store.close();
    store = openStore({ file });
    const table = sampleTable(140_000); // 65,536-row chunks: 3 per column
    const id = store.datasets.insert(newDataset(table));
    expect(countRows(file, 'dataset_chunks')).toBe(2 * 3);
    expectSameTable(store.datasets.loadTable(id), table);
  });

  it('keeps a table with no rows', () => {
    const table = sampleTable(0);
    const id = store.datasets.insert(newDataset(table));
    expectSameTable(store.datasets.loadTable(id), table);
  });

  it('stores column names, categories and text exactly as given', () => {
    const names = ['<script>alert(1)</script>', 'a"; DROP TABLE datasets; --', "it's", 'ünï 字', ' ', ''];
    const table: Table = {
      rowCount: 2,
      columns: names.map((name, i) =>
        categorical(name, Int32Array.of(0, 1), [`${name}-x`, i % 2 ? '%_\\' : 'NULL']),
      ),
    };
    const id = store.datasets.insert(newDataset(table, { name: names[1], sourceFile: names[0] }));
    expectSameTable(store.datasets.loadTable(id), table);
    const meta = store.datasets.get(id)!;
    expect(meta.name).toBe(names[1]);
    expect(meta.sourceFile).toBe(names[0]);
    expect(meta.columns.map((c) => c.name)).toEqual(names);
    expect(countRows(file, 'datasets')).toBe(1);
  });
});

describe('DatasetsRepo metadata', () => {
  it('lists summaries and returns metadata', () => {
    const first = store.datasets.insert(newDataset(sampleTable(10), { name: 'first' }));
    const second = store.datasets.insert(newDataset(sampleTable(20), { name: 'second', task: null }));
    const list = store.datasets.list();
    expect(list.map((d) => d.name)).toEqual(['second', 'first']);
    expect(list[1]).toMatchObject({
      id: first, sourceFile: 'sample.csv', rowCount: 10, columnCount: 2, task: 'classification', target: 'label',
      skippedRows: 2, runCount: 0,
    });
    expect(list[0].contentHash).not.toBe(list[1].contentHash);
    const meta = store.datasets.get(second)!;
    expect(meta.task).toBeNull();
    expect(meta.notices).toEqual([{ code: 'X', message: 'a notice' }]);
    expect(meta.importInfo).toEqual({ delimiter: ',' });
    expect(meta.columns).toEqual([
      { index: 0, name: 'x', storage: 'numeric', inferredType: 'numeric', chosenType: 'numeric', role: 'feature',
        stats: { i: 0 }, categoryCount: null },
      { index: 1, name: 'label', storage: 'categorical', inferredType: 'categorical', chosenType: 'categorical',
        role: 'target', stats: { i: 1 }, categoryCount: 3 },
    ]);
    expect(store.datasets.get(9999)).toBeNull();
  });

  it('gives equal content hashes to equal data only', () => {
    const a = store.datasets.insert(newDataset(sampleTable(50)));
    const b = store.datasets.insert(newDataset(sampleTable(50), { name: 'again' }));
    const changed = sampleTable(50);
    (changed.columns[0] as NumericColumn).values[3] += 1;
    const c = store.datasets.insert(newDataset(changed));
    expect(store.datasets.get(a)!.contentHash).toBe(store.datasets.get(b)!.contentHash);
    expect(store.datasets.get(c)!.contentHash).not.toBe(store.datasets.get(a)!.contentHash);
  });

  it('updates name, task, target, chosen types and roles; one target at most', () => {
    const table: Table = {
      rowCount: 1,
      columns: [numeric('a', Float64Array.of(1)), numeric('b', Float64Array.of(2)), numeric('c', Float64Array.of(3))],
    };
    const id = store.datasets.insert(newDataset(table, { columns: describeColumns(['feature', 'feature', 'target']) }));
    store.datasets.update(id, { name: 'renamed', task: 'regression', target: 'a' });
    let meta = store.datasets.get(id)!;
    expect([meta.name, meta.task, meta.target]).toEqual(['renamed', 'regression', 'a']);
    expect(meta.columns.map((c) => c.role)).toEqual(['target', 'feature', 'feature']);

    store.datasets.update(id, { columns: [{ index: 1, role: 'target', chosenType: 'categorical' }, { index: 2, role: 'ignored' }] });
    meta = store.datasets.get(id)!;
    expect(meta.target).toBe('b');
    expect(meta.columns.map((c) => [c.role, c.chosenType])).toEqual([
      ['feature', 'numeric'], ['target', 'categorical'], ['ignored', 'categorical'],
    ]);

    store.datasets.update(id, { target: null });
    expect(store.datasets.get(id)!.target).toBeNull();
  });

  it('keeps prepare settings as given at insert and replaces them on update; null when never set', () => {
    const plain = store.datasets.insert(newDataset(sampleTable(3)));
    expect(store.datasets.get(plain)!.prepare).toBeNull();
    const id = store.datasets.insert(newDataset(sampleTable(3), { prepare: { scaling: 'minmax', seed: 4 } }));
    expect(store.datasets.get(id)!.prepare).toEqual({ scaling: 'minmax', seed: 4 });
    store.datasets.update(id, { prepare: { scaling: 'none' } });
    expect(store.datasets.get(id)!.prepare).toEqual({ scaling: 'none' });
    expect(store.datasets.get(plain)!.prepare).toBeNull();
  });

  it('rejects an update naming a missing column and keeps the earlier parts of it undone', () => {
    const id = store.datasets.insert(newDataset(sampleTable(5)));
    const before = dumpDatabase(file);
    expectStoreError(() => store.datasets.update(id, { name: 'changed', target: 'nope' }), 'INVALID_INPUT');
    expectStoreError(() => store.datasets.update(id, { task: 'regression', columns: [{ index: 9, role: 'ignored' }] }), 'INVALID_INPUT');
    expectStoreError(() => store.datasets.update(404, { name: 'x' }), 'NOT_FOUND');
    expect(dumpDatabase(file)).toBe(before);
  });
});

describe('DatasetsRepo atomicity', () => {
  it('rolls back a failed insert completely (a constraint fails after rows and chunks were written)', () => {
    store.datasets.insert(newDataset(sampleTable(3000)));
    const before = dumpDatabase(file);
    // Two columns with the same name: the unique index fails on the second column, after the dataset row,
    // the first column and its chunks are in.
    const table = sampleTable(3000);
    const duplicate: Table = { rowCount: 3000, columns: [table.columns[0], { ...table.columns[0] }] };
    expect(() => store.datasets.insert(newDataset(duplicate))).toThrow(/UNIQUE/);
    // Two targets: fails the same way on the one-target index.
    const twoTargets = newDataset(sampleTable(3000), { columns: describeColumns(['target', 'target']) });
    expect(() => store.datasets.insert(twoTargets)).toThrow(/UNIQUE/);
    expect(dumpDatabase(file)).toBe(before);
  });

  it('rejects malformed input before writing anything', () => {
    const before = dumpDatabase(file);
    const table = sampleTable(10);
    expectStoreError(() => store.datasets.insert(newDataset(table, { columns: describeColumns(['feature']) })), 'INVALID_INPUT');
    const short: Table = { rowCount: 11, columns: table.columns };
    expectStoreError(() => store.datasets.insert(newDataset(short)), 'INVALID_INPUT');
    const badCodes: Table = { rowCount: 2, columns: [categorical('c', Int32Array.of(0, 3), ['a', 'b', 'c'])] };
    expectStoreError(() => store.datasets.insert(newDataset(badCodes)), 'INVALID_INPUT');
    expect(dumpDatabase(file)).toBe(before);
  });
});

describe('DatasetsRepo delete', () => {
  function addRun(datasetId: number): number {
    return store.runs.create({
      name: 'r', datasetId, trainerConfig: { trainer: 'elm', hiddenUnits: 4, activation: 'tanh', solver: 'pinv', c: 1, init: 'uniform' },
      preprocessing: {}, seed: 1,
    }).id;
  }

  it('deletes an unused dataset with its columns and chunks', () => {
    const keep = store.datasets.insert(newDataset(sampleTable(2500), { name: 'keep' }));
    const gone = store.datasets.insert(newDataset(sampleTable(2500), { name: 'gone' }));
    store.datasets.delete(gone);
    expect(store.datasets.get(gone)).toBeNull();
    expect(store.datasets.list().map((d) => d.id)).toEqual([keep]);
    expect(countRows(file, 'dataset_columns')).toBe(2);
    expect(countRows(file, 'dataset_chunks')).toBe(2 * 3);
    expectStoreError(() => store.datasets.loadTable(gone), 'NOT_FOUND');
    expectStoreError(() => store.datasets.delete(gone), 'NOT_FOUND');
  });

  it('refuses while runs use the dataset unless forced, and never while one is active', () => {
    const id = store.datasets.insert(newDataset(sampleTable(10)));
    const finished = addRun(id);
    store.runs.transition(finished, 'cancelled');
    const active = addRun(id);
    expect(store.datasets.get(id)!.runCount).toBe(2);

    const before = dumpDatabase(file);
    expectStoreError(() => store.datasets.delete(id), 'DATASET_IN_USE');
    expectStoreError(() => store.datasets.delete(id, { force: true }), 'DATASET_IN_USE');
    expect(dumpDatabase(file)).toBe(before);

    store.runs.transition(active, 'running');
    store.runs.appendMetrics(active, [{ epoch: 1, key: 'loss', value: 0.5, elapsedMs: 1 }]);
    store.runs.transition(active, 'failed', 'boom');
    expectStoreError(() => store.datasets.delete(id), 'DATASET_IN_USE');
    store.datasets.delete(id, { force: true });
    expect(store.runs.list()).toEqual([]);
    for (const table of ['datasets', 'dataset_columns', 'dataset_chunks', 'runs', 'run_metrics']) {
      expect(countRows(file, table)).toBe(0);
    }
  });
});
