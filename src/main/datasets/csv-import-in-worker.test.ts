import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column, NumericColumn } from '../../engine/data/table';
import { importCsvFile } from './csv-import';
import { DEFAULT_PREPARE } from '../api/dataset-recipe';
import { encodeDataset, PAGE_COLUMNS, type EncodedColumn } from '../db/dataset-encoding';
import { importCsvForStoreInWorker, importCsvInWorker } from './csv-import-in-worker';
import { storedDataset } from './stored-dataset';
import type { ReadProgress } from './csv-row-reader';

const dir = mkdtempSync(join(tmpdir(), 'nw-csv-worker-'));
const ROWS = 200_000;
const path = join(dir, 'generated.csv');

/** Row i holds i, i/4, i mod 7 and a class: values the test can recompute. */
async function writeGenerated(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('i,quarter,mod7,label\n');
  for (let i = 0; i < rows; i++) {
    if (!out.write(`${i},${i / 4},${i % 7},${i % 3 === 0 ? 'yes' : 'no'}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const columnArray = (c: Column): Float64Array | Int32Array => (c.kind === 'numeric' ? c.values : c.codes);
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

beforeAll(() => writeGenerated(path, ROWS));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importCsvInWorker', () => {
  it('imports a 200k-row file off the main thread with byte and row progress', async () => {
    const events: ReadProgress[] = [];
    const result = await importCsvInWorker(path, {}, { onProgress: (p) => events.push(p) });

    expect(result.rowCount).toBe(ROWS);
    const quarter = result.table.columns.find((c) => c.name === 'quarter') as NumericColumn;
    expect(quarter.values[ROWS - 1]).toBe((ROWS - 1) / 4);
    expect(result.columns.find((c) => c.name === 'mod7')?.stats.distinct).toBe(7);
    expect(result.suggestedTask).toBe('classification');

    expect(events.length).toBeGreaterThan(2);
    const totalBytes = statSync(path).size;
    for (let k = 1; k < events.length; k++) {
      expect(events[k].bytesRead).toBeGreaterThan(events[k - 1].bytesRead);
      expect(events[k].rows).toBeGreaterThanOrEqual(events[k - 1].rows);
      expect(events[k].totalBytes).toBe(totalBytes);
    }
    expect(events[events.length - 1].bytesRead).toBe(totalBytes);
  });

  it('gives the same result as the in-thread import', async () => {
    const [inWorker, inThread] = await Promise.all([importCsvInWorker(path), importCsvFile(path)]);
    expect(inWorker.columns).toEqual(inThread.columns);
    expect(inWorker.table.columns.map((c) => [c.name, c.kind])).toEqual(inThread.table.columns.map((c) => [c.name, c.kind]));
    inWorker.table.columns.forEach((c, i) => expect(sameBytes(columnArray(c), columnArray(inThread.table.columns[i]))).toBe(true));
    expect(inWorker.notices).toEqual(inThread.notices);
  });

  it('rejects worker errors as typed import errors', async () => {
    await expect(importCsvInWorker(join(dir, 'missing.csv'))).rejects.toMatchObject({ name: 'CsvImportError', code: 'io-error' });
  });

  it('cancel stops the worker and rejects with a cancel error', async () => {
    const controller = new AbortController();
    let afterCancel = 0;
    const pending = importCsvInWorker(path, {}, {
      signal: controller.signal,
      onProgress: () => {
        if (controller.signal.aborted) afterCancel++;
        else controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await new Promise((r) => setTimeout(r, 200));
    expect(afterCancel).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(importCsvInWorker(path, {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('cancels the in-thread import between chunks', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const pending = importCsvFile(path, {}, {
      signal: controller.signal,
      onProgress: () => {
        chunks++;
        controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(chunks).toBe(1);
  });
});

describe('importCsvForStoreInWorker', () => {
  const wideCsv = join(dir, 'wide.csv');
  const WIDE = 1200;
  const label = { name: 'wide', sourceFile: 'wide.csv', prepare: DEFAULT_PREPARE };
  beforeAll(() => {
    const line = (cell: (c: number) => string) => Array.from({ length: WIDE }, (_, c) => cell(c)).join(',');
    writeFileSync(wideCsv, [line((c) => `w${c}`), ...Array.from({ length: 4 }, (_, r) => line((c) => (c % 4 === 0 ? `t${(r + c) % 3}` : String(r * c))))].join('\n'));
  });

  it('hands the columns over a page at a time, together equal to the in-thread encoding', async () => {
    const paged = await importCsvForStoreInWorker(wideCsv, {}, label);
    const pages: (readonly EncodedColumn[])[] = [];
    try {
      for (let from = 0; from < paged.columns.count; from += pages.at(-1)!.length) pages.push(await paged.columns.page(from));
    } finally {
      paged.columns.close();
    }
    const { columns, ...head } = encodeDataset(storedDataset(await importCsvFile(wideCsv), label));
    const { columns: pagedColumns, ...pagedHead } = paged;
    expect(pagedHead).toEqual(head);
    expect(pagedColumns.count).toBe(WIDE);
    expect(pages.length).toBe(Math.ceil(WIDE / PAGE_COLUMNS));
    expect(Math.max(...pages.map((p) => p.length))).toBe(PAGE_COLUMNS);
    const received = pages.flat();
    expect(received.map(({ values: _v, ...rest }) => rest)).toEqual(columns.map(({ values: _v, ...rest }) => rest));
    received.forEach((c, i) => expect(sameBytes(c.values, columns[i].values)).toBe(true));
  });

  it('a cancel while the pages are read fails the next page with a cancel error', async () => {
    const controller = new AbortController();
    const paged = await importCsvForStoreInWorker(wideCsv, {}, label, { signal: controller.signal });
    try {
      expect((await paged.columns.page(0)).length).toBe(PAGE_COLUMNS);
      controller.abort();
      await expect(paged.columns.page(PAGE_COLUMNS)).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      paged.columns.close();
    }
  });
});

