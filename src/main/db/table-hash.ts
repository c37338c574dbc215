import { createHash } from 'node:crypto';
import type { Table } from '../../engine/data/table';
import { columnValues } from './column-chunks';

/**
 * SHA-256 over a table's names, kinds, dictionaries and value bytes: equal hashes mean the same data, so a run
 * can record exactly which data it saw. Value parts have a fixed length (rowCount × element size) and headers
 * are JSON, so part boundaries cannot blur.
 */
export function hashTable(table: Table): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ rowCount: table.rowCount }));
  for (const column of table.columns) {
    const categories = column.kind === 'categorical' ? column.categories : null;
    hash.update(JSON.stringify({ name: column.name, kind: column.kind, categories }));
    const values = columnValues(column);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}
