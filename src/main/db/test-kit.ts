import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

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
