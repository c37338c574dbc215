import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { resolveStoreFile, type StoreLocation } from './default-path';
import { APPLICATION_ID, LATEST_VERSION, migrate, tooNewError, userVersion } from './migrations';
import { StoreError } from './store-error';
import { DatasetsRepo } from './datasets-repo';
import { ModelsRepo } from './models-repo';
import { RunsRepo } from './runs-repo';
import { SettingsRepo } from './settings-repo';
import { StudiesRepo } from './studies-repo';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const BUSY_TIMEOUT_MS = 5000;

type Clock = () => number;

export interface OpenStoreOptions extends StoreLocation {
  /** Source of timestamps (Unix ms); tests pass a fake. */
  now?: Clock;
  /** Rows per stored dataset chunk; small values let tests cover many chunks cheaply. */
  datasetChunkRows?: number;
}

export interface Store {
  readonly file: string;
  readonly datasets: DatasetsRepo;
  readonly models: ModelsRepo;
  readonly runs: RunsRepo;
  readonly settings: SettingsRepo;
  readonly studies: StudiesRepo;
  close(): void;
}

export function openStore(options: OpenStoreOptions = {}): Store {
  const file = resolveStoreFile(options);
  const db = openDatabase(file);
  const now = options.now ?? Date.now;
  const runs = new RunsRepo(db, now);
  return {
    file,
    datasets: new DatasetsRepo(db, now, options.datasetChunkRows),
    models: new ModelsRepo(db, now),
    runs,
    settings: new SettingsRepo(db),
    studies: new StudiesRepo(db, runs, now),
    close: () => db.close(),
  };
}

/** Opens (creating if needed) and migrates the file; an existing file is vetted read-only before any write. */
export function openDatabase(file: string): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  vetExistingFile(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function corrupt(file: string, why: string): StoreError {
  return new StoreError('DB_CORRUPT', `${file} is not a usable Neural Workbench database (${why}); it was left untouched.`);
}

/** Throws DB_CORRUPT / DB_TOO_NEW for a file we must not write to. A missing or empty file is fine (it is new). */
function vetExistingFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (size === 0) return;
  if (!startsWithSqliteHeader(file)) throw corrupt(file, 'no SQLite header');

  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = userVersion(db);
    const appId = db.pragma('application_id', { simple: true }) as number;
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
    if (version > LATEST_VERSION) throw tooNewError(file, version);
    // A SQLite file made by some other program: migrating it would mix our tables into someone else's data.
    if (objects > 0 && appId !== APPLICATION_ID) throw corrupt(file, 'it belongs to another application');
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw corrupt(file, (err as Error).message);
    throw err;
  } finally {
    db?.close();
  }
}

function startsWithSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}
