import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column, NumericColumn } from '../../engine/data/table';
import { importCsvFile } from './csv-import';
import { importCsvInWorker } from './csv-import-in-worker';
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
