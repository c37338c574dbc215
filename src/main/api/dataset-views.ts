import type { Table } from '../../engine/data/table';
import { presentClasses } from '../datasets/columns';
import type { DatasetMeta, DatasetSummary } from '../db/datasets-repo';
import type { ColumnStatsView, DatasetSummaryView, DatasetView, Notice } from '../../shared/api';
import { COLUMN_TYPES, isUsableFeatureType } from '../../shared/column-vocabulary';
import { prepareOf, type ImportInfo } from './dataset-recipe';

export function datasetSummaryView(d: DatasetSummary): DatasetSummaryView {
  return {
    id: d.id, name: d.name, sourceFile: d.sourceFile, createdAt: d.createdAt, rowCount: d.rowCount,
    columnCount: d.columnCount, task: d.task, target: d.target, runCount: d.runCount,
  };
}

/** `table` is the stored table (for the classes actually present in the target). */
/**
 * How many columns a dataset view lists: enough for any dataset a person sets up column by column, and a view of a
 * 50,000-column dataset stays a few hundred KB instead of megabytes.
 */
export const LISTED_COLUMNS = 1000;

/** `table` holds the stored target column (for the classes actually present in it); other columns are not read. */
export function datasetView(meta: DatasetMeta, table: Table): DatasetView {
  const prepare = prepareOf(meta);
  const reasons = (meta.importInfo as ImportInfo | null)?.exclusionReasons ?? [];
  const listed = meta.columns.filter((c) => c.index < LISTED_COLUMNS || c.name === meta.target);
  const unlistedColumns = meta.columns.length - listed.length;
  const columns = listed.map((c) => ({
    index: c.index,
    name: c.name,
    inferredType: c.inferredType,
    type: c.chosenType,
    role: c.role,
    stats: c.stats as ColumnStatsView,
    exclusionReason: reasons[c.index] ?? null,
  }));
  // One input per numeric feature; one-hot gives one per category (the distinct count is what training will see).
  const encodedWidth = meta.columns
    .filter((c) => c.role === 'feature' && isUsableFeatureType(c.chosenType))
    .reduce((sum, c) => sum + (COLUMN_TYPES[c.chosenType].storage === 'numeric' || !prepare.oneHot ? 1 : Math.max(1, (c.stats as ColumnStatsView | null)?.distinct ?? 1)), 0);
  const targetColumn = meta.target === null ? undefined : table.columns.find((c) => c.name === meta.target);
  return {
    ...datasetSummaryView(meta),
    columns,
    notices: [...((meta.notices as Notice[] | null) ?? []), ...unlistedNotice(meta.columns.length, unlistedColumns)],
    skippedRows: meta.skippedRows,
    prepare,
    encodedWidth,
    classes: meta.task === 'classification' && targetColumn ? presentClasses(targetColumn) : [],
    unlistedColumns,
  };
}

function unlistedNotice(total: number, unlisted: number): Notice[] {
  if (unlisted === 0) return [];
  const n = (k: number) => k.toLocaleString('en-US');
  return [{
    code: 'columns-not-listed',
    message: `This dataset has ${n(total)} columns; the first ${n(LISTED_COLUMNS)} and the target are listed here. ` +
      `All ${n(total)} are stored and used as they were set at import.`,
  }];
}
