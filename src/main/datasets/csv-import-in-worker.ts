/** Runs a CSV import in a worker thread so the app's main process never blocks; cancel terminates the worker. */
import type { Worker } from 'node:worker_threads';
import type { ColumnPages, EncodedColumn, EncodedDatasetHead } from '../db/dataset-encoding';
import { startWorker } from '../start-worker';
import { cancelledError, CsvImportError, type CsvErrorData } from './csv-import-error';
import type { CsvImportOptions, CsvImportResult, ImportHooks } from './csv-import-types';
import type { ReadProgress } from './csv-row-reader';
import type { DatasetLabel } from './stored-dataset';

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: ReadProgress }
  | { readonly type: 'done'; readonly result: CsvImportResult }
  | { readonly type: 'head'; readonly head: EncodedDatasetHead; readonly columnCount: number }
  | { readonly type: 'page'; readonly from: number; readonly columns: readonly EncodedColumn[] }
  | { readonly type: 'error'; readonly error: CsvErrorData };

/** Main thread → worker: send the page of columns that starts at `from`. */
export interface PageRequest {
  readonly from: number;
}

type Reply = Exclude<WorkerMessage, { type: 'progress' | 'error' }>;

export interface WorkerImportHooks extends ImportHooks {
  /**
   * Compiled worker entry (csv-import-worker). Defaults to the sibling file of this module; a bundler that
   * inlines this module must emit the worker as its own entry and pass its URL here.
   */
  readonly workerUrl?: URL;
}

/** Column pages still held by the import worker; `close` ends the worker (also when not every page was read). */
interface WorkerColumnPages extends ColumnPages {
  close(): void;
}

/** An encoded dataset whose columns the import worker sends a page at a time. */
export interface WorkerDataset extends EncodedDatasetHead {
  readonly columns: WorkerColumnPages;
}

export async function importCsvInWorker(path: string, options: CsvImportOptions = {}, hooks: WorkerImportHooks = {}): Promise<CsvImportResult> {
  if (hooks.signal?.aborted) throw cancelledError();
  const worker = new ImportWorker({ path, options }, hooks);
  try {
    return (await worker.reply('done')).result;
  } finally {
    worker.close();
  }
}

/**
 * Imports and encodes the file for the store in the worker; the main thread then fetches the columns a page at
 * a time while it writes them (see DatasetsRepo.insertInSteps). The caller must close the pages.
 */
export async function importCsvForStoreInWorker(
  path: string, options: CsvImportOptions, label: DatasetLabel, hooks: WorkerImportHooks = {},
): Promise<WorkerDataset> {
  if (hooks.signal?.aborted) throw cancelledError();
  const worker = new ImportWorker({ path, options, label }, hooks);
  try {
    const { head, columnCount } = await worker.reply('head');
    const columns: WorkerColumnPages = {
      count: columnCount,
      page: async (from) => (await worker.reply('page', { from })).columns,
      close: () => worker.close(),
    };
    return { ...head, columns };
  } catch (e) {
    worker.close();
    throw e;
  }
}

/**
 * One worker and one question at a time: `reply` posts a request (if any) and waits for the next answer.
 * An error message, a crash, an exit or the abort signal fails the pending question and every later one.
 */
class ImportWorker {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private waiting: { resolve: (m: Reply) => void; reject: (e: Error) => void } | null = null;
  private readonly onAbort = (): void => this.fail(cancelledError());

  constructor(workerData: { path: string; options: CsvImportOptions; label?: DatasetLabel }, private readonly hooks: WorkerImportHooks) {
    this.worker = startWorker(hooks.workerUrl ?? defaultWorkerUrl(), { workerData });
    hooks.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.worker.on('message', (message: WorkerMessage) => this.receive(message));
    this.worker.on('error', (e) => this.fail(new CsvImportError({ code: 'io-error', message: `CSV import worker failed: ${e.message}` })));
    this.worker.on('exit', (code) =>
      this.fail(new CsvImportError({ code: 'io-error', message: `CSV import worker stopped unexpectedly (exit code ${code})` })),
    );
  }

  reply<T extends Reply['type']>(type: T, request?: PageRequest): Promise<Extract<Reply, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Reply>((resolve, reject) => {
      this.waiting = { resolve, reject };
      if (request) this.worker.postMessage(request);
    }).then((m) => {
      if (m.type !== type) throw new CsvImportError({ code: 'io-error', message: `CSV import worker answered "${m.type}" instead of "${type}"` });
      return m as Extract<Reply, { type: T }>;
    });
  }

  /** Ends the worker; questions after this fail. */
  close(): void {
    this.fail(new CsvImportError({ code: 'io-error', message: 'CSV import worker already closed' }));
  }

  private receive(message: WorkerMessage): void {
    if (this.failure) return;
    if (message.type === 'progress') return this.hooks.onProgress?.(message.progress);
    if (message.type === 'error') return this.fail(new CsvImportError(message.error));
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(message);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.hooks.signal?.removeEventListener('abort', this.onAbort);
    void this.worker.terminate();
    this.waiting?.reject(error);
    this.waiting = null;
  }
}

function defaultWorkerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './csv-import-worker.ts' : './csv-import-worker.js', self);
}
