import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_ROLE_IDS, STORAGE_KIND_IDS } from '../../shared/column-vocabulary';
import { RUN_STATUSES } from '../../shared/run-status';
import { STUDY_KIND_IDS } from '../../shared/study';
import { openDatabase } from './open-store';
import { makeTempDir } from './test-kit';
import type Database from 'better-sqlite3';

/**
 * The store's CHECK lists come from the vocabulary tables (column roles, storage kinds, run states). A change to
 * a table must come with a new migration: then the schema a file really has (all migrations applied) still lists
 * exactly the table's values. migrations.test.ts pins the released SQL itself.
 */
let dir: string;
let db: Database.Database;

beforeAll(() => {
  dir = makeTempDir();
  db = openDatabase(path.join(dir, 'schema.sqlite'));
  db.prepare("INSERT INTO datasets (name, created_at, row_count, content_hash) VALUES ('d', 0, 0, 'h')").run();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The values of `<column> IN ('a', 'b')` in the live CREATE statement of `table`. */
function checkedValues(table: string, column: string): string[] {
  const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) as string;
  const lists = [...sql.matchAll(new RegExp(`CHECK \\(${column} IN\\s*\\(([^)]*)\\)\\)`, 'g'))];
  expect(lists, `one CHECK list for ${table}.${column}`).toHaveLength(1);
  return lists[0][1].split(',').map((v) => v.trim().replace(/^'(.*)'$/, '$1'));
}

let nextIndex = 0;
function insertColumn(storage: string, role: string): void {
  db.prepare(`INSERT INTO dataset_columns (dataset_id, idx, name, storage, inferred_type, chosen_type, role, categories)
    VALUES (1, ?, ?, ?, 'numeric', 'numeric', ?, ?)`)
    .run(nextIndex, `c${nextIndex++}`, storage, role, storage === 'categorical' ? '[]' : null);
}

describe('CHECK constraints of the live schema', () => {
  it('list exactly the storage kinds and column roles of the vocabulary', () => {
    expect(checkedValues('dataset_columns', 'storage')).toEqual([...STORAGE_KIND_IDS]);
    expect(checkedValues('dataset_columns', 'role')).toEqual([...COLUMN_ROLE_IDS]);
  });

  it('accept every value of the tables and refuse one outside them', () => {
    for (const storage of STORAGE_KIND_IDS) expect(() => insertColumn(storage, 'feature')).not.toThrow();
    for (const role of COLUMN_ROLE_IDS.filter((r) => r !== 'target')) expect(() => insertColumn('numeric', role)).not.toThrow();
    expect(() => insertColumn('numeric', 'target')).not.toThrow(); // once: one target per dataset
    expect(() => insertColumn('text', 'feature')).toThrow(/CHECK constraint failed/);
    expect(() => insertColumn('numeric', 'label')).toThrow(/CHECK constraint failed/);
  });

  it('give a runs table whose status CHECK accepts exactly the run states of RUN_STATES', () => {
    expect([...checkedValues('runs', 'status')].sort()).toEqual([...RUN_STATUSES].sort());
    const insert = db.prepare(
      `INSERT INTO runs (name, dataset_id, trainer_config, preprocessing, seed, status, created_at) VALUES ('r', 1, '{}', '{}', 0, ?, 0)`,
    );
    for (const status of RUN_STATUSES) expect(() => insert.run(status), status).not.toThrow();
    for (const status of ['paused', 'Completed', '']) expect(() => insert.run(status), status).toThrow(/CHECK constraint/);
  });

  it('give a studies table whose kind CHECK lists exactly the study kinds of STUDY_KINDS', () => {
    expect(checkedValues('studies', 'kind')).toEqual([...STUDY_KIND_IDS]);
  });
});
