/** CSV file → stored dataset: the import runs in a worker, nothing is written unless it fully succeeds. */
import type { Column, Table } from '../../engine/data/table';
import { canBuild, defaultKind, deriveTable, targetKind, type ColumnChoice, type ColumnKind } from '../datasets/csv-table';
import type { CsvImportResult } from '../datasets/csv-import-types';
import { importCsvInWorker } from '../datasets/csv-import-in-worker';
import type { NewDataset } from '../db/datasets-repo';
import type { PrepareSettings } from '../../shared/api';
import { ApiError, quote } from './api-error';
import type { ApiContext } from './api-context';
import { DEFAULT_PREPARE, type ImportInfo } from './dataset-recipe';

export interface ImportSource {
  path: string;
  /** Shown as the dataset's source file. */
  fileName: string;
  name: string;
  target?: string;
  fixedTrainRows?: number;
}

/**
 * Imports run one per importId; `cancel` aborts the worker. The importer's own default table is not what is
 * stored: every column is kept (also the excluded ones) in the kind its inferred type suggests.
 */
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
    }
  }

  cancel(importId: string): boolean {
    const controller = this.running.get(importId);
    controller?.abort();
    return controller !== undefined;
  }
}

export function newDataset(result: CsvImportResult, source: ImportSource, prepare: PrepareSettings): NewDataset {
  const target = result.suggestedTarget;
  const table = storedTable(result);
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
    table,
    columns: result.columns.map((c) => ({
      inferredType: c.inferredType,
      role: c.name === target ? 'target' : c.excludedByDefault ? 'ignored' : 'feature',
      stats: c.stats,
    })),
    task: result.suggestedTask,
    notices: result.notices,
    importInfo: info,
    skippedRows: result.skippedRows,
    prepare,
  };
}

/**
 * Every column of the file: the target in the kind its task needs, the others in their type's default kind, or
 * whichever representation survived the import (a free-text column with too many distinct values keeps none and
 * is stored as an empty categorical column: its statistics still describe it).
 */
export function storedTable(result: CsvImportResult): Table {
  const source = { rowCount: result.rowCount, decimalComma: result.decimalComma, columns: result.columns, data: result.data };
  const columns = result.columns.map((c, i): Column => {
    const preferred: ColumnKind | null = c.name === result.suggestedTarget ? targetKind(result.suggestedTask) : defaultKind(c.inferredType);
    const kind = [preferred, 'categorical', 'numeric'].find((k): k is ColumnKind => k !== null && canBuild(result.data[i], k as ColumnKind));
    if (!kind) return { name: c.name, kind: 'categorical', codes: new Int32Array(result.rowCount).fill(-1), categories: [] };
    const choice: ColumnChoice = { name: c.name, kind };
    return deriveTable(source, [choice]).columns[0];
  });
  return { rowCount: result.rowCount, columns };
}
