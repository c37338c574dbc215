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

/** Everything of an encoded dataset but its columns. */
export interface EncodedDatasetHead {
  readonly name: string;
  readonly sourceFile: string | null;
  readonly rowCount: number;
  readonly task: string | null;
  readonly notices: string;
  readonly importInfo: string;
  readonly skippedRows: number;
  readonly contentHash: string;
  readonly prepare: string | null;
}

export interface EncodedDataset extends EncodedDatasetHead {
  readonly columns: readonly EncodedColumn[];
}

/**
 * The columns of an encoded dataset handed over one write step at a time: the import worker keeps them and
 * sends each page when asked, so the main thread never receives (or deserialises) 50,000 columns in one go.
 */
export interface ColumnPages {
  readonly count: number;
  /** The columns from `from` up to a step's end (see pageEnd); never empty while `from < count`. */
  page(from: number): Promise<readonly EncodedColumn[]>;
}

/** A head with its columns in memory or still paged. */
export interface PagedDataset extends EncodedDatasetHead {
  readonly columns: readonly EncodedColumn[] | ColumnPages;
}

/** How much one page (one write step) holds: about PAGE_BYTES of values, at most PAGE_COLUMNS columns. */
const PAGE_BYTES = 1024 ** 2;
export const PAGE_COLUMNS = 50;

/** Where the page that starts at column `from` ends (always after at least one column). */
export function pageEnd(columns: readonly EncodedColumn[], from: number): number {
  let bytes = 0;
  let end = from;
  while (end < columns.length && end - from < PAGE_COLUMNS && (end === from || bytes < PAGE_BYTES)) {
    bytes += columns[end].values.byteLength + (columns[end].stats?.length ?? 0) + (columns[end].categories?.length ?? 0);
    end++;
  }
  return end;
}

/** Pages of columns already in memory. */
export function memoryPages(columns: readonly EncodedColumn[]): ColumnPages {
  return { count: columns.length, page: (from) => Promise.resolve(columns.slice(from, pageEnd(columns, from))) };
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

/**
 * A mover of pages between threads: a page's value buffers move instead of being copied, except buffers that
 * columns share (a moved buffer is gone from the sender, so a later page could not send it again).
 */
export function pageBuffers(all: readonly EncodedColumn[]): (page: readonly EncodedColumn[]) => ArrayBuffer[] {
  const uses = new Map<ArrayBufferLike, number>();
  for (const c of all) uses.set(c.values.buffer, (uses.get(c.values.buffer) ?? 0) + 1);
  return (page) => page.filter((c) => uses.get(c.values.buffer) === 1).map((c) => c.values.buffer as ArrayBuffer);
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
