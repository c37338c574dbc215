/** An import result as the store keeps it: one mapping, used by the import worker (which also encodes it). */
import type { ImportInfo } from '../api/dataset-recipe';
import type { NewDataset } from '../db/datasets-repo';
import type { PrepareSettings } from '../../shared/api';
import { defaultSettings } from './columns';
import type { CsvImportResult } from './csv-import-types';

/** What the import knows besides the file: the dataset's name, the file name to show and how to prepare it. */
export interface DatasetLabel {
  readonly name: string;
  readonly sourceFile: string;
  readonly prepare: PrepareSettings;
}

export function storedDataset(result: CsvImportResult, label: DatasetLabel): NewDataset {
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
    name: label.name,
    sourceFile: label.sourceFile,
    table: result.table,
    columns: result.columns.map((c, i) => ({ inferredType: c.inferredType, role: settings[i].role, stats: c.stats })),
    task: result.suggestedTask,
    notices: result.notices,
    importInfo: info,
    skippedRows: result.skippedRows,
    prepare: label.prepare,
  };
}
