/** Runs a CSV import in a worker thread so the app's main process never blocks; cancel terminates the worker. */
import { startWorker } from '../start-worker';
import { cancelledError, CsvImportError, type CsvErrorData } from './csv-import-error';
import type { CsvImportOptions, CsvImportResult, ImportHooks } from './csv-import-types';
import type { ReadProgress } from './csv-row-reader';

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: ReadProgress }
  | { readonly type: 'done'; readonly result: CsvImportResult }
  | { readonly type: 'error'; readonly error: CsvErrorData };

export interface WorkerImportHooks extends ImportHooks {
  /**
   * Compiled worker entry (csv-import-worker). Defaults to the sibling file of this module; a bundler that
   * inlines this module must emit the worker as its own entry and pass its URL here.
   */
  readonly workerUrl?: URL;
}

export function importCsvInWorker(path: string, options: CsvImportOptions = {}, hooks: WorkerImportHooks = {}): Promise<CsvImportResult> {
  const { signal } = hooks;
  if (signal?.aborted) return Promise.reject(cancelledError());
  const worker = startWorker(hooks.workerUrl ?? defaultWorkerUrl(), { workerData: { path, options } });

  return new Promise<CsvImportResult>((resolve, reject) => {
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
      } else if (message.type === 'done') settle(() => resolve(message.result));
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
