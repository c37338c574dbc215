import type Database from 'better-sqlite3';
import { fromJson, toJson } from './json-columns';

/** App-wide preferences (e.g. `concurrency`) as JSON values under string keys. */
export class SettingsRepo {
  constructor(private readonly db: Database.Database) {}

  /** The stored value, or `fallback` when the key was never set. */
  get<T>(key: string, fallback: T): T {
    const text = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return text === undefined ? fallback : (fromJson<T>(text) as T);
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, toJson(value));
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  all(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, fromJson(row.value)]));
  }
}
