import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Table } from '../../engine/data/table';
import { openStore, type Store } from './open-store';
import { isStoreError } from './store-error';
import { damageDeepPage, makeTempDir } from './test-kit';

/**
 * A database file damaged deep inside (a b-tree page of one dataset's values overwritten, as a bad sector or a
 * half-copied file leaves it): found at open or by the first query that meets it; then nothing more is written,
 * a copy is kept, and every refused write says how to recover.
 */
let dir: string;
let file: string;
let store: Store | null;

beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'workbench.sqlite');
  store = null;
});
afterEach(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function table(seed: number): Table {
  const rows = 3000;
  return {
    rowCount: rows,
    columns: Array.from({ length: 6 }, (_, j) => ({ name: `c${j}`, kind: 'numeric' as const, values: Float64Array.from({ length: rows }, (_, i) => Math.sin(i * (j + 1) + seed)) })),
  };
}

/** Twelve datasets in small chunks (many b-tree pages); returns their ids. */
function fillStore(): number[] {
  const s = openStore({ file, datasetChunkRows: 64 });
  const ids = Array.from({ length: 12 }, (_, k) => s.datasets.insert({
    name: `d${k}`, table: table(k), columns: table(k).columns.map(() => ({ inferredType: 'numeric', role: 'feature' })),
  }));
  s.close();
  return ids;
}

const digest = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isStoreError(e) ? e.code : `not a StoreError: ${String(e)}`;
  }
}

describe('a damaged database file', () => {
  it('is found at open: the store only reads, keeps a copy, and says how to recover', () => {
    const ids = fillStore();
    damageDeepPage(file);
    const damagedBytes = digest(file);
    store = openStore({ file });
    const damage = store.damage();
    expect(damage).not.toBeNull();
    expect(damage!.message).toContain(file);
    expect(damage!.message).toMatch(/damaged/);
    expect(damage!.message).toMatch(/only reads it/);
    expect(damage!.message).toMatch(/To recover/);
    expect(damage!.copy).toMatch(/workbench\.sqlite\.damaged-/);
    expect(damage!.message).toContain(damage!.copy!);
    expect(digest(damage!.copy!)).toBe(damagedBytes);

    // Every write is refused with the same explanation; the file is not touched.
    const s = store;
    expect(codeOf(() => s.settings.set('concurrency', 3))).toBe('DB_CORRUPT');
    expect(codeOf(() => s.models.create('m', { layers: [] }))).toBe('DB_CORRUPT');
    expect(codeOf(() => s.datasets.update(ids[0], { name: 'renamed' }))).toBe('DB_CORRUPT');
    expect(() => s.datasets.delete(ids[1])).toThrow(damage!.message);
    // What can be read still is.
    expect(s.datasets.list()).toHaveLength(12);
    const readable = ids.filter((id) => codeOf(() => s.datasets.loadTable(id)) === null);
    expect(readable.length).toBeGreaterThan(0);
    expect(readable.length).toBeLessThan(12);
    s.close();
    store = null;
    expect(digest(file)).toBe(damagedBytes);
  });

  it('is found by the check in a worker thread when the file is too large to check at open', async () => {
    fillStore();
    damageDeepPage(file);
    store = openStore({ file, checkAtOpenMaxBytes: 0 });
    const seen: string[] = [];
    store.onDamaged((d) => seen.push(d.message));
    const damage = await store.whenChecked();
    expect(damage?.message).toMatch(/damaged/);
    expect(seen).toEqual([damage!.message]);
    const s = store;
    expect(codeOf(() => s.settings.set('concurrency', 3))).toBe('DB_CORRUPT');
  });

  it('is found by the first query that meets the damage, after a clean open', async () => {
    const ids = fillStore();
    store = openStore({ file, checkAtOpenMaxBytes: 0 });
    expect(await store.whenChecked()).toBeNull();
    damageDeepPage(file);
    const s = store;
    const failures = ids.map((id) => codeOf(() => s.datasets.loadTable(id)));
    expect(failures).toContain('DB_CORRUPT');
    expect(s.damage()?.message).toMatch(/damaged/);
    expect(codeOf(() => s.settings.set('concurrency', 3))).toBe('DB_CORRUPT');
  });

  it('leaves a sound file alone', async () => {
    fillStore();
    store = openStore({ file });
    expect(store.damage()).toBeNull();
    expect(await store.whenChecked()).toBeNull();
    store.settings.set('concurrency', 2);
    expect(store.settings.get('concurrency', 1)).toBe(2);
  });
});
