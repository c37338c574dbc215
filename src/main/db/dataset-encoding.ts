/**
 * A dataset as the store writes it: every JSON column already text, the content hash computed, the values as
 * typed arrays. Building it is the costly, pure part of an import (for 50,000 columns, seconds of stringify and
 * hashing), so the app does it in the import worker and the main thread only writes rows.
 */
import type { Table } from '../../engine/data/table';
import type { ColumnRole, ColumnType, StorageKind } from '../../shared/column-vocabulary';
import { columnValues } from './column-chunks';
import type { NewDataset } from './datasets-repo';
import { toJson } from './json-columns';
import { StoreError } from './store-error';
import { hashTable } from './table-hash';

export interface EncodedColumn {
  readonly name: string;
  readonly storage: StorageKind;
  readonly inferredType: ColumnType;
  readonly chosenType: ColumnType;
  readonly role: ColumnRole;
  readonly stats: string | null;
  readonly categories: string | null;
  readonly values: Float64Array | Int32Array;
}

export interface EncodedDataset {
  readonly name: string;
  readonly sourceFile: string | null;
  readonly rowCount: number;
  readonly task: string | null;
  readonly notices: string;
  readonly importInfo: string;
  readonly skippedRows: number;
  readonly contentHash: string;
  readonly prepare: string | null;
  readonly columns: readonly EncodedColumn[];
}

/** Checks the shape (with a message naming the column) and encodes; nothing is written. */
export function encodeDataset(input: NewDataset): EncodedDataset {
  validateNewDataset(input);
  const { table } = input;
  return {
    name: input.name,
    sourceFile: input.sourceFile ?? null,
    rowCount: table.rowCount,
    task: input.task ?? null,
    notices: toJson(input.notices ?? []),
    importInfo: toJson(input.importInfo ?? {}),
    skippedRows: input.skippedRows ?? 0,
    contentHash: hashTable(table),
    prepare: input.prepare === undefined ? null : toJson(input.prepare),
    columns: table.columns.map((column, i) => {
      const meta = input.columns[i];
      return {
        name: column.name,
        storage: column.kind,
        inferredType: meta.inferredType,
        chosenType: meta.chosenType ?? meta.inferredType,
        role: meta.role,
        stats: meta.stats === undefined ? null : toJson(meta.stats),
        categories: column.kind === 'categorical' ? toJson(column.categories) : null,
        values: columnValues(column),
      };
    }),
  };
}

/** The value buffers, to transfer an encoded dataset between threads instead of copying it. */
export function encodedBuffers(encoded: EncodedDataset): ArrayBuffer[] {
  return [...new Set(encoded.columns.map((c) => c.values.buffer as ArrayBuffer))];
}

/** Catches shape errors before anything is written, with a message that says which column is wrong. */
function validateNewDataset(input: NewDataset): void {
  const { table, columns } = input;
  const fail = (message: string) => new StoreError('INVALID_INPUT', `dataset "${input.name}": ${message}`);
  if (!Number.isInteger(table.rowCount) || table.rowCount < 0) throw fail(`bad row count ${table.rowCount}`);
  if (columns.length !== table.columns.length) {
    throw fail(`${columns.length} column descriptions for ${table.columns.length} columns`);
  }
  for (const column of table.columns) checkColumn(table, column, fail);
}

function checkColumn(table: Table, column: Table['columns'][number], fail: (m: string) => StoreError): void {
  const length = columnValues(column).length;
  if (length !== table.rowCount) throw fail(`column "${column.name}" has ${length} values, not ${table.rowCount}`);
  if (column.kind !== 'categorical') return;
  const limit = column.categories.length;
  for (const code of column.codes) if (code < -1 || code >= limit) throw fail(`column "${column.name}" has codes outside -1..${limit - 1}`);
}
