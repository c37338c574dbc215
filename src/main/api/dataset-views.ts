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
export function datasetView(meta: DatasetMeta, table: Table): DatasetView {
  const prepare = prepareOf(meta);
  const reasons = (meta.importInfo as ImportInfo | null)?.exclusionReasons ?? [];
  const columns = meta.columns.map((c) => ({
    index: c.index,
    name: c.name,
    inferredType: c.inferredType,
    type: c.chosenType,
    role: c.role,
    stats: c.stats as ColumnStatsView,
    exclusionReason: reasons[c.index] ?? null,
  }));
  // One input per numeric feature; one-hot gives one per category (the distinct count is what training will see).
  const encodedWidth = columns
    .filter((c) => c.role === 'feature' && isUsableFeatureType(c.type))
    .reduce((sum, c) => sum + (COLUMN_TYPES[c.type].storage === 'numeric' || !prepare.oneHot ? 1 : Math.max(1, c.stats?.distinct ?? 1)), 0);
  const targetColumn = meta.target === null ? undefined : table.columns.find((c) => c.name === meta.target);
  return {
    ...datasetSummaryView(meta),
    columns,
    notices: (meta.notices as Notice[] | null) ?? [],
    skippedRows: meta.skippedRows,
    prepare,
    encodedWidth,
    classes: meta.task === 'classification' && targetColumn ? presentClasses(targetColumn) : [],
  };
}
