import type Database from 'better-sqlite3';
import type { Column, Table, Task } from '../../engine/data/table';
import { COLUMN_TYPE_IDS, COLUMN_TYPES, type ColumnRole, type ColumnType, type StorageKind } from '../../shared/column-vocabulary';
import { ACTIVE_RUN_STATUSES } from '../../shared/run-status';
import { assembleColumn, chunkBytes, DEFAULT_CHUNK_ROWS } from './column-chunks';
import { encodeDataset, memoryPages, PAGE_COLUMNS, type EncodedColumn, type EncodedDatasetHead, type PagedDataset } from './dataset-encoding';
import { fromJson, toJson } from './json-columns';
import { sqlList } from './sql-list';
import { StoreError } from './store-error';

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

export interface DatasetColumnMeta {
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

/** A dataset's metadata without its column descriptions (a wide dataset has tens of thousands). */
export interface DatasetHead extends DatasetSummary {
  notices: unknown;
  importInfo: unknown;
  /** Null when never set. */
  prepare: unknown;
}

export interface DatasetMeta extends DatasetHead {
  columns: DatasetColumnMeta[];
}

/** Which column descriptions to read: the first `first` ones, the target and the named ones. */
export interface ColumnSelection {
  first: number;
  names?: readonly string[];
}

/** The features of one chosen type: how many, and the sum over them of max(1, distinct values). */
export interface FeatureTypeCount {
  type: ColumnType;
  count: number;
  distinctSum: number;
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

/**
 * Columns looked up by name go through the name index: without statistics SQLite's planner would otherwise read
 * every column of the dataset and test each name (50,000 rows for one target).
 */
const BY_NAME = 'dataset_columns INDEXED BY dataset_columns_unique_name';

const COLUMN_FIELDS = `idx, name, storage, inferred_type, chosen_type, role, stats, categories,
  json_array_length(categories) AS category_count`;

/** Datasets an import is still writing (complete = 0) are invisible to every read below. */
const SUMMARY_SELECT = `
  SELECT d.id, d.name, d.source_file, d.created_at, d.row_count, d.task, d.skipped_rows, d.content_hash,
    (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS column_count,
    (SELECT c.name FROM dataset_columns c WHERE c.dataset_id = d.id AND c.role = 'target') AS target,
    (SELECT count(*) FROM runs r WHERE r.dataset_id = d.id) AS run_count
  FROM datasets d WHERE d.complete = 1`;

/** Columns a page of featureTypeCounts reads (a few ms). */
const FEATURE_PAGE = 2000;
const CATEGORY_TYPES = COLUMN_TYPE_IDS.filter((t) => COLUMN_TYPES[t].storage === 'categorical');

/** How many columns one step of a stepped removal deletes (as many as a step of a stepped insert writes). */
const STEP_COLUMNS = PAGE_COLUMNS;

export interface SteppedInsertOptions {
  /** Checked between steps: an abort removes what was written and rejects with `onAbort()`'s error. */
  signal?: AbortSignal;
  onAbort?: () => Error;
  /** Lets the event loop run between steps; by default a macrotask. */
  yieldNow?: () => Promise<void>;
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

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
    const encoded = encodeDataset(input);
    return this.db.transaction(() => {
      const id = this.insertRow(encoded, true);
      this.insertColumns(id, encoded.columns, 0);
      return id;
    }).immediate();
  }

  /**
   * Stores an encoded dataset in short transactions, one page of columns each, yielding between them, so a table
   * of 50,000 columns never holds the thread (or the write lock) for long; paged columns (from the import worker)
   * are fetched one page at a time. The dataset stays invisible (complete = 0) until its last step; a failure or
   * an abort removes what was written, and one left by a crash is removed at start-up.
   */
  async insertInSteps(encoded: PagedDataset, options: SteppedInsertOptions = {}): Promise<number> {
    const yieldNow = options.yieldNow ?? nextMacrotask;
    const pages = 'page' in encoded.columns ? encoded.columns : memoryPages(encoded.columns);
    const id = this.db.transaction(() => this.insertRow(encoded, false)).immediate();
    try {
      let next = 0;
      while (next < pages.count) {
        if (options.signal?.aborted) throw options.onAbort?.() ?? new Error('aborted');
        const page = await pages.page(next);
        if (page.length === 0) throw new StoreError('INVALID_INPUT', `dataset "${encoded.name}": no columns from column ${next} on`);
        this.unsynced(() => this.db.transaction(() => this.insertColumns(id, page, next)).immediate());
        next += page.length;
        await yieldNow();
      }
      if (options.signal?.aborted) throw options.onAbort?.() ?? new Error('aborted');
      this.db.prepare('UPDATE datasets SET complete = 1 WHERE id = ?').run(id);
      return id;
    } catch (e) {
      await this.removeInSteps(id, yieldNow).catch((cleanup: unknown) => console.error(`dataset ${id}: removing a partial import failed`, cleanup));
      throw e;
    }
  }

  /**
   * Runs one step of a stepped write without waiting for the disk (an fsync per step cost ~5 ms, up to 150 ms, on
   * the main thread). Nothing is at risk: the steps stay invisible until the commit that completes the dataset,
   * which syncs at the store's own level and, the WAL being one file, makes every step before it durable too; a
   * power loss before it leaves an incomplete dataset, removed at the next start.
   */
  private unsynced<T>(write: () => T): T {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      return write();
    } finally {
      this.db.pragma(`synchronous = ${level}`);
    }
  }

  /** Removes datasets an import left half-written (the app stopped mid-way). Returns how many. */
  removeIncomplete(): number {
    return this.db.prepare('DELETE FROM datasets WHERE complete = 0').run().changes;
  }

  private insertRow(encoded: EncodedDatasetHead, complete: boolean): number {
    return Number(this.db.prepare(
      `INSERT INTO datasets (name, source_file, created_at, row_count, task, notices, import_info, skipped_rows,
         content_hash, prepare_settings, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(encoded.name, encoded.sourceFile, this.now(), encoded.rowCount, encoded.task, encoded.notices, encoded.importInfo,
      encoded.skippedRows, encoded.contentHash, encoded.prepare, complete ? 1 : 0).lastInsertRowid);
  }

  /** Columns `first`, `first + 1`, … of dataset `id`, with their chunks. */
  private insertColumns(id: number, columns: readonly EncodedColumn[], first: number): void {
    const insertColumn = this.db.prepare(
      `INSERT INTO dataset_columns (dataset_id, idx, name, storage, inferred_type, chosen_type, role, stats, categories)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertChunk = this.db.prepare('INSERT INTO dataset_chunks (dataset_id, column_idx, chunk_idx, data) VALUES (?, ?, ?, ?)');
    columns.forEach((c, k) => {
      const idx = first + k;
      insertColumn.run(id, idx, c.name, c.storage, c.inferredType, c.chosenType, c.role, c.stats, c.categories);
      let chunkIdx = 0;
      for (const bytes of chunkBytes(c.values, this.chunkRows)) insertChunk.run(id, idx, chunkIdx++, bytes);
    });
  }

  /** Deletes a dataset's values, columns and row in steps (a cascade over 50,000 columns is one long transaction). */
  private async removeInSteps(id: number, yieldNow: () => Promise<void>): Promise<void> {
    const last = (this.db.prepare('SELECT max(idx) FROM dataset_columns WHERE dataset_id = ?').pluck().get(id) as number | null) ?? -1;
    for (let from = 0; from <= last; from += STEP_COLUMNS) {
      this.unsynced(() => this.db.transaction(() => {
        this.db.prepare('DELETE FROM dataset_chunks WHERE dataset_id = ? AND column_idx BETWEEN ? AND ?').run(id, from, from + STEP_COLUMNS - 1);
        this.db.prepare('DELETE FROM dataset_columns WHERE dataset_id = ? AND idx BETWEEN ? AND ?').run(id, from, from + STEP_COLUMNS - 1);
      }).immediate());
      await yieldNow();
    }
    this.db.prepare('DELETE FROM datasets WHERE id = ? AND complete = 0').run(id);
  }

  list(): DatasetSummary[] {
    const rows = this.db.prepare(`${SUMMARY_SELECT} ORDER BY d.created_at DESC, d.id DESC`).all() as SummaryRow[];
    return rows.map(toSummary);
  }

  /** Metadata without the values; null when there is no such dataset. Reads every column description. */
  get(id: number): DatasetMeta | null {
    return this.db.transaction(() => {
      const head = this.head(id);
      return head && { ...head, columns: this.columnRows(id).map(toColumnMeta) };
    })();
  }

  /** Metadata without the column descriptions; null when there is no such dataset. */
  head(id: number): DatasetHead | null {
    return this.db.transaction(() => {
      const row = this.db.prepare(`${SUMMARY_SELECT} AND d.id = ?`).get(id) as SummaryRow | undefined;
      if (!row) return null;
      const extra = this.db.prepare('SELECT notices, import_info, prepare_settings FROM datasets WHERE id = ?').get(id) as {
        notices: string;
        import_info: string;
        prepare_settings: string | null;
      };
      return {
        ...toSummary(row),
        notices: fromJson(extra.notices),
        importInfo: fromJson(extra.import_info),
        prepare: fromJson(extra.prepare_settings),
      };
    })();
  }

  /**
   * Some column descriptions, in dataset order: the first `first`, the target and the named ones. Only those
   * rows are read (through the primary key and the name and target indexes), however wide the dataset.
   */
  someColumns(id: number, selection: ColumnSelection): DatasetColumnMeta[] {
    return (this.db
      .prepare(
        `SELECT ${COLUMN_FIELDS} FROM dataset_columns WHERE dataset_id = @id AND idx < @first
         UNION SELECT ${COLUMN_FIELDS} FROM dataset_columns WHERE dataset_id = @id AND role = 'target'
         UNION SELECT ${COLUMN_FIELDS} FROM ${BY_NAME} WHERE dataset_id = @id AND name IN (SELECT value FROM json_each(@names))
         ORDER BY idx`,
      )
      .all({ id, first: selection.first, names: JSON.stringify(selection.names ?? []) }) as ColumnRow[]).map(toColumnMeta);
  }

  /**
   * The features counted by chosen type, in SQL (no column description reaches JavaScript), a page of
   * FEATURE_PAGE columns at a time with a yield between pages, so 50,000 columns never hold the thread at once.
   * Distinct counts are read only for types stored as categories (the only ones one-hot encoding widens).
   */
  async featureTypeCounts(id: number, yieldNow: () => Promise<void> = nextMacrotask): Promise<FeatureTypeCount[]> {
    const page = this.db.prepare(
      `SELECT chosen_type AS type, count(*) AS count,
         sum(CASE WHEN chosen_type IN (${sqlList(CATEGORY_TYPES)}) THEN max(1, coalesce(json_extract(stats, '$.distinct'), 1)) ELSE 1 END) AS distinctSum
       FROM dataset_columns WHERE dataset_id = ? AND idx >= ? AND idx < ? AND role = 'feature' GROUP BY chosen_type`,
    );
    const last = (this.db.prepare('SELECT max(idx) FROM dataset_columns WHERE dataset_id = ?').pluck().get(id) as number | null) ?? -1;
    const totals = new Map<ColumnType, FeatureTypeCount>();
    for (let from = 0; from <= last; from += FEATURE_PAGE) {
      if (from > 0) await yieldNow();
      for (const row of page.all(id, from, from + FEATURE_PAGE) as FeatureTypeCount[]) {
        const total = totals.get(row.type) ?? { type: row.type, count: 0, distinctSum: 0 };
        totals.set(row.type, { type: row.type, count: total.count + row.count, distinctSum: total.distinctSum + row.distinctSum });
      }
    }
    return [...totals.values()];
  }

  /** The stored table exactly as inserted (bit-identical values). Throws NOT_FOUND. */
  loadTable(id: number): Table {
    return this.loadColumns(id, null);
  }

  /**
   * The named columns only (all when `names` is null), in dataset order: a dataset page needs its target, not
   * 50,000 columns. Chunks come in one ordered query. Throws NOT_FOUND.
   */
  loadColumns(id: number, names: readonly string[] | null): Table {
    // One read transaction: a concurrent writer cannot make us mix two versions of the data.
    return this.db.transaction(() => {
      const rowCount = this.db.prepare('SELECT row_count FROM datasets WHERE id = ? AND complete = 1').pluck().get(id) as
        | number
        | undefined;
      if (rowCount === undefined) throw notFound(id);
      const rows = this.columnRows(id, names);
      const chunks = new Map<number, Uint8Array[]>(rows.map((row) => [row.idx, []]));
      const select = this.db.prepare(
        names === null
          ? 'SELECT column_idx, data FROM dataset_chunks WHERE dataset_id = ? ORDER BY column_idx, chunk_idx'
          : 'SELECT column_idx, data FROM dataset_chunks WHERE dataset_id = ? AND column_idx IN (SELECT value FROM json_each(?)) ORDER BY column_idx, chunk_idx',
      ).raw();
      const params = names === null ? [id] : [id, JSON.stringify(rows.map((r) => r.idx))];
      for (const [idx, data] of select.iterate(...params) as Iterable<[number, Uint8Array]>) chunks.get(idx)?.push(data);
      const columns = rows.map((row): Column => {
        const parts = chunks.get(row.idx)!;
        if (row.storage === 'numeric') {
          return { name: row.name, kind: 'numeric', values: assembleColumn(new Float64Array(rowCount), parts) };
        }
        return {
          name: row.name,
          kind: 'categorical',
          codes: assembleColumn(new Int32Array(rowCount), parts),
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
    return this.db.prepare('SELECT 1 FROM datasets WHERE id = ? AND complete = 1').get(id) !== undefined;
  }

  /** All columns, or the named ones only (found through the name index, not by reading every column). */
  private columnRows(id: number, names: readonly string[] | null = null): ColumnRow[] {
    return this.db
      .prepare(
        names === null
          ? `SELECT ${COLUMN_FIELDS} FROM dataset_columns WHERE dataset_id = ? ORDER BY idx`
          : `SELECT ${COLUMN_FIELDS} FROM ${BY_NAME} WHERE dataset_id = ? AND name IN (SELECT value FROM json_each(?)) ORDER BY idx`,
      )
      .all(...(names === null ? [id] : [id, JSON.stringify(names)])) as ColumnRow[];
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
