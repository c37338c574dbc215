import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, LATEST_VERSION, MIGRATIONS } from './migrations';
import { openStore } from './open-store';
import { StoreError } from './store-error';
import { dumpDatabase, integrityCheck, makeTempDir } from './test-kit';

let dir: string;
let file: string;

beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'workbench.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rawPragma(name: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

/** Files beside the database (a refusal must not leave -wal or -shm behind). */
const filesInDir = () => readdirSync(dir).sort();

function openError(): StoreError {
  try {
    openStore({ file }).close();
  } catch (err) {
    return err as StoreError;
  }
  throw new Error('openStore succeeded on a file it should refuse');
}

describe('openStore', () => {
  it('creates the directory and file and migrates a fresh file to the latest version', () => {
    const nested = path.join(dir, 'a', 'b');
    const store = openStore({ dir: nested });
    expect(store.file).toBe(path.join(nested, 'workbench.sqlite'));
    store.close();
    file = store.file;
    expect(rawPragma('user_version')).toBe(LATEST_VERSION);
    expect(rawPragma('application_id')).toBe(APPLICATION_ID);
    expect(rawPragma('journal_mode')).toBe('wal');
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    db.close();
    expect(tables).toEqual(expect.arrayContaining([
      'dataset_chunks', 'dataset_columns', 'datasets', 'models', 'run_artifacts', 'run_metrics', 'runs', 'settings',
    ]));
    expect(integrityCheck(file)).toBe('ok');
  });

  it('reopens idempotently, keeping data and schema', () => {
    const first = openStore({ file });
    first.settings.set('concurrency', 2);
    first.close();
    const before = dumpDatabase(file);
    const second = openStore({ file });
    expect(second.settings.get('concurrency', 1)).toBe(2);
    second.close();
    expect(dumpDatabase(file)).toBe(before);
    expect(rawPragma('user_version')).toBe(LATEST_VERSION);
    expect(integrityCheck(file)).toBe('ok');
  });

  it('upgrades a version-1 file in place, keeping its datasets (prepare settings start unset)', () => {
    const db = new Database(file);
    db.exec(MIGRATIONS[0].sql);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO datasets (name, created_at, row_count, content_hash) VALUES ('old', 1, 0, 'h')`).run();
    db.close();
    const store = openStore({ file });
    const [summary] = store.datasets.list();
    expect(summary.name).toBe('old');
    expect(store.datasets.get(summary.id)!.prepare).toBeNull();
    store.close();
    expect(rawPragma('user_version')).toBe(LATEST_VERSION);
    expect(integrityCheck(file)).toBe('ok');
  });

  it('lets two processes-worth of connections share the file (browser host and desktop app)', () => {
    const a = openStore({ file });
    const b = openStore({ file });
    a.settings.set('concurrency', 4);
    expect(b.settings.get('concurrency', 1)).toBe(4);
    b.models.create('from b', { layers: [] });
    expect(a.models.list().map((m) => m.name)).toEqual(['from b']);
    a.close();
    b.close();
    expect(integrityCheck(file)).toBe('ok');
  });

  it('refuses a file from a newer version with DB_TOO_NEW and leaves its bytes alone', () => {
    openStore({ file }).close();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const bytes = readFileSync(file);
    expect(filesInDir()).toEqual(['workbench.sqlite']);

    const err = openError();
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('DB_TOO_NEW');
    expect(err.message).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(filesInDir()).toEqual(['workbench.sqlite']);
  });

  it('refuses random bytes with DB_CORRUPT and leaves them alone', () => {
    const bytes = randomBytes(8192);
    writeFileSync(file, bytes);
    const err = openError();
    expect(err.code).toBe('DB_CORRUPT');
    expect(err.message).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(filesInDir()).toEqual(['workbench.sqlite']);
  });

  it('refuses a SQLite header followed by garbage with DB_CORRUPT and leaves it alone', () => {
    const bytes = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(4096 - 16)]);
    writeFileSync(file, bytes);
    expect(openError().code).toBe('DB_CORRUPT');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(filesInDir()).toEqual(['workbench.sqlite']);
  });

  it("refuses another application's SQLite database and leaves it alone", () => {
    const db = new Database(file);
    db.exec('CREATE TABLE datasets (whatever TEXT); INSERT INTO datasets VALUES (\'theirs\')');
    db.close();
    const bytes = readFileSync(file);
    expect(openError().code).toBe('DB_CORRUPT');
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(filesInDir()).toEqual(['workbench.sqlite']);
  });

  it('refuses a WAL-mode file of another application without creating its -wal or -shm', () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    db.close();
    expect(filesInDir()).toEqual(['workbench.sqlite']);
    expect(openError().code).toBe('DB_CORRUPT');
    expect(filesInDir()).toEqual(['workbench.sqlite']);
  });

  it('accepts an empty file as a new database', () => {
    writeFileSync(file, '');
    openStore({ file }).close();
    expect(rawPragma('user_version')).toBe(LATEST_VERSION);
  });
});
