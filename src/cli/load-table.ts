import type { PreprocessState } from '../engine/data/preprocess';
import type { Table, Task } from '../engine/data/table';
import { CsvImportError } from '../main/datasets/csv-import-error';
import { importCsvFile } from '../main/datasets/csv-import';
import type { CsvImportResult } from '../main/datasets/csv-import-types';
import { defaultKind, deriveTable, targetKind, type ColumnChoice } from '../main/datasets/csv-table';
import { CliError } from './cli-error';

async function importOrExplain(path: string, options: { target?: string; task?: Task }): Promise<CsvImportResult> {
  try {
    return await importCsvFile(path, options);
  } catch (e) {
    if (e instanceof CsvImportError) throw new CliError(`${path}: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${path}: no such file`);
    throw e;
  }
}

function derive(path: string, result: CsvImportResult, choices: ColumnChoice[]): Table {
  try {
    return deriveTable(result, choices);
  } catch (e) {
    if (e instanceof CsvImportError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  }
}

/** The app's import path: types inferred as on the dataset page, the target typed for its task. */
export async function loadTrainingTable(path: string, target?: string, task?: Task): Promise<{ table: Table; target: string; task: Task }> {
  const result = await importOrExplain(path, { target, task });
  const chosenTarget = target ?? result.suggestedTarget;
  if (!result.columns.some((c) => c.name === chosenTarget)) {
    throw new CliError(`--target ${chosenTarget}: no such column (columns: ${result.columns.map((c) => c.name).join(', ')})`);
  }
  const chosenTask = task ?? result.suggestedTask;
  const choices = result.columns.flatMap((c): ColumnChoice[] => {
    const kind = c.name === chosenTarget ? targetKind(chosenTask) : defaultKind(c.inferredType);
    return kind ? [{ name: c.name, kind }] : [];
  });
  return { table: derive(path, result, choices), target: chosenTarget, task: chosenTask };
}

/** A table for prediction: the model's feature columns, read with the kinds they had in training. */
export async function loadPredictTable(path: string, state: PreprocessState): Promise<Table> {
  const result = await importOrExplain(path, {});
  const missing = state.features.filter((f) => !result.columns.some((c) => c.name === f.name));
  if (missing.length) throw new CliError(`${path}: missing column(s) the model needs: ${missing.map((f) => f.name).join(', ')}`);
  return derive(path, result, state.features.map((f) => ({ name: f.name, kind: f.kind === 'numeric' ? 'numeric' : 'categorical' })));
}
