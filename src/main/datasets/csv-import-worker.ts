/** Worker-thread entry: runs importCsvFile off the main thread and posts progress, then the result or the error. */
import { parentPort, workerData } from 'node:worker_threads';
import { CsvImportError } from './csv-import-error';
import { importCsvFile } from './csv-import';
import type { CsvImportOptions, CsvImportResult } from './csv-import-types';
import type { WorkerMessage } from './csv-import-in-worker';

const port = parentPort;
if (!port) throw new Error('csv-import-worker must run in a worker thread');
const { path, options } = workerData as { path: string; options: CsvImportOptions };

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

importCsvFile(path, options, { onProgress: (progress) => post({ type: 'progress', progress }) }).then(
  (result) => post({ type: 'done', result }, transferables(result)),
  (e: unknown) => {
    const error = e instanceof CsvImportError ? e.toData() : { code: 'io-error' as const, message: String((e as Error)?.message ?? e) };
    post({ type: 'error', error });
  },
);

/** Column buffers move to the main thread instead of being copied (a buffer listed twice would fail the transfer). */
function transferables(result: CsvImportResult): ArrayBuffer[] {
  return [...new Set(result.table.columns.map((c) => (c.kind === 'numeric' ? c.values : c.codes).buffer as ArrayBuffer))];
}
