import type { Table } from '../../engine/data/table';
import type { Store } from '../db/open-store';

/** Stored tables by dataset id, most recently used kept; datasets never change their values, so no staleness. */
export class TableCache {
  private readonly tables = new Map<number, Table>();

  constructor(private readonly store: Store, private readonly capacity = 4) {}

  get(datasetId: number): Table {
    let table = this.tables.get(datasetId);
    if (table) this.tables.delete(datasetId);
    else table = this.store.datasets.loadTable(datasetId);
    this.tables.set(datasetId, table);
    if (this.tables.size > this.capacity) this.tables.delete(this.tables.keys().next().value as number);
    return table;
  }

  forget(datasetId: number): void {
    this.tables.delete(datasetId);
  }
}
