import type { Table } from '../../engine/data/table';
import { presentClasses } from '../datasets/columns';
import type { DatasetColumnMeta, DatasetHead, DatasetSummary, FeatureTypeCount } from '../db/datasets-repo';
import type { ColumnStatsView, DatasetSummaryView, DatasetView, Notice } from '../../shared/api';
import { COLUMN_TYPES, isUsableFeatureType } from '../../shared/column-vocabulary';
import { prepareOf, type ImportInfo } from './dataset-recipe';

export function datasetSummaryView(d: DatasetSummary): DatasetSummaryView {
  return {
    id: d.id, name: d.name, sourceFile: d.sourceFile, createdAt: d.createdAt, rowCount: d.rowCount,
    columnCount: d.columnCount, task: d.task, target: d.target, runCount: d.runCount,
  };
}

/**
 * How many columns a dataset view lists: enough for any dataset a person sets up column by column, and a view of a
 * 50,000-column dataset stays a few hundred KB instead of megabytes.
 */
export const LISTED_COLUMNS = 1000;

/** What a view is built from; only the listed columns' descriptions are read, however wide the dataset. */
export interface ViewParts {
  head: DatasetHead;
  /** The first LISTED_COLUMNS column descriptions and the target's. */
  listed: readonly DatasetColumnMeta[];
  features: readonly FeatureTypeCount[];
  /** Holds the stored target column (for the classes actually present in it); other columns are not read. */
  table: Table;
}

export function datasetView({ head, listed, features, table }: ViewParts): DatasetView {
  const prepare = prepareOf(head);
  const reasons = (head.importInfo as ImportInfo | null)?.exclusionReasons ?? [];
  const unlistedColumns = head.columnCount - listed.length;
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
  const encodedWidth = features
    .filter((f) => isUsableFeatureType(f.type))
    .reduce((sum, f) => sum + (COLUMN_TYPES[f.type].storage === 'numeric' || !prepare.oneHot ? f.count : f.distinctSum), 0);
  const targetColumn = head.target === null ? undefined : table.columns.find((c) => c.name === head.target);
  return {
    ...datasetSummaryView(head),
    columns,
    notices: [...((head.notices as Notice[] | null) ?? []), ...unlistedNotice(head.columnCount, unlistedColumns)],
    skippedRows: head.skippedRows,
    prepare,
    encodedWidth,
    classes: head.task === 'classification' && targetColumn ? presentClasses(targetColumn) : [],
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
