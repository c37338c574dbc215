/**
 * A damaged database file (pages SQLite reports as malformed) is found at open by `PRAGMA quick_check`, or later
 * by a check in a worker thread for large files, or by the first query that meets a malformed page. From then on
 * the store only reads (`PRAGMA query_only`): writing to a damaged file can spread the damage. A byte copy of
 * the file is kept aside, and every refused write says what happened and how to recover.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { Emitter } from '../../shared/emitter';
import { sqliteStorageError } from './storage-errors';
import { StoreError } from './store-error';

export interface StoreDamage {
  /** What happened, what the app does about it, how to recover: for the banner and every refused write. */
  readonly message: string;
  /** The copy of the damaged file, or null when it could not be made. */
  readonly copy: string | null;
}

const MALFORMED_CODES = ['SQLITE_CORRUPT', 'SQLITE_NOTADB'];

function isMalformedError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && MALFORMED_CODES.some((c) => code.startsWith(c));
}

export class StoreHealth {
  private current: StoreDamage | null = null;
  private readonly events = new Emitter<{ damaged: StoreDamage }>();
  private db: Database.Database | null = null;

  constructor(readonly file: string, private readonly now: () => number = Date.now) {}

  /** The raw connection (not the guarded one) that damage makes read-only; null once it is closed. */
  attach(db: Database.Database | null): void {
    this.db = db;
  }

  get damage(): StoreDamage | null {
    return this.current;
  }

  onDamaged(listener: (damage: StoreDamage) => void): () => void {
    return this.events.on('damaged', listener);
  }

  /** Stops all writes, keeps a copy of the file, remembers why. Once only. */
  markDamaged(reason: string): StoreDamage {
    if (this.current) return this.current;
    if (this.db?.open) this.db.pragma('query_only = ON');
    const copy = this.keepCopy();
    const where = copy ? `A copy of it as it is now was kept at ${copy}. ` : '';
    this.current = {
      copy,
      message:
        `The data file ${this.file} is damaged (${reason}). To protect what is left, the workbench now only reads it ` +
        `and saves nothing new. ${where}To recover: quit the workbench, then put back a backup of ${this.file}, or ` +
        `move it away to start with an empty data file${copy ? ` (SQLite's tool can salvage what is readable: sqlite3 "${copy}" .recover | sqlite3 recovered.sqlite)` : ''}.`,
    };
    console.error(this.current.message);
    this.events.emit('damaged', this.current);
    return this.current;
  }

  /** The error to throw for a failed SQLite call: typed for damage and for the disk, else `e` itself. */
  mapError(e: unknown): unknown {
    if (e instanceof StoreError) return e;
    if (isMalformedError(e)) return this.damagedError(this.markDamaged((e as Error).message));
    const code = (e as { code?: unknown } | null)?.code;
    if (this.current && typeof code === 'string' && code.startsWith('SQLITE_READONLY')) return this.damagedError(this.current);
    return sqliteStorageError(e, this.file) ?? e;
  }

  private damagedError(damage: StoreDamage): StoreError {
    return new StoreError('DB_CORRUPT', damage.message, { path: this.file, copy: damage.copy });
  }

  /** `<file>.damaged-<time>` (and its -wal, which holds the latest changes), never overwriting an earlier copy. */
  private keepCopy(): string | null {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const copy = `${this.file}.damaged-${stamp}`;
    try {
      copyFileSync(this.file, copy, 1 /* COPYFILE_EXCL */);
      if (existsSync(`${this.file}-wal`)) copyFileSync(`${this.file}-wal`, `${copy}-wal`, 1);
      return copy;
    } catch (e) {
      console.error(`could not keep a copy of the damaged data file ${this.file}`, e);
      return null;
    }
  }
}

/** `PRAGMA quick_check` on a connection: null when sound, else the first problems it lists. */
export function quickCheck(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length ? problems.join('; ') : null;
  } catch (e) {
    if (isMalformedError(e)) return (e as Error).message;
    throw e;
  }
}

/**
 * The same check off the main thread, on a read-only connection of its own (a WAL reader blocks no writer), for
 * files too large to check before the app starts. Resolves with the problems or null; a check that cannot run
 * (the worker fails) resolves null and is logged: the first malformed page a query meets still counts.
 */
export interface BackgroundCheck {
  readonly result: Promise<string | null>;
  /** Stops the check (the store closes); `result` then resolves null. */
  stop(): void;
}

export function quickCheckInWorker(file: string): BackgroundCheck {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.sqlite);
    let db;
    try {
      db = new Database(workerData.file, { readonly: true, fileMustExist: true });
      const rows = db.pragma('quick_check(5)').map((r) => r.quick_check).filter((r) => r !== 'ok');
      parentPort.postMessage({ problems: rows.length ? rows.join('; ') : null });
    } catch (e) {
      const malformed = /^SQLITE_(CORRUPT|NOTADB)/.test(String(e && e.code));
      parentPort.postMessage(malformed ? { problems: String(e.message) } : { failed: String(e && e.message) });
    } finally {
      if (db) db.close();
    }`;
  const worker = new Worker(code, { eval: true, workerData: { file, sqlite } });
  // The check never keeps the process alive: a host that quits does not wait for it.
  worker.unref();
  const result = new Promise<string | null>((resolve) => {
    worker.once('message', (m: { problems?: string | null; failed?: string }) => {
      if (m.failed) console.error(`the background check of ${file} could not run: ${m.failed}`);
      resolve(m.problems ?? null);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      console.error(`the background check of ${file} could not run`, e);
      resolve(null);
    });
    worker.once('exit', () => resolve(null));
  });
  return { result, stop: () => void worker.terminate() };
}
