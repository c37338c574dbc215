import type Database from 'better-sqlite3';
import type { Column, Table, Task } from '../../engine/data/table';
import type { ColumnRole, ColumnType, StorageKind } from '../../shared/column-vocabulary';
import { ACTIVE_RUN_STATUSES } from '../../shared/run-status';
import { assembleColumn, chunkBytes, columnValues, DEFAULT_CHUNK_ROWS } from './column-chunks';
import { fromJson, toJson } from './json-columns';
import { sqlList } from './sql-list';
import { StoreError } from './store-error';
import { hashTable } from './table-hash';

/** Import-time metadata of one column, in the same order as `table.columns`. */
export interface NewDatasetColumn {
  inferredType: ColumnType;
  /** Defaults to `inferredType`. */
  chosenType?: ColumnType;
  role: ColumnRole;
  stats?: unknown;
}

export interface NewDataset {
  name: string;
  sourceFile?: string | null;
  table: Table;
  columns: readonly NewDatasetColumn[];
  task?: Task | null;
  notices?: unknown;
  importInfo?: unknown;
  skippedRows?: number;
  /** How the dataset is split and scaled for training (opaque JSON to the store). */
  prepare?: unknown;
}

export interface DatasetSummary {
  id: number;
  name: string;
  sourceFile: string | null;
  createdAt: number;
  rowCount: number;
  columnCount: number;
  task: Task | null;
  /** Name of the column whose role is 'target'. */
  target: string | null;
  skippedRows: number;
  /** `hashTable` of the stored data. */
  contentHash: string;
  runCount: number;
}

interface DatasetColumnMeta {
  index: number;
  name: string;
  /** How the values are stored (the engine column kind at import). */
  storage: StorageKind;
  inferredType: ColumnType;
  chosenType: ColumnType;
  role: ColumnRole;
  stats: unknown;
  /** Dictionary size of a categorical column, null for numeric. */
  categoryCount: number | null;
}

export interface DatasetMeta extends DatasetSummary {
  columns: DatasetColumnMeta[];
  notices: unknown;
  importInfo: unknown;
  /** Null when never set. */
  prepare: unknown;
}

export interface DatasetPatch {
  name?: string;
  task?: Task | null;
  /** Column name that becomes the target (the previous target becomes a feature); null clears it. */
  target?: string | null;
  columns?: readonly { index: number; chosenType?: ColumnType; role?: ColumnRole }[];
  prepare?: unknown;
}

export interface DeleteDatasetOptions {
  /** Also delete the runs that used the dataset (never runs still queued or running). */
  force?: boolean;
}

interface SummaryRow {
  id: number;
  name: string;
  source_file: string | null;
  created_at: number;
  row_count: number;
  column_count: number;
  task: Task | null;
  target: string | null;
  skipped_rows: number;
  content_hash: string;
  run_count: number;
}

interface ColumnRow {
  idx: number;
  name: string;
  storage: StorageKind;
  inferred_type: ColumnType;
  chosen_type: ColumnType;
  role: ColumnRole;
  stats: string | null;
  categories: string | null;
  category_count: number | null;
}

const SUMMARY_SELECT = `
  SELECT d.id, d.name, d.source_file, d.created_at, d.row_count, d.task, d.skipped_rows, d.content_hash,
    (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS column_count,
    (SELECT c.name FROM dataset_columns c WHERE c.dataset_id = d.id AND c.role = 'target') AS target,
    (SELECT count(*) FROM runs r WHERE r.dataset_id = d.id) AS run_count
  FROM datasets d`;

/**
 * Write transactions are IMMEDIATE: they take the write lock before reading, so when a second process has the
 * file open the busy timeout makes them wait instead of failing on a read-to-write lock upgrade.
 */
export class DatasetsRepo {
  private readonly chunkRows: number;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    chunkRows: number = DEFAULT_CHUNK_ROWS,
  ) {
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`chunk rows must be a positive integer`);
    this.chunkRows = chunkRows;
  }

  /** Stores the table and its metadata in one transaction; returns the new dataset id. */
  insert(input: NewDataset): number {
    validateNewDataset(input);
    const contentHash = hashTable(input.table);
    const insertDataset = this.db.prepare(
      `INSERT INTO datasets (name, source_file, created_at, row_count, task, notices, import_info, skipped_rows,
         content_hash, prepare_settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertColumn = this.db.prepare(
      `INSERT INTO dataset_columns (dataset_id, idx, name, storage, inferred_type, chosen_type, role, stats, categories)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertChunk = this.db.prepare(
      'INSERT INTO dataset_chunks (dataset_id, column_idx, chunk_idx, data) VALUES (?, ?, ?, ?)',
    );
    return this.db.transaction(() => {
      const { table } = input;
      const id = Number(
        insertDataset.run(input.name, input.sourceFile ?? null, this.now(), table.rowCount, input.task ?? null,
          toJson(input.notices ?? []), toJson(input.importInfo ?? {}), input.skippedRows ?? 0, contentHash,
          input.prepare === undefined ? null : toJson(input.prepare))
          .lastInsertRowid,
      );
      table.columns.forEach((column, idx) => {
        const meta = input.columns[idx];
        const categories = column.kind === 'categorical' ? toJson(column.categories) : null;
        insertColumn.run(id, idx, column.name, column.kind, meta.inferredType, meta.chosenType ?? meta.inferredType,
          meta.role, meta.stats === undefined ? null : toJson(meta.stats), categories);
        let chunkIdx = 0;
        for (const bytes of chunkBytes(columnValues(column), this.chunkRows)) {
          insertChunk.run(id, idx, chunkIdx++, bytes);
        }
      });
      return id;
    }).immediate();
  }

  list(): DatasetSummary[] {
    const rows = this.db.prepare(`${SUMMARY_SELECT} ORDER BY d.created_at DESC, d.id DESC`).all() as SummaryRow[];
    return rows.map(toSummary);
  }

  /** Metadata without the values; null when there is no such dataset. */
  get(id: number): DatasetMeta | null {
    return this.db.transaction(() => {
      const row = this.db.prepare(`${SUMMARY_SELECT} WHERE d.id = ?`).get(id) as SummaryRow | undefined;
      if (!row) return null;
      const extra = this.db.prepare('SELECT notices, import_info, prepare_settings FROM datasets WHERE id = ?').get(id) as {
        notices: string;
        import_info: string;
        prepare_settings: string | null;
      };
      return {
        ...toSummary(row),
        columns: this.columnRows(id).map(toColumnMeta),
        notices: fromJson(extra.notices),
        importInfo: fromJson(extra.import_info),
        prepare: fromJson(extra.prepare_settings),
      };
    })();
  }

  /** The stored table exactly as inserted (bit-identical values). Throws NOT_FOUND. */
  loadTable(id: number): Table {
    const selectChunks = this.db
      .prepare('SELECT data FROM dataset_chunks WHERE dataset_id = ? AND column_idx = ? ORDER BY chunk_idx')
      .pluck();
    // One read transaction: a concurrent writer cannot make us mix two versions of the data.
    return this.db.transaction(() => {
      const rowCount = this.db.prepare('SELECT row_count FROM datasets WHERE id = ?').pluck().get(id) as
        | number
        | undefined;
      if (rowCount === undefined) throw notFound(id);
      const columns = this.columnRows(id).map((row): Column => {
        const chunks = selectChunks.iterate(id, row.idx) as Iterable<Uint8Array>;
        if (row.storage === 'numeric') {
          return { name: row.name, kind: 'numeric', values: assembleColumn(new Float64Array(rowCount), chunks) };
        }
        return {
          name: row.name,
          kind: 'categorical',
          codes: assembleColumn(new Int32Array(rowCount), chunks),
          categories: fromJson<string[]>(row.categories) ?? [],
        };
      });
      return { rowCount, columns };
    })();
  }

  /** Applies name/task/target/column/prepare changes in one transaction. Throws NOT_FOUND or INVALID_INPUT. */
  update(id: number, patch: DatasetPatch): void {
    const demoteTarget = this.db.prepare(
      "UPDATE dataset_columns SET role = 'feature' WHERE dataset_id = ? AND role = 'target'",
    );
    const setColumn = this.db.prepare(
      `UPDATE dataset_columns SET chosen_type = coalesce(?, chosen_type), role = coalesce(?, role)
       WHERE dataset_id = ? AND idx = ?`,
    );
    this.db.transaction(() => {
      if (!this.exists(id)) throw notFound(id);
      if (patch.name !== undefined) this.db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(patch.name, id);
      if (patch.task !== undefined) this.db.prepare('UPDATE datasets SET task = ? WHERE id = ?').run(patch.task, id);
      if (patch.prepare !== undefined) {
        this.db.prepare('UPDATE datasets SET prepare_settings = ? WHERE id = ?').run(toJson(patch.prepare), id);
      }
      for (const change of patch.columns ?? []) {
        if (change.role === 'target') demoteTarget.run(id);
        const { changes } = setColumn.run(change.chosenType ?? null, change.role ?? null, id, change.index);
        if (changes === 0) throw new StoreError('INVALID_INPUT', `dataset ${id} has no column ${change.index}`);
      }
      if (patch.target !== undefined) {
        demoteTarget.run(id);
        if (patch.target !== null) {
          const { changes } = this.db
            .prepare("UPDATE dataset_columns SET role = 'target' WHERE dataset_id = ? AND name = ?")
            .run(id, patch.target);
          if (changes === 0) throw new StoreError('INVALID_INPUT', `dataset ${id} has no column "${patch.target}"`);
        }
      }
    }).immediate();
  }

  /**
   * Deletes the dataset with its columns and values. Refuses with DATASET_IN_USE while runs reference it,
   * unless `force` (then those runs go too) — but never while one of them is queued or running.
   */
  delete(id: number, options: DeleteDatasetOptions = {}): void {
    this.db.transaction(() => {
      if (!this.exists(id)) throw notFound(id);
      const { total, active } = this.db
        .prepare(
          `SELECT count(*) AS total, count(*) FILTER (WHERE status IN (${sqlList(ACTIVE_RUN_STATUSES)})) AS active
           FROM runs WHERE dataset_id = ?`,
        )
        .get(id) as { total: number; active: number };
      if (active > 0) {
        throw new StoreError('DATASET_IN_USE', `dataset ${id} is used by ${active} queued or running run(s); stop them first`);
      }
      if (total > 0 && !options.force) {
        throw new StoreError('DATASET_IN_USE', `dataset ${id} is used by ${total} run(s); deleting it deletes them too`);
      }
      this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    }).immediate();
  }

  private exists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(id) !== undefined;
  }

  private columnRows(id: number): ColumnRow[] {
    return this.db
      .prepare(
        `SELECT idx, name, storage, inferred_type, chosen_type, role, stats, categories,
           json_array_length(categories) AS category_count
         FROM dataset_columns WHERE dataset_id = ? ORDER BY idx`,
      )
      .all(id) as ColumnRow[];
  }
}

function notFound(id: number): StoreError {
  return new StoreError('NOT_FOUND', `dataset ${id} does not exist`);
}

function toSummary(row: SummaryRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    sourceFile: row.source_file,
    createdAt: row.created_at,
    rowCount: row.row_count,
    columnCount: row.column_count,
    task: row.task,
    target: row.target,
    skippedRows: row.skipped_rows,
    contentHash: row.content_hash,
    runCount: row.run_count,
  };
}

function toColumnMeta(row: ColumnRow): DatasetColumnMeta {
  return {
    index: row.idx,
    name: row.name,
    storage: row.storage,
    inferredType: row.inferred_type,
    chosenType: row.chosen_type,
    role: row.role,
    stats: fromJson(row.stats),
    categoryCount: row.category_count,
  };
}

/** Catches shape errors before anything is written, with a message that says which column is wrong. */
function validateNewDataset(input: NewDataset): void {
  const { table, columns } = input;
  const fail = (message: string) => new StoreError('INVALID_INPUT', `dataset "${input.name}": ${message}`);
  if (!Number.isInteger(table.rowCount) || table.rowCount < 0) throw fail(`bad row count ${table.rowCount}`);
  if (columns.length !== table.columns.length) {
    throw fail(`${columns.length} column descriptions for ${table.columns.length} columns`);
  }
  for (const column of table.columns) {
    const length = columnValues(column).length;
    if (length !== table.rowCount) throw fail(`column "${column.name}" has ${length} values, not ${table.rowCount}`);
    if (column.kind === 'categorical') {
      const limit = column.categories.length;
      if (column.codes.some((code) => code < -1 || code >= limit)) {
        throw fail(`column "${column.name}" has codes outside -1..${limit - 1}`);
      }
    }
  }
}
