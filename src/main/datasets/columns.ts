/**
 * The one data path from a CSV's columns to the tables the engine trains and predicts on. The app's import,
 * training and predictions and the CLI's `train` and `predict` all go through here, so the same file with the
 * same column settings gives the same matrices wherever it is trained.
 *
 * 1. `storedTable`: after import every column is kept in one storage kind: the suggested target in the kind its
 *    suggested task needs, every other column in its type's kind (COLUMN_TYPES), or in the other kind when the
 *    import could not keep that one. A column the import kept nothing of (free text with more than
 *    DICTIONARY_LIMIT distinct values) becomes an empty categorical column. The app stores exactly this table;
 *    the CLI keeps it in memory.
 * 2. `buildTrainingTable` applies a person's settings (type and role per column) and the task to a stored table.
 * 3. `inputTable` reads a file's columns in the kinds a trained model expects.
 *
 * Conversions between kinds (`convertColumn`), the same for training and prediction:
 * - numbers → categories: each distinct number is a class, in ascending order, named as the number prints
 *   ("1.50" → "1.5", as the engine names numeric labels), so the same number is the same category in every
 *   file; missing stays missing. More than DICTIONARY_LIMIT distinct numbers are refused.
 * - categories → numbers: each label read as a number, with a decimal comma when the file uses one; a label
 *   that is not a number becomes missing, as a stray word in a number column does at import.
 * - text and constant columns never become features; a target is read by its task whatever its type.
 */
import { MAX_CLASSES } from '../../engine/catalog/output-head';
import type { FeatureState } from '../../engine/data/preprocess';
import type { CategoricalColumn, Column, NumericColumn, Table, Task } from '../../engine/data/table';
import {
  COLUMN_TYPES, isUsableFeatureType, targetStorage, type ColumnRole, type ColumnType, type StorageKind,
} from '../../shared/column-vocabulary';
import { quote } from '../../shared/quote';
import { DICTIONARY_LIMIT, type ColumnData } from './column-accumulator';
import { isMissingToken, parseNumberToken } from './csv-tokens';

/** A person's choice for one column (initially the inferred type, and the role the import suggested). */
export interface ColumnSetting {
  readonly name: string;
  readonly type: ColumnType;
  readonly role: ColumnRole;
}

export type ColumnChoiceCode = 'no-target' | 'no-feature' | 'unknown-column' | 'unusable-target' | 'not-representable';

/** A choice of columns that cannot be trained on; the message says what to change. */
export class ColumnChoiceError extends Error {
  constructor(readonly code: ColumnChoiceCode, message: string, readonly column?: string) {
    super(message);
    this.name = 'ColumnChoiceError';
  }
}

/** What the importer knows of a column, enough to store it and to suggest its settings. */
export interface ImportedColumn {
  readonly name: string;
  readonly inferredType: ColumnType;
  readonly excludedByDefault: boolean;
}

/** Every imported column in one storage kind (see the module comment); numbers share the import's buffers. */
export function storedTable(
  rowCount: number, columns: readonly ImportedColumn[], data: readonly ColumnData[], target: string, task: Task,
): Table {
  return {
    rowCount,
    columns: columns.map((c, i) => {
      const preferred = c.name === target ? targetStorage(task) : COLUMN_TYPES[c.inferredType].storage;
      return importedColumn(c.name, data[i], preferred, rowCount);
    }),
  };
}

function importedColumn(name: string, data: ColumnData, preferred: StorageKind, rowCount: number): Column {
  const { numbers, codes, labels, numberLabels } = data;
  if (numbers && (preferred === 'numeric' || (!codes && !numberLabels))) return { name, kind: 'numeric', values: numbers };
  if (codes && labels) return { name, kind: 'categorical', codes, categories: labels };
  if (numbers && numberLabels) {
    // The numbers' own spellings name the categories (the import keeps the first spelling of each value).
    const index = new Map<number, number>();
    numberLabels.values.forEach((v, i) => index.set(v, i));
    return { name, kind: 'categorical', codes: Int32Array.from(numbers, (v) => index.get(v) ?? -1), categories: numberLabels.labels };
  }
  return { name, kind: 'categorical', codes: new Int32Array(rowCount).fill(-1), categories: [] };
}

/** The settings a fresh import starts with: its inferred types, the target, and every column it did not exclude as a feature. */
export function defaultSettings(columns: readonly ImportedColumn[], target: string): ColumnSetting[] {
  return columns.map((c) => ({
    name: c.name,
    type: c.inferredType,
    role: c.name === target ? 'target' : c.excludedByDefault ? 'ignored' : 'feature',
  }));
}

export interface TrainingTable {
  /** The target first, then the features in dataset order. */
  readonly table: Table;
  readonly target: string;
  readonly features: string[];
}

/**
 * The table a run trains on: the target as categories (classification) or numbers (regression), each usable
 * feature in its chosen type's kind, ignored and unusable columns left out. Inputs are not modified.
 */
export function buildTrainingTable(stored: Table, settings: readonly ColumnSetting[], task: Task, decimalComma: boolean): TrainingTable {
  const targets = settings.filter((s) => s.role === 'target');
  if (targets.length !== 1) throw new ColumnChoiceError('no-target', 'choose one target column');
  const target = targets[0].name;
  const features = settings.filter((s) => s.role === 'feature' && isUsableFeatureType(s.type));
  if (features.length === 0) throw new ColumnChoiceError('no-feature', 'choose at least one usable feature column');
  const named = columnsByName(stored);
  const targetColumn = named(target);
  const problem = targetProblem(targetColumn, task, decimalComma);
  if (problem) throw new ColumnChoiceError('unusable-target', problem, target);
  const columns = [
    convertColumn(targetColumn, targetStorage(task), decimalComma),
    ...features.map((s) => convertColumn(named(s.name), COLUMN_TYPES[s.type].storage, decimalComma)),
  ];
  return { table: { rowCount: stored.rowCount, columns }, target, features: features.map((s) => s.name) };
}

/** The kind in which a trained model reads a feature. */
export function featureStorage(feature: FeatureState): StorageKind {
  return feature.kind === 'numeric' ? 'numeric' : 'categorical';
}

/** Names the model needs that the table lacks, in the model's order. */
export function missingColumns(table: Table, features: readonly FeatureState[]): string[] {
  const names = new Set(table.columns.map((c) => c.name));
  return features.filter((f) => !names.has(f.name)).map((f) => f.name);
}

/** A file's columns as a trained model reads its features (check `missingColumns` first for a friendly message). */
export function inputTable(stored: Table, features: readonly FeatureState[], decimalComma: boolean): Table {
  const named = columnsByName(stored);
  return {
    rowCount: stored.rowCount,
    columns: features.map((f) => convertColumn(named(f.name), featureStorage(f), decimalComma)),
  };
}

/** Columns by name through one index of the table (a scan per name would be quadratic for wide tables). */
function columnsByName(table: Table): (name: string) => Column {
  const index = new Map(table.columns.map((c) => [c.name, c]));
  return (name) => {
    const column = index.get(name);
    if (!column) throw new ColumnChoiceError('unknown-column', `the dataset has no column "${name}"`, name);
    return column;
  };
}

/** The column in `kind`; the same column (no copy) when it already has that kind. */
export function convertColumn(column: Column, kind: StorageKind, decimalComma: boolean): Column {
  return kind === 'numeric' ? asNumbers(column, decimalComma) : asCategories(column);
}

export function asNumbers(column: Column, decimalComma: boolean): NumericColumn {
  if (column.kind === 'numeric') return column;
  const valueOf = column.categories.map((label) => (isMissingToken(label) ? NaN : parseNumberToken(label, decimalComma)));
  return { name: column.name, kind: 'numeric', values: Float64Array.from(column.codes, (code) => (code < 0 ? NaN : valueOf[code])) };
}

export function asCategories(column: Column): CategoricalColumn {
  if (column.kind === 'categorical') return column;
  const distinct = distinctNumbers(column.values);
  if (distinct.length > DICTIONARY_LIMIT) {
    throw new ColumnChoiceError(
      'not-representable',
      `column "${column.name}" has ${distinct.length} distinct values, too many to use as categories (at most ${DICTIONARY_LIMIT})`,
      column.name,
    );
  }
  const codeOf = new Map(distinct.map((v, i) => [v, i]));
  const codes = Int32Array.from(column.values, (v) => codeOf.get(v) ?? -1);
  return { name: column.name, kind: 'categorical', codes, categories: distinct.map(String) };
}

function distinctNumbers(values: Float64Array): number[] {
  const distinct = new Set<number>();
  for (const v of values) if (!Number.isNaN(v)) distinct.add(v);
  return [...distinct].sort((a, b) => a - b);
}

/** The classes that occur in a column read as categories, in category order (numbers ascending, as they print). */
export function presentClasses(column: Column): string[] {
  if (column.kind === 'numeric') return distinctNumbers(column.values).map(String);
  const seen = new Uint8Array(column.categories.length);
  for (const code of column.codes) if (code >= 0) seen[code] = 1;
  return column.categories.filter((_, i) => seen[i] === 1);
}

/**
 * Why a column cannot be the target of this task, or null when it can: classification needs two classes and at
 * most MAX_CLASSES, regression some numbers. The one rule for the dataset page (datasets.update), runs.start and
 * the CLI; the message names the column and says what to do.
 */
export function targetProblem(column: Column, task: Task, decimalComma: boolean): string | null {
  const name = quote(column.name);
  const other = 'choose another target column';
  if (task === 'regression') {
    return hasNumbers(column, decimalComma) ? null : `target ${name} has no numbers, and predicting numbers needs some; ${other}`;
  }
  const classes = presentClasses(column);
  if (classes.length === 0) return `target ${name} has no values (every row is empty); ${other}`;
  if (classes.length === 1) return `target ${name} has only one class (${quote(classes[0])}), so there is nothing to tell apart; ${other}`;
  if (classes.length > MAX_CLASSES) {
    const count = classes.length.toLocaleString('en-US');
    return `target ${name} has ${count} classes, more than the ${MAX_CLASSES.toLocaleString('en-US')} a network can tell apart; ` +
      `${other}, or predict its values as numbers if they are numbers`;
  }
  return null;
}

function hasNumbers(column: Column, decimalComma: boolean): boolean {
  return asNumbers(column, decimalComma).values.some((v) => Number.isFinite(v));
}
