/**
 * CSV file → stored dataset: the import and its encoding run in a worker; the main thread fetches the columns a
 * page at a time and writes each page in a short step (the API stays responsive), and the dataset is visible only
 * once its last step is written.
 */
import { cancelledError } from '../datasets/csv-import-error';
import { importCsvForStoreInWorker } from '../datasets/csv-import-in-worker';
import type { PrepareSettings } from '../../shared/api';
import { quote } from '../../shared/quote';
import { ApiError } from './api-error';
import type { ApiContext } from './api-context';
import { DEFAULT_PREPARE } from './dataset-recipe';

export interface ImportSource {
  path: string;
  /** A held file (upload or dialog pick), released when the import ends however it ends. */
  fileId?: string;
  /** Shown as the dataset's source file. */
  fileName: string;
  name: string;
  target?: string;
  fixedTrainRows?: number;
}

/** Imports run one per importId; `cancel` aborts the worker. Every column is stored, also the excluded ones. */
export class DatasetImports {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly ctx: ApiContext) {}

  async run(importId: string, source: ImportSource, skipBadRows: boolean): Promise<number> {
    if (this.running.has(importId)) throw new ApiError('CONFLICT', `an import with id ${quote(importId)} is already running`, { field: 'importId' });
    const controller = new AbortController();
    this.running.set(importId, controller);
    try {
      const prepare: PrepareSettings = source.fixedTrainRows
        ? { ...DEFAULT_PREPARE, split: { ...DEFAULT_PREPARE.split, fixedTrainRows: source.fixedTrainRows } }
        : DEFAULT_PREPARE;
      const encoded = await importCsvForStoreInWorker(
        source.path,
        { skipBadRows, ...(source.target ? { target: source.target } : {}) },
        { name: source.name, sourceFile: source.fileName, prepare },
        {
          signal: controller.signal,
          workerUrl: this.ctx.csvWorkerUrl,
          onProgress: (p) => this.ctx.events.emit('import.progress', { importId, bytes: p.bytesRead, totalBytes: p.totalBytes, rows: p.rows }),
        },
      );
      try {
        return await this.ctx.store.datasets.insertInSteps(encoded, { signal: controller.signal, onAbort: cancelledError });
      } finally {
        encoded.columns.close();
      }
    } finally {
      this.running.delete(importId);
      if (source.fileId) this.ctx.files.release(source.fileId);
    }
  }

  cancel(importId: string): boolean {
    const controller = this.running.get(importId);
    controller?.abort();
    return controller !== undefined;
  }
}
