import type { Table, Task } from '../../engine/data/table';
import type { ColumnType } from '../../shared/column-vocabulary';
import type { ColumnStats } from './column-profile';
import type { CsvDelimiter, CsvEncoding } from './csv-sniff';
import type { ReadProgress } from './csv-row-reader';

export type NoticeCode =
  | 'encoding-fallback'
  | 'no-header'
  | 'empty-header'
  | 'duplicate-header'
  | 'decimal-comma'
  | 'skipped-rows'
  | 'blank-rows'
  | 'trailing-fields'
  | 'column-excluded'
  | 'non-numeric-values'
  | 'infinite-values'
  | 'trailing-delimiter'
  | 'unusable-target';

/** Something the user should know about an import that nevertheless succeeded. */
export interface CsvNotice {
  readonly code: NoticeCode;
  readonly message: string;
  readonly column?: string;
}

export interface ColumnInfo {
  /** Unique, exactly as shown to the user (plain text: never interpret as HTML). */
  readonly name: string;
  readonly inferredType: ColumnType;
  readonly stats: ColumnStats;
  readonly excludedByDefault: boolean;
  readonly exclusionReason: string | null;
}

export interface CsvImportOptions {
  /** Target column; default: the last column. When `target` or `task` is given, a one-class classification target is an error. */
  readonly target?: string;
  readonly task?: Task;
  /** Skip rows with the wrong number of fields instead of failing. */
  readonly skipBadRows?: boolean;
}

export interface ImportHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadProgress) => void;
}

export interface CsvImportResult {
  /** Every column of the file in its storage kind (see storedTable in columns.ts), parallel to `columns`. */
  readonly table: Table;
  /** Every column of the file, in file order (also the excluded ones). */
  readonly columns: readonly ColumnInfo[];
  readonly notices: readonly CsvNotice[];
  readonly suggestedTarget: string;
  readonly suggestedTask: Task;
  readonly rowCount: number;
  readonly skippedRows: number;
  /** Lines of skipped rows (the first MAX_RECORDED_LINES of them). */
  readonly skippedLines: readonly number[];
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
  readonly decimalComma: boolean;
  readonly hadHeader: boolean;
  readonly bytes: number;
  /** First data rows as trimmed strings, for a preview grid. */
  readonly preview: readonly (readonly string[])[];
}
