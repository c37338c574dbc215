/**
 * Worker-thread entry: runs importCsvFile off the main thread and posts progress, then the result or the error.
 * Given a dataset label it also encodes the result for the store (JSON text, content hash: seconds for 50,000
 * columns), posts the dataset's head, and then one page of columns each time the main thread asks for one, so
 * the main thread never takes in every column at once.
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeDataset, pageBuffers, pageEnd } from '../db/dataset-encoding';
import { CsvImportError } from './csv-import-error';
import { importCsvFile } from './csv-import';
import type { CsvImportOptions, CsvImportResult } from './csv-import-types';
import type { PageRequest, WorkerMessage } from './csv-import-in-worker';
import { storedDataset, type DatasetLabel } from './stored-dataset';

const port = parentPort;
if (!port) throw new Error('csv-import-worker must run in a worker thread');
const { path, options, label } = workerData as { path: string; options: CsvImportOptions; label?: DatasetLabel };

// When the cores are busy (runs training), the import gives way to the main thread's event loop. On Linux a
// thread's priority is its own (thread 0 is the calling thread); elsewhere the call would lower the whole app.
if (process.platform === 'linux') setPriority(constants.priority.PRIORITY_BELOW_NORMAL);

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

importCsvFile(path, options, { onProgress: (progress) => post({ type: 'progress', progress }) })
  .then((result) => {
    if (!label) return post({ type: 'done', result }, transferables(result));
    const { columns, ...head } = encodeDataset(storedDataset(result, label));
    const buffers = pageBuffers(columns);
    port.on('message', ({ from }: PageRequest) => {
      const page = columns.slice(from, pageEnd(columns, from));
      post({ type: 'page', from, columns: page }, buffers(page));
    });
    post({ type: 'head', head, columnCount: columns.length });
  })
  .catch((e: unknown) => {
    const error = e instanceof CsvImportError ? e.toData() : { code: 'io-error' as const, message: String((e as Error)?.message ?? e) };
    post({ type: 'error', error });
  });

/** Column buffers move to the main thread instead of being copied (a buffer listed twice would fail the transfer). */
function transferables(result: CsvImportResult): ArrayBuffer[] {
  return [...new Set(result.table.columns.map((c) => (c.kind === 'numeric' ? c.values : c.codes).buffer as ArrayBuffer))];
}
