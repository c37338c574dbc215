import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
