import type Database from 'better-sqlite3';
import { COLUMN_ROLE_IDS, STORAGE_KIND_IDS } from '../../shared/column-vocabulary';
import { RUN_STATUSES } from '../../shared/run-status';
import { STUDY_KIND_IDS } from '../../shared/study';
import { sqlList } from './sql-list';
import { StoreError } from './store-error';

/** Marks the file as ours in the SQLite header (`PRAGMA application_id`), ASCII "NWB1". */
export const APPLICATION_ID = 0x4e574231;

export interface Migration {
  /** The `user_version` the database has after this migration. */
  readonly version: number;
  readonly sql: string;
}

/**
 * Append-only: a released migration is never edited, a schema change is a new entry. Timestamps are Unix ms;
 * JSON columns are TEXT; dataset values live column-wise in typed-array BLOB chunks. CHECK lists built from the
 * vocabulary tables (RUN_STATES, column roles, storage kinds) give the released text as long as the tables are
 * unchanged; migrations.test.ts pins the released text and schema-checks.test.ts the live schema, so a new value
 * needs a new migration (and the old one its list written out).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE datasets (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT    NOT NULL,
        source_file   TEXT,
        created_at    INTEGER NOT NULL,
        row_count     INTEGER NOT NULL CHECK (row_count >= 0),
        task          TEXT    CHECK (task IN ('classification', 'regression')),
        notices       TEXT    NOT NULL DEFAULT '[]',
        import_info   TEXT    NOT NULL DEFAULT '{}',
        skipped_rows  INTEGER NOT NULL DEFAULT 0,
        content_hash  TEXT    NOT NULL
      );

      CREATE TABLE dataset_columns (
        dataset_id     INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        idx            INTEGER NOT NULL CHECK (idx >= 0),
        name           TEXT    NOT NULL,
        storage        TEXT    NOT NULL CHECK (storage IN (${sqlList(STORAGE_KIND_IDS)})),
        inferred_type  TEXT    NOT NULL,
        chosen_type    TEXT    NOT NULL,
        role           TEXT    NOT NULL CHECK (role IN (${sqlList(COLUMN_ROLE_IDS)})),
        stats          TEXT,
        categories     TEXT,
        PRIMARY KEY (dataset_id, idx),
        CHECK ((storage = 'categorical') = (categories IS NOT NULL))
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX dataset_columns_unique_name ON dataset_columns (dataset_id, name);
      CREATE UNIQUE INDEX dataset_columns_one_target ON dataset_columns (dataset_id) WHERE role = 'target';

      CREATE TABLE dataset_chunks (
        dataset_id  INTEGER NOT NULL,
        column_idx  INTEGER NOT NULL,
        chunk_idx   INTEGER NOT NULL CHECK (chunk_idx >= 0),
        data        BLOB    NOT NULL,
        PRIMARY KEY (dataset_id, column_idx, chunk_idx),
        FOREIGN KEY (dataset_id, column_idx) REFERENCES dataset_columns (dataset_id, idx) ON DELETE CASCADE
      ) WITHOUT ROWID;

      CREATE TABLE models (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT    NOT NULL,
        spec        TEXT    NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );

      CREATE TABLE runs (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        name            TEXT    NOT NULL,
        dataset_id      INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        model_id        INTEGER REFERENCES models (id) ON DELETE SET NULL,
        model_spec      TEXT,
        trainer_config  TEXT    NOT NULL,
        preprocessing   TEXT    NOT NULL,
        seed            INTEGER NOT NULL,
        status          TEXT    NOT NULL CHECK (status IN
                          (${sqlList(RUN_STATUSES)})),
        error           TEXT,
        created_at      INTEGER NOT NULL,
        started_at      INTEGER,
        finished_at     INTEGER,
        train_ms        REAL,
        summary         TEXT,
        data_hash       TEXT,
        progress_epoch  INTEGER NOT NULL DEFAULT 0,
        progress_total  INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_dataset ON runs (dataset_id);
      CREATE INDEX runs_model ON runs (model_id);
      CREATE INDEX runs_status ON runs (status);

      -- NULL value = NaN: SQLite cannot store a NaN REAL and turns it into NULL.
      CREATE TABLE run_metrics (
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        epoch       INTEGER NOT NULL,
        key         TEXT    NOT NULL,
        value       REAL,
        elapsed_ms  REAL    NOT NULL,
        PRIMARY KEY (run_id, key, epoch)
      ) WITHOUT ROWID;

      CREATE TABLE run_artifacts (
        run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        kind    TEXT    NOT NULL CHECK (kind IN ('weights', 'preprocessing', 'predictions', 'model')),
        blob    BLOB,
        json    TEXT,
        PRIMARY KEY (run_id, kind),
        CHECK ((blob IS NULL) <> (json IS NULL))
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;

      PRAGMA application_id = ${APPLICATION_ID};
    `,
  },
  {
    version: 2,
    // How the dataset becomes train/val/test matrices (JSON); NULL = the app's defaults.
    sql: 'ALTER TABLE datasets ADD COLUMN prepare_settings TEXT;',
  },
  {
    version: 3,
    // Where an imported run was trained (JSON, src/shared/run-origin.ts); NULL = trained by this app.
    sql: 'ALTER TABLE runs ADD COLUMN origin TEXT;',
  },
  {
    version: 4,
    // 0 while an import is still writing the dataset in steps (hidden from every read; removed at start-up).
    sql: 'ALTER TABLE datasets ADD COLUMN complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1));',
  },
  {
    version: 5,
    // Studies (src/shared/study.ts): a named group of runs on one dataset. A study's state and progress are
    // its runs'; deleting a study keeps its runs as ordinary runs (SET NULL). study_point: the run's swept values (JSON).
    sql: `
      CREATE TABLE studies (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        name        TEXT    NOT NULL,
        dataset_id  INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        kind        TEXT    NOT NULL CHECK (kind IN (${sqlList(STUDY_KIND_IDS)})),
        spec        TEXT    NOT NULL,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX studies_dataset ON studies (dataset_id);
      ALTER TABLE runs ADD COLUMN study_id INTEGER REFERENCES studies (id) ON DELETE SET NULL;
      ALTER TABLE runs ADD COLUMN study_point TEXT;
      CREATE INDEX runs_study ON runs (study_id);
    `,
  },
  {
    version: 6,
    // When the engine began a run's job (after its start-up and the data's loading): the ETA extrapolates the
    // progress from here, so that start-up, already behind, is not spread over the work still to do.
    sql: `
      ALTER TABLE runs ADD COLUMN work_started_at INTEGER;
    `,
  },
  {
    version: 7,
    // A person's tags (JSON array of strings) and notes on a run.
    sql: `
      ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function tooNewError(file: string, version: number): StoreError {
  return new StoreError(
    'DB_TOO_NEW',
    `${file} was written by a newer Neural Workbench (schema version ${version}, this version understands up to ` +
      `${LATEST_VERSION}). Update the app to open it; the file was left untouched.`,
  );
}

/**
 * Brings the schema to LATEST_VERSION, one transaction per migration. IMMEDIATE takes the write lock before
 * reading user_version, so two processes opening the same file at once cannot both apply a step.
 */
export function migrate(db: Database.Database, file: string): void {
  for (const migration of MIGRATIONS) {
    db.transaction(() => {
      const current = userVersion(db);
      if (current > LATEST_VERSION) throw tooNewError(file, current);
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
