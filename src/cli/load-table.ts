import type { PreprocessState } from '../engine/data/preprocess';
import type { Table, Task } from '../engine/data/table';
import { buildTrainingTable, ColumnChoiceError, defaultSettings, inputTable, missingColumns } from '../main/datasets/columns';
import { CsvImportError } from '../main/datasets/csv-import-error';
import { importCsvFile } from '../main/datasets/csv-import';
import type { CsvImportResult } from '../main/datasets/csv-import-types';
import { suggestedTask } from '../shared/column-vocabulary';
import { CliError } from './cli-error';

/** Import and column problems are the user's to fix: one line naming the file. */
async function explained<T>(path: string, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof CsvImportError || e instanceof ColumnChoiceError) throw new CliError(`${path}: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${path}: no such file`);
    throw e;
  }
}

const importFile = (path: string): Promise<CsvImportResult> => explained(path, () => importCsvFile(path));

/**
 * The app's path for a file: imported as the app stores it, then the target and task chosen as on the dataset
 * page (the task suggested by the target's type unless given), with the settings a fresh import gets.
 */
export async function loadTrainingTable(path: string, target?: string, task?: Task): Promise<{ table: Table; target: string; task: Task }> {
  const result = await importFile(path);
  const chosenTarget = target ?? result.suggestedTarget;
  const column = result.columns.find((c) => c.name === chosenTarget);
  if (!column) throw new CliError(`--target ${chosenTarget}: no such column (columns: ${result.columns.map((c) => c.name).join(', ')})`);
  const chosenTask = task ?? suggestedTask(column.inferredType, column.stats.distinct);
  const settings = defaultSettings(result.columns, chosenTarget);
  const built = await explained(path, () => buildTrainingTable(result.table, settings, chosenTask, result.decimalComma));
  return { table: built.table, target: built.target, task: chosenTask };
}

/** A table for prediction: the model's feature columns, read with the kinds they had in training. */
export async function loadPredictTable(path: string, state: PreprocessState): Promise<Table> {
  const result = await importFile(path);
  const missing = missingColumns(result.table, state.features);
  if (missing.length) throw new CliError(`${path}: missing column(s) the model needs: ${missing.join(', ')}`);
  return explained(path, () => inputTable(result.table, state.features, result.decimalComma));
}
