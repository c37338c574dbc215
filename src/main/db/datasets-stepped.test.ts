import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Column, Table } from '../../engine/data/table';
import type { ColumnType } from '../../shared/column-vocabulary';
import { encodeDataset } from './dataset-encoding';
import { DatasetsRepo, type NewDataset } from './datasets-repo';
import { openStore, type Store } from './open-store';
import { closeTempStore, countRows, openTempStore } from './test-kit';

/**
 * A wide dataset is written in short steps: hidden until its last step, removed whole on failure or abort, and
 * a half-written one left by a stopped app is removed at the next start. Real SQLite files.
 */
let dir: string;
let file: string;
let store: Store;
beforeEach(() => {
  ({ dir, file, store } = openTempStore());
});
afterEach(() => closeTempStore({ dir, file, store }));

function wide(columns: number, rows = 3): NewDataset {
  const cols: Column[] = Array.from({ length: columns }, (_, c) => ({
    name: `c${c}`, kind: 'numeric', values: Float64Array.from({ length: rows }, (_, r) => c * 10 + r + 0.5),
  }));
  const table: Table = { rowCount: rows, columns: cols };
  return {
    name: 'wide', sourceFile: 'wide.csv', table, task: 'regression',
    columns: cols.map((_, c) => ({ inferredType: 'numeric', role: c === columns - 1 ? 'target' : 'feature', stats: { c } })),
  };
}

/** A yield that records what another caller would see between two steps. */
function observingYield(seen: { listed: number; steps: number }) {
  return async () => {
    seen.steps++;
    seen.listed = Math.max(seen.listed, store.datasets.list().length);
    await new Promise((resolve) => setImmediate(resolve));
  };
}

describe('stepped dataset insert', () => {
  it('writes 2,000 columns in several steps, invisible until complete, then bit-identical to insert()', async () => {
    const input = wide(2000);
    const seen = { listed: 0, steps: 0 };
    const id = await store.datasets.insertInSteps(encodeDataset(input), { yieldNow: observingYield(seen) });
    expect(seen.steps).toBeGreaterThanOrEqual(40); // at most 50 columns a step
    expect(seen.listed).toBe(0);
    const again = store.datasets.insert(input);
    const [stepped, whole] = [store.datasets.get(id)!, store.datasets.get(again)!];
    expect(stepped.columnCount).toBe(2000);
    expect(stepped.contentHash).toBe(whole.contentHash);
    expect(stepped.columns).toEqual(whole.columns);
    const a = store.datasets.loadTable(id);
    expect(a.columns[1999]).toEqual(store.datasets.loadTable(again).columns[1999]);
    expect(Array.from((a.columns[1234] as { values: Float64Array }).values)).toEqual([12340.5, 12341.5, 12342.5]);
  });

  it('loadColumns reads only the named columns', async () => {
    const id = await store.datasets.insertInSteps(encodeDataset(wide(1200)));
    const t = store.datasets.loadColumns(id, ['c1199', 'c7']);
    expect(t.columns.map((c) => c.name)).toEqual(['c7', 'c1199']);
    expect(Array.from((t.columns[1] as { values: Float64Array }).values)).toEqual([11990.5, 11991.5, 11992.5]);
  });

  it('an abort between steps removes everything written so far', async () => {
    const controller = new AbortController();
    let steps = 0;
    const pending = store.datasets.insertInSteps(encodeDataset(wide(2000)), {
      signal: controller.signal,
      onAbort: () => new Error('cancelled by the user'),
      yieldNow: async () => {
        if (++steps === 2) controller.abort();
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    await expect(pending).rejects.toThrow('cancelled by the user');
    expect(countRows(file, 'datasets')).toBe(0);
    expect(countRows(file, 'dataset_columns')).toBe(0);
    expect(countRows(file, 'dataset_chunks')).toBe(0);
  });

  it('a dataset left half-written by a stopped app is hidden, then removed at the next start', async () => {
    let steps = 0;
    // The app "stops" after two steps: the insert never resumes and the store is closed under it.
    void store.datasets.insertInSteps(encodeDataset(wide(2000)), {
      yieldNow: () => (++steps < 2 ? new Promise((resolve) => setImmediate(resolve)) : new Promise(() => {})),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    store.close();
    expect(countRows(file, 'dataset_columns')).toBeGreaterThan(0);
    store = openStore({ file });
    expect(store.datasets.list()).toEqual([]);
    expect(store.datasets.get(1)).toBeNull();
    expect(store.datasets.removeIncomplete()).toBe(1);
    expect(countRows(file, 'datasets')).toBe(0);
    expect(countRows(file, 'dataset_columns')).toBe(0);
    expect(countRows(file, 'dataset_chunks')).toBe(0);
  });

  it('steps that skip their own fsync leave the connection at its sync level between steps and after the insert', async () => {
    store.close();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const repo = new DatasetsRepo(db, Date.now);
    const between: unknown[] = [];
    try {
      await repo.insertInSteps(encodeDataset(wide(200)), {
        yieldNow: async () => {
          between.push(db.pragma('synchronous', { simple: true }));
          await new Promise((resolve) => setImmediate(resolve));
        },
      });
      expect(between.length).toBeGreaterThan(1);
      expect(new Set(between)).toEqual(new Set([2])); // other writes between the steps keep FULL
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(repo.list()).toHaveLength(1);
    } finally {
      db.close();
      store = openStore({ file });
    }
  });
});

/** Wide datasets are read in parts: a view never needs every column description. */
describe('reading parts of a wide dataset', () => {
  /** 4,500 columns of mixed kinds: numbers, categories with c mod 5 + 1 values, text; the target in the middle. */
  function mixed(columns: number): NewDataset {
    const rows = 6;
    const cols: Column[] = Array.from({ length: columns }, (_, c): Column => (c % 3 === 0
      ? { name: `n${c}`, kind: 'numeric', values: Float64Array.from({ length: rows }, (_, r) => r * c) }
      : { name: `k${c}`, kind: 'categorical', codes: Int32Array.from({ length: rows }, (_, r) => r % ((c % 5) + 1)), categories: Array.from({ length: (c % 5) + 1 }, (_, k) => `v${k}`) }));
    const type = (c: number): ColumnType => (c % 3 === 0 ? 'numeric' : c % 7 === 0 ? 'text' : 'categorical');
    return {
      name: 'mixed', table: { rowCount: rows, columns: cols }, task: 'classification',
      columns: cols.map((_, c) => ({
        inferredType: type(c), role: c === 2000 ? 'target' : c % 11 === 0 ? 'ignored' : 'feature',
        stats: { distinct: c % 3 === 0 ? rows : (c % 5) + 1 },
      })),
    };
  }

  it('someColumns reads the first ones, the target and the named ones, in dataset order', async () => {
    const id = await store.datasets.insertInSteps(encodeDataset(mixed(4500)));
    const all = store.datasets.get(id)!.columns;
    const some = store.datasets.someColumns(id, { first: 3, names: ['k4499', 'n3000', 'missing'] });
    expect(some.map((c) => c.index)).toEqual([0, 1, 2, 2000, 3000, 4499]);
    expect(some).toEqual([0, 1, 2, 2000, 3000, 4499].map((i) => all[i]));
    expect(store.datasets.someColumns(id, { first: 0 }).map((c) => c.name)).toEqual(['k2000']);
  });

  it('featureTypeCounts equals the count over every column description, a page at a time', async () => {
    const id = await store.datasets.insertInSteps(encodeDataset(mixed(4500)));
    let yields = 0;
    const counts = await store.datasets.featureTypeCounts(id, async () => { yields++; });
    expect(yields).toBeGreaterThanOrEqual(2); // 4,500 columns are more than two pages
    const features = store.datasets.get(id)!.columns.filter((c) => c.role === 'feature');
    const expected = ['numeric', 'categorical', 'text'].map((type) => {
      const of = features.filter((c) => c.chosenType === type);
      const stored = type === 'numeric' ? of.length : of.reduce((sum, c) => sum + Math.max(1, (c.stats as { distinct: number }).distinct), 0);
      return { type, count: of.length, distinctSum: stored };
    });
    expect([...counts].sort((a, b) => a.type.localeCompare(b.type))).toEqual(expected.sort((a, b) => a.type.localeCompare(b.type)));
  });
});

