/** Runs a CSV import in a worker thread so the app's main process never blocks; cancel terminates the worker. */
import type { EncodedDataset } from '../db/dataset-encoding';
import { startWorker } from '../start-worker';
import { cancelledError, CsvImportError, type CsvErrorData } from './csv-import-error';
import type { CsvImportOptions, CsvImportResult, ImportHooks } from './csv-import-types';
import type { ReadProgress } from './csv-row-reader';
import type { DatasetLabel } from './stored-dataset';

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: ReadProgress }
  | { readonly type: 'done'; readonly result: CsvImportResult | EncodedDataset }
  | { readonly type: 'error'; readonly error: CsvErrorData };

export interface WorkerImportHooks extends ImportHooks {
  /**
   * Compiled worker entry (csv-import-worker). Defaults to the sibling file of this module; a bundler that
   * inlines this module must emit the worker as its own entry and pass its URL here.
   */
  readonly workerUrl?: URL;
}

export function importCsvInWorker(path: string, options: CsvImportOptions = {}, hooks: WorkerImportHooks = {}): Promise<CsvImportResult> {
  return runImportWorker<CsvImportResult>({ path, options }, hooks);
}

/** Imports and encodes the file for the store in the worker: the main thread only writes the rows. */
export function importCsvForStoreInWorker(
  path: string, options: CsvImportOptions, label: DatasetLabel, hooks: WorkerImportHooks = {},
): Promise<EncodedDataset> {
  return runImportWorker<EncodedDataset>({ path, options, label }, hooks);
}

function runImportWorker<T>(workerData: { path: string; options: CsvImportOptions; label?: DatasetLabel }, hooks: WorkerImportHooks): Promise<T> {
  const { signal } = hooks;
  if (signal?.aborted) return Promise.reject(cancelledError());
  const worker = startWorker(hooks.workerUrl ?? defaultWorkerUrl(), { workerData });

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = (): void => settle(() => reject(cancelledError()));
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        if (!settled) hooks.onProgress?.(message.progress);
      } else if (message.type === 'done') settle(() => resolve(message.result as T));
      else settle(() => reject(new CsvImportError(message.error)));
    });
    worker.on('error', (e) => settle(() => reject(new CsvImportError({ code: 'io-error', message: `CSV import worker failed: ${e.message}` }))));
    worker.on('exit', (code) =>
      settle(() => reject(new CsvImportError({ code: 'io-error', message: `CSV import worker stopped unexpectedly (exit code ${code})` }))),
    );
  });
}

function defaultWorkerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './csv-import-worker.ts' : './csv-import-worker.js', self);
}
