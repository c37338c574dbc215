import type Database from 'better-sqlite3';
import type { ModelSpec } from '../../engine/model/spec';
import { fromJson, toJson } from './json-columns';
import { StoreError } from './store-error';

/** A saved design from the model designer. Runs keep their own snapshot of the spec, so edits never rewrite history. */
export interface ModelRecord {
  id: number;
  name: string;
  spec: ModelSpec;
  createdAt: number;
  updatedAt: number;
}

interface ModelRow {
  id: number;
  name: string;
  spec: string;
  created_at: number;
  updated_at: number;
}

export class ModelsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  create(name: string, spec: ModelSpec): ModelRecord {
    const at = this.now();
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO models (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(name, toJson(spec), at, at);
    return { id: Number(lastInsertRowid), name, spec, createdAt: at, updatedAt: at };
  }

  get(id: number): ModelRecord | null {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    return row ? toRecord(row) : null;
  }

  list(): ModelRecord[] {
    const rows = this.db.prepare('SELECT * FROM models ORDER BY updated_at DESC, id DESC').all() as ModelRow[];
    return rows.map(toRecord);
  }

  /** Throws NOT_FOUND. */
  update(id: number, patch: { name?: string; spec?: ModelSpec }): ModelRecord {
    const { changes } = this.db
      .prepare('UPDATE models SET name = coalesce(?, name), spec = coalesce(?, spec), updated_at = ? WHERE id = ?')
      .run(patch.name ?? null, patch.spec === undefined ? null : toJson(patch.spec), this.now(), id);
    if (changes === 0) throw notFound(id);
    return this.get(id)!;
  }

  /** Runs made from the model keep their spec snapshot; their model link becomes null. Throws NOT_FOUND. */
  delete(id: number): void {
    const { changes } = this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
    if (changes === 0) throw notFound(id);
  }
}

function notFound(id: number): StoreError {
  return new StoreError('NOT_FOUND', `model ${id} does not exist`);
}

function toRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    spec: fromJson<ModelSpec>(row.spec)!,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
