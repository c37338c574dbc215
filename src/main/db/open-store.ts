import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { resolveStoreFile, type StoreLocation } from './default-path';
import { guardDatabase } from './guarded-database';
import { APPLICATION_ID, LATEST_VERSION, migrate, tooNewError, userVersion } from './migrations';
import { ensureDir, sqliteStorageError, storageError } from './storage-errors';
import { quickCheck, quickCheckInWorker, StoreHealth, type BackgroundCheck, type StoreDamage } from './store-health';
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
  /**
   * Files up to this size are checked for damage (PRAGMA quick_check, about 1 s per GB) before anything is
   * written; larger ones by the same check in a worker thread once open. Default 256 MB.
   */
  checkAtOpenMaxBytes?: number;
}


const CHECK_AT_OPEN_MAX_BYTES = 256 * 1024 ** 2;

export interface Store {
  readonly file: string;
  readonly datasets: DatasetsRepo;
  readonly models: ModelsRepo;
  readonly runs: RunsRepo;
  readonly settings: SettingsRepo;
  /** Null while the file is sound; once it is found damaged the store only reads (see store-health). */
  damage(): StoreDamage | null;
  onDamaged(listener: (damage: StoreDamage) => void): () => void;
  /** Resolves once the file's check is done (at once when it ran at open) with what it found. */
  whenChecked(): Promise<StoreDamage | null>;
  readonly studies: StudiesRepo;
  close(): void;
}

export function openStore(options: OpenStoreOptions = {}): Store {
  const file = resolveStoreFile(options);
  const now = options.now ?? Date.now;
  const health = new StoreHealth(file);
  const { db, check } = openChecked(file, health, options.checkAtOpenMaxBytes ?? CHECK_AT_OPEN_MAX_BYTES);
  const runs = new RunsRepo(db, now);
  return {
    file,
    datasets: new DatasetsRepo(db, now, options.datasetChunkRows),
    models: new ModelsRepo(db, now),
    runs,
    settings: new SettingsRepo(db),
    studies: new StudiesRepo(db, runs, now),
    damage: () => health.damage,
    onDamaged: (listener) => health.onDamaged(listener),
    whenChecked: async () => {
      await check?.result;
      return health.damage;
    },
    close: () => {
      check?.stop();
      health.attach(null);
      db.close();
    },
  };
}

/** The migrated connection alone, for tests of the schema. @internal */
export function openDatabase(file: string): Database.Database {
  return openChecked(file, new StoreHealth(file), CHECK_AT_OPEN_MAX_BYTES).db;
}

/**
 * Opens (creating if needed), checks and migrates the file; an existing file is vetted from its header before
 * anything touches it. Every later SQLite call goes through `health`, which turns disk and damage failures into
 * typed errors. A damaged file is opened read-only (not migrated); a large one is checked in the background.
 */
function openChecked(file: string, health: StoreHealth, checkAtOpenMaxBytes: number): { db: Database.Database; check: BackgroundCheck | null } {
  ensureDir(path.dirname(file));
  vetExistingFile(file);
  const raw = connect(file);
  health.attach(raw);
  const db = guardDatabase(raw, (e) => health.mapError(e));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const size = statSync(file).size;
    const problems = size <= checkAtOpenMaxBytes ? quickCheck(raw) : null;
    if (problems) health.markDamaged(problems);
    else migrate(db, file);
    if (size <= checkAtOpenMaxBytes) return { db, check: null };
    const background = quickCheckInWorker(file);
    const check: BackgroundCheck = {
      stop: background.stop,
      result: background.result.then((found) => {
        if (found && raw.open) health.markDamaged(found);
        return found;
      }),
    };
    return { db, check };
  } catch (err) {
    raw.close();
    throw err;
  }
}

function connect(file: string): Database.Database {
  try {
    return new Database(file);
  } catch (e) {
    throw sqliteStorageError(e, file) ?? storageError(e, file) ?? e;
  }
}

function corrupt(file: string, why: string): StoreError {
  return new StoreError('DB_CORRUPT', `${file} is not a usable Neural Workbench database (${why}); it was left untouched.`);
}

/**
 * Throws DB_CORRUPT / DB_TOO_NEW for a file we must not write to. A missing or empty file is fine (it is new).
 * The verdict comes from the file's 100-byte header, read as plain bytes, so refusing a file creates nothing
 * beside it (a SQLite connection, even read-only, would leave -wal and -shm files next to a WAL database). Only
 * when a -wal file is already there (a writer stopped before checkpointing, so the header may be stale) does a
 * read-only connection decide.
 */
function vetExistingFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw storageError(err, file) ?? err;
  }
  if (size === 0) return;
  let header: Buffer;
  try {
    header = readHeader(file);
  } catch (e) {
    throw storageError(e, file) ?? e;
  }
  if (!header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) throw corrupt(file, 'no SQLite header');
  if (header.length < HEADER_BYTES) throw corrupt(file, 'its header is cut short');
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw corrupt(file, `its header names a page size of ${pageSize}`);
  vetIdentity(file, { version: header.readUInt32BE(60), appId: header.readUInt32BE(68), hasSchema: header.readUInt32BE(40) !== 0 });
  if (hasPendingWal(file)) vetWithSqlite(file);
}

/** Byte offsets from https://www.sqlite.org/fileformat.html#the_database_header. */
const HEADER_BYTES = 100;

function vetIdentity(file: string, { version, appId, hasSchema }: { version: number; appId: number; hasSchema: boolean }): void {
  if (version > LATEST_VERSION) throw tooNewError(file, version);
  // A SQLite file made by some other program: migrating it would mix our tables into someone else's data.
  if (hasSchema && appId !== APPLICATION_ID) throw corrupt(file, 'it belongs to another application');
}

function hasPendingWal(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

function vetWithSqlite(file: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
    vetIdentity(file, { version: userVersion(db), appId: db.pragma('application_id', { simple: true }) as number, hasSchema: objects > 0 });
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw corrupt(file, (err as Error).message);
    throw err;
  } finally {
    db?.close();
  }
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEADER_BYTES);
    return head.subarray(0, readSync(fd, head, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}
