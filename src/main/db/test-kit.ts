import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { openStore, type OpenStoreOptions, type Store } from './open-store';

/**
 * Helpers for the store's tests: they look at the file through their own read-only connection, so what they
 * report is what is really on disk, not what a repository believes.
 */
export function makeTempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'nwb-db-'));
}

function readOnly<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row of every table (blobs as hex), plus the schema version: equal dumps mean equal contents. */
export function dumpDatabase(file: string): string {
  return readOnly(file, (db) => {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    const dump: Record<string, string[]> = {};
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      dump[table] = rows
        .map((row) =>
          JSON.stringify(Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('hex') : value))),
        )
        .sort();
    }
    return JSON.stringify({ version: db.pragma('user_version', { simple: true }), dump });
  });
}

export function countRows(file: string, table: string): number {
  return readOnly(file, (db) => db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number);
}

/** The kinds of artifact stored for a run, in order. */
export function artifactKinds(file: string, runId: number): string[] {
  return readOnly(file, (db) => db.prepare('SELECT kind FROM run_artifacts WHERE run_id = ? ORDER BY kind').pluck().all(runId) as string[]);
}

export function integrityCheck(file: string): string {
  return readOnly(file, (db) => (db.pragma('integrity_check') as { integrity_check: string }[])
    .map((row) => row.integrity_check)
    .join('\n'));
}

/** A deterministic clock that ticks one millisecond per reading. */
export function fakeClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => t++;
}

/** A small tmpfs of its own (full-disk and read-only checks), or why there cannot be one here. */
export type Tmpfs = { dir: string; remountReadOnly(): void; unmount(): void } | { skipped: string };

export function mountTmpfs(bytes: number): Tmpfs {
  const dir = mkdtempSync(path.join(tmpdir(), 'nwb-tmpfs-'));
  const mount = (args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });
  const r = mount(['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `cannot mount a tmpfs here (${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}); run as root to check a full disk` };
  }
  return {
    dir,
    remountReadOnly: () => {
      const ro = mount(['-o', 'remount,ro', dir]);
      if (ro.status !== 0) throw new Error(`remount read-only failed: ${ro.stderr}`);
    },
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a filler file until the disk is full, then frees `leave` bytes of it. */
export function fillDisk(dir: string, leave = 0): void {
  const filler = path.join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  let size = 0;
  try {
    for (;;) size += writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  if (leave > 0) truncateSync(filler, Math.max(0, size - leave));
}

/**
 * Damages a closed store file deep inside: the header of a leaf page of `table`'s b-tree in the middle of the
 * file is overwritten, as a bad sector would. Returns the page number.
 */
export function damageDeepPage(file: string, table = 'dataset_chunks'): number {
  const { pageSize, leaves } = readOnly(file, (db) => ({
    pageSize: db.pragma('page_size', { simple: true }) as number,
    leaves: db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").pluck().all(table) as number[],
  }));
  // Everything must be in the main file (a read-only connection may leave an empty -wal behind).
  if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) throw new Error('close the store before damaging its file');
  if (leaves.length < 3) throw new Error(`${table} has too few pages to damage one deep inside`);
  const page = leaves[Math.floor(leaves.length / 2)];
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (page - 1) * pageSize);
  closeSync(fd);
  return page;
}

/** A test's own store: a fresh file in a fresh temp folder. */
export interface TempStore {
  dir: string;
  file: string;
  store: Store;
}

export function openTempStore(options: Omit<OpenStoreOptions, 'file' | 'dir'> = {}): TempStore {
  const dir = makeTempDir();
  const file = path.join(dir, 'workbench.sqlite');
  return { dir, file, store: openStore({ ...options, file }) };
}

/** Closes the test's store, checks that the file it leaves is sound, and removes its folder. */
export function closeTempStore({ dir, file, store }: TempStore): void {
  store.close();
  expect(integrityCheck(file)).toBe('ok');
  rmSync(dir, { recursive: true, force: true });
}
