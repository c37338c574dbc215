/**
 * One backend per data directory. Two backends on one directory each believe they own its runs (the second one's
 * start-up marks the first one's live runs interrupted and the first one's results are thrown away), so the
 * backend holds an operating-system lock on the directory for its lifetime: a small SQLite database,
 * `workbench.lock`, in exclusive locking mode after a write. The OS drops the lock when the process ends, however
 * it ends (kill -9 included), so there is nothing stale to clean up and no guessing whether an owner is alive.
 * The winner then writes who it is (`workbench.lock.json`) for the message a later starter shows.
 */
import { renameSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureDir, sqliteStorageError } from './storage-errors';
import { StoreError } from './store-error';

const LOCK_FILE_NAME = 'workbench.lock';
const OWNER_FILE_NAME = 'workbench.lock.json';

export type BackendKind = 'desktop app' | 'browser host';

/** Who holds a data directory, as the next one to try it is told. */
interface LockOwner {
  kind: BackendKind;
  pid: number;
  /** Unix ms. */
  since: number;
  /** The browser host's address, without any credential. */
  url?: string;
}

export interface DataDirLock {
  readonly dir: string;
  /** Adds to the owner description (the browser host knows its address only once it listens). */
  describe(extra: Pick<LockOwner, 'url'>): void;
  release(): void;
}

/** Takes the directory's lock or throws DATA_DIR_IN_USE naming who holds it and what to do. */
export function lockDataDir(dir: string, kind: BackendKind): DataDirLock {
  ensureDir(dir);
  const lockFile = path.join(dir, LOCK_FILE_NAME);
  const ownerFile = path.join(dir, OWNER_FILE_NAME);
  let db: Database.Database;
  try {
    // timeout 0: a held lock is an answer, not something to wait for.
    db = new Database(lockFile, { timeout: 0 });
  } catch (e) {
    throw sqliteStorageError(e, lockFile) ?? e;
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = OFF');
    // The first write takes the exclusive lock; in this locking mode it is kept until the connection closes.
    db.exec('CREATE TABLE IF NOT EXISTS held (pid INTEGER); DELETE FROM held;');
    db.prepare('INSERT INTO held (pid) VALUES (?)').run(process.pid);
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw inUse(dir, readOwner(ownerFile));
    throw sqliteStorageError(e, lockFile) ?? e;
  }
  let owner: LockOwner = { kind, pid: process.pid, since: Date.now() };
  const write = () => {
    const temp = `${ownerFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(owner));
    renameSync(temp, ownerFile);
  };
  write();
  let held = true;
  return {
    dir,
    describe(extra) {
      owner = { ...owner, ...extra };
      if (held) write();
    },
    release() {
      if (!held) return;
      held = false;
      // The description goes first: once the lock is free, the file may already be the next owner's.
      rmSync(ownerFile, { force: true });
      db.close();
    },
  };
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.kind === 'string' && Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

function inUse(dir: string, owner: LockOwner | null): StoreError {
  const who = owner
    ? `the Neural Workbench ${owner.kind} (process ${owner.pid}${owner.url ? `, ${owner.url}` : ''}, running since ${new Date(owner.since).toLocaleString()})`
    : 'another Neural Workbench process';
  return new StoreError(
    'DATA_DIR_IN_USE',
    `The data folder ${dir} is in use by ${who}. Only one can use a data folder at a time: close that one first, ` +
      'or start the browser host on another folder (npm run serve -- --data-dir FOLDER).',
  );
}
