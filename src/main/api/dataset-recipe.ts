/** The data half of a run: what the dataset's settings were at launch, so a run can be rebuilt exactly. */
import type { PrepareOptions } from '../../engine/data/prepare';
import type { SplitSpec } from '../../engine/data/split';
import type { Task } from '../../engine/data/table';
import type { TrainingJob } from '../../engine/trainers/train';
import { buildTrainingTable, type ColumnSetting } from '../datasets/columns';
import type { DatasetHead, DatasetMeta } from '../db/datasets-repo';
import type { RunRecord } from '../db/runs-repo';
import { prepareSettingsSchema, type PrepareSettings } from '../../shared/api';
import { ApiError } from './api-error';
import type { TableCache } from './table-cache';

export const DEFAULT_PREPARE: PrepareSettings = {
  scaling: 'standard',
  oneHot: true,
  targetScaling: 'standard',
  split: { train: 0.7, val: 0.15, test: 0.15, fixedTrainRows: null },
  stratified: true,
  seed: 0,
};

/** Stored as `runs.preprocessing`. */
export interface DataRecipe {
  prepare: PrepareSettings;
  task: Task;
  columns: ColumnSetting[];
  decimalComma: boolean;
}

/** What the importer recorded next to the values (see the datasets API). */
export interface ImportInfo {
  decimalComma?: boolean;
  exclusionReasons?: (string | null)[];
  [key: string]: unknown;
}

export function prepareOf(meta: DatasetHead): PrepareSettings {
  const parsed = prepareSettingsSchema.safeParse(meta.prepare);
  return parsed.success ? parsed.data : DEFAULT_PREPARE;
}

/** Whether the file wrote numbers with a decimal comma (labels read as numbers honour it). */
export function decimalCommaOf(meta: DatasetHead): boolean {
  return (meta.importInfo as ImportInfo | null)?.decimalComma ?? false;
}

function columnSettings(meta: DatasetMeta): ColumnSetting[] {
  return meta.columns.map((c) => ({ name: c.name, type: c.chosenType, role: c.role }));
}

export function recipeOf(meta: DatasetMeta): DataRecipe {
  if (!meta.task || meta.target === null) {
    throw new ApiError('INVALID_CONFIG', `dataset "${meta.name}" has no target column yet; choose one first`, { field: 'target' });
  }
  return {
    prepare: prepareOf(meta),
    task: meta.task,
    columns: columnSettings(meta),
    decimalComma: decimalCommaOf(meta),
  };
}

/** Ratios shuffle every row; a fixed split keeps the dataset's own test rows and draws validation from the rest. */
function splitSpec(split: PrepareSettings['split']): SplitSpec {
  if (split.fixedTrainRows === null) return { kind: 'ratio', train: split.train, val: split.val, test: split.test };
  const trainAndVal = split.train + split.val;
  return { kind: 'fixed', trainRows: split.fixedTrainRows, val: trainAndVal > 0 ? split.val / trainAndVal : 0 };
}

export function trainingJob(tables: TableCache, datasetId: number, recipe: DataRecipe, run: Pick<RunRecord, 'trainerConfig' | 'seed'>): TrainingJob {
  const { table, target, features } = buildTrainingTable(tables.get(datasetId), recipe.columns, recipe.task, recipe.decimalComma);
  const { prepare } = recipe;
  const data: PrepareOptions = {
    target, task: recipe.task, features,
    scaling: prepare.scaling, oneHot: prepare.oneHot, targetScaling: prepare.targetScaling,
    split: splitSpec(prepare.split), stratify: prepare.stratified, seed: prepare.seed,
  };
  return { table, data, trainer: run.trainerConfig, seed: run.seed };
}

/** The RunManager's `buildJob`: the run's own snapshot, applied to the stored values. */
export function jobBuilder(tables: TableCache): (run: RunRecord) => TrainingJob {
  return (run) => trainingJob(tables, run.datasetId, run.preprocessing as DataRecipe, run);
}
