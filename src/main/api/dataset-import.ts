/** CSV file → stored dataset: the import runs in a worker, nothing is written unless it fully succeeds. */
import { defaultSettings } from '../datasets/columns';
import type { CsvImportResult } from '../datasets/csv-import-types';
import { importCsvInWorker } from '../datasets/csv-import-in-worker';
import type { NewDataset } from '../db/datasets-repo';
import type { PrepareSettings } from '../../shared/api';
import { ApiError, quote } from './api-error';
import type { ApiContext } from './api-context';
import { DEFAULT_PREPARE, type ImportInfo } from './dataset-recipe';

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
      const result = await importCsvInWorker(
        source.path,
        { skipBadRows, ...(source.target ? { target: source.target } : {}) },
        {
          signal: controller.signal,
          workerUrl: this.ctx.csvWorkerUrl,
          onProgress: (p) => this.ctx.events.emit('import.progress', { importId, bytes: p.bytesRead, totalBytes: p.totalBytes, rows: p.rows }),
        },
      );
      const prepare: PrepareSettings = source.fixedTrainRows
        ? { ...DEFAULT_PREPARE, split: { ...DEFAULT_PREPARE.split, fixedTrainRows: source.fixedTrainRows } }
        : DEFAULT_PREPARE;
      return this.ctx.store.datasets.insert(newDataset(result, source, prepare));
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

export function newDataset(result: CsvImportResult, source: ImportSource, prepare: PrepareSettings): NewDataset {
  const settings = defaultSettings(result.columns, result.suggestedTarget);
  const info: ImportInfo = {
    encoding: result.encoding,
    delimiter: result.delimiter,
    decimalComma: result.decimalComma,
    hadHeader: result.hadHeader,
    bytes: result.bytes,
    skippedLines: result.skippedLines,
    exclusionReasons: result.columns.map((c) => c.exclusionReason),
  };
  return {
    name: source.name,
    sourceFile: source.fileName,
    table: result.table,
    columns: result.columns.map((c, i) => ({ inferredType: c.inferredType, role: settings[i].role, stats: c.stats })),
    task: result.suggestedTask,
    notices: result.notices,
    importInfo: info,
    skippedRows: result.skippedRows,
    prepare,
  };
}
