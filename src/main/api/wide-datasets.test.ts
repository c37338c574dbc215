import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiMethod, ApiRequest, ApiResponses } from '../../shared/api';
import type { Result } from '../../shared/result';
import { importCsvFile } from '../datasets/csv-import';
import { storedDataset } from '../datasets/stored-dataset';
import { encodeDataset } from '../db/dataset-encoding';
import { openStore } from '../db/open-store';
import { STORE_FILE_NAME } from '../db/default-path';
import { countRows, makeTempDir } from '../db/test-kit';
import { forkEngineLauncher } from '../runs/engine-process';
import { createBackend, type Backend } from './backend';
import { DEFAULT_PREPARE } from './dataset-recipe';
import { LISTED_COLUMNS } from './dataset-views';

/** A 3,000-column CSV through the real API: encoded in the import worker, written in steps, listed in part. */
const COLUMNS = 3000;
let dir: string;
let csv: string;
let backend: Backend;
const options = () => ({ dataDir: dir, samplesDir: path.resolve('resources/samples'), launch: forkEngineLauncher(), transport: 'ipc' as const, version: 't' });
beforeAll(() => {
  dir = makeTempDir();
  csv = path.join(dir, 'wide.csv');
  const line = (cell: (c: number) => string) => Array.from({ length: COLUMNS }, (_, c) => cell(c)).join(',');
  writeFileSync(csv, [line((c) => `f${c}`), ...Array.from({ length: 20 }, (_, r) => line((c) => String((r * 31 + c) % 17)))].join('\n'));
  backend = createBackend(options());
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>> {
  return backend.api.call(method, request) as Promise<Result<ApiResponses[M]>>;
}

describe('wide datasets through the API', () => {
  it('stores what an in-thread import would, and datasets.get lists the first columns and the target only', async () => {
    const r = await call('datasets.import', { source: { fileId: backend.files.register(csv).fileId }, importId: 'wide' });
    if (!r.ok) throw new Error(r.error.message);
    const view = r.value;
    expect(view.columnCount).toBe(COLUMNS);
    expect(view.target).toBe(`f${COLUMNS - 1}`);
    expect(view.columns).toHaveLength(LISTED_COLUMNS + 1);
    expect(view.columns.at(-1)?.name).toBe(view.target);
    expect(view.unlistedColumns).toBe(COLUMNS - LISTED_COLUMNS - 1);
    expect(view.notices.find((n) => n.code === 'columns-not-listed')?.message).toMatch(/3,000 columns; the first 1,000 and the target are listed/);
    expect(view.encodedWidth).toBe(COLUMNS - 1); // every feature counts, listed or not

    const inThread = encodeDataset(storedDataset(await importCsvFile(csv), { name: 'wide', sourceFile: 'wide.csv', prepare: DEFAULT_PREPARE }));
    const stored = backend.store.datasets.get(view.id)!;
    expect(stored.contentHash).toBe(inThread.contentHash);
    expect(stored.columns.map((c) => c.stats)).toEqual(inThread.columns.map((c) => JSON.parse(c.stats!) as unknown));
    const got = await call('datasets.get', { id: view.id });
    expect(got.ok && JSON.stringify(got.value).length).toBeLessThan(JSON.stringify(stored.columns).length / 2);
  });

  it('a view, a rows page and a change of target read the listed columns only, never the whole dataset', async () => {
    const imported = await call('datasets.import', { source: { fileId: backend.files.register(csv).fileId }, importId: 'parts', name: 'parts' });
    if (!imported.ok) throw new Error(imported.error.message);
    const { id } = imported.value;
    const repo = backend.store.datasets;
    const whole = [vi.spyOn(repo, 'get'), vi.spyOn(repo, 'loadTable')];
    const loaded = vi.spyOn(repo, 'loadColumns');
    try {
      const got = await call('datasets.get', { id });
      if (!got.ok) throw new Error(got.error.message);
      expect(got.value.columns).toHaveLength(LISTED_COLUMNS + 1);
      expect(loaded.mock.calls.map(([, names]) => names)).toEqual([[`f${COLUMNS - 1}`]]);

      // A rows page holds the listed columns, in the view's order, with their own values (the target's too).
      const rows = await call('datasets.rows', { id, offset: 0, limit: 3 });
      if (!rows.ok) throw new Error(rows.error.message);
      expect(rows.value.columns).toEqual(got.value.columns.map((c) => c.name));
      expect(rows.value.rows[2].at(-1)).toBe(String((2 * 31 + COLUMNS - 1) % 17));
      expect(rows.value.rows[2][999]).toBe(String((2 * 31 + 999) % 17));

      // An unlisted column becomes the target.
      const updated = await call('datasets.update', { id, target: 'f1500', task: 'regression' });
      if (!updated.ok) throw new Error(updated.error.message);
      expect(updated.value.target).toBe('f1500');
      expect(updated.value.columns.at(-1)).toMatchObject({ name: 'f1500', role: 'target' });
      expect(updated.value.columns.find((c) => c.name === `f${COLUMNS - 1}`)).toBeUndefined();
      expect(updated.value.encodedWidth).toBe(COLUMNS - 1);
      for (const spy of whole) expect(spy).not.toHaveBeenCalled();
      expect(loaded.mock.calls.every(([, names]) => names !== null && names.length <= LISTED_COLUMNS + 1)).toBe(true);
    } finally {
      vi.restoreAllMocks();
    }
    expect(backend.store.datasets.get(id)!.columns.filter((c) => c.role === 'target').map((c) => c.name)).toEqual(['f1500']);
    expect((await call('datasets.delete', { id })).ok).toBe(true);
  });

  it('a dataset an import was still writing when the app stopped is gone at the next start', async () => {
    await backend.close();
    const store = openStore({ dir });
    let steps = 0;
    void store.datasets.insertInSteps(encodeDataset(storedDataset(await importCsvFile(csv), { name: 'half', sourceFile: 'wide.csv', prepare: DEFAULT_PREPARE })), {
      yieldNow: () => (++steps < 2 ? new Promise((resolve) => setImmediate(resolve)) : new Promise(() => {})),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    store.close();
    backend = createBackend(options());
    const list = await call('datasets.list', {});
    expect(list.ok && list.value.map((d) => d.name)).toEqual(['wide']);
    expect(countRows(path.join(dir, STORE_FILE_NAME), 'dataset_columns')).toBe(COLUMNS); // the complete one only
  });
});
