import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '../../shared/run-status';
import { MIGRATIONS } from './migrations';
import { openDatabase } from './open-store';
import { makeTempDir } from './test-kit';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Digests of the SQL as released. Files already on people's disks ran exactly this text, so a migration is
 * never edited: a CHECK list derived from a table (run states) must still give these bytes. When the table
 * changes, write the old list out in the old migration and add a new migration for the new list.
 */
const RELEASED_SQL_SHA256: Record<number, string> = {
  1: 'b9c20ee85a96b1d997bb468190793bb61ad875a7693a3943615f5a8edcc2f431',
  2: '65a159018d86f779335676c62433634952465da3f83b8047d7ec697933e3df32',
};

describe('migrations', () => {
  it('keep the released SQL of every migration byte for byte', () => {
    for (const m of MIGRATIONS) {
      if (!(m.version in RELEASED_SQL_SHA256)) continue;
      expect(createHash('sha256').update(m.sql).digest('hex'), `migration ${m.version}`).toBe(RELEASED_SQL_SHA256[m.version]);
    }
  });

  it('give a runs table whose status CHECK accepts exactly the run states of RUN_STATES', () => {
    const db = openDatabase(path.join(dir, 'workbench.sqlite'));
    try {
      const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'runs'").pluck().get() as string;
      const list = /status\s+TEXT\s+NOT NULL\s+CHECK\s*\(status IN\s*\(([^)]*)\)\)/.exec(sql)?.[1];
      expect(list?.split(',').map((s) => s.trim().replace(/^'|'$/g, '')).sort()).toEqual([...RUN_STATUSES].sort());

      const datasetId = db.prepare("INSERT INTO datasets (name, created_at, row_count, content_hash) VALUES ('d', 0, 0, 'h')").run().lastInsertRowid;
      const insert = db.prepare(
        `INSERT INTO runs (name, dataset_id, trainer_config, preprocessing, seed, status, created_at) VALUES ('r', ?, '{}', '{}', 0, ?, 0)`,
      );
      for (const status of RUN_STATUSES) expect(() => insert.run(datasetId, status), status).not.toThrow();
      for (const status of ['paused', 'Completed', '']) expect(() => insert.run(datasetId, status), status).toThrow(/CHECK constraint/);
    } finally {
      db.close();
    }
  });
});
