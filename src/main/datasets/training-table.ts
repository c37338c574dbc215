/**
 * A stored dataset keeps its values exactly as imported; the person's column choices (type, role) and the
 * task are applied only when a table is built for training or prediction. Pure: no I/O, inputs untouched.
 */
import type { CategoricalColumn, Column, NumericColumn, Table, Task } from '../../engine/data/table';
import type { InferredType } from './column-profile';
import { isMissingToken, parseNumberToken } from './csv-tokens';

export type ColumnRole = 'feature' | 'target' | 'ignored';

export interface ColumnSetting {
  readonly name: string;
  /** The type the person chose (initially the inferred one). */
  readonly type: InferredType;
  readonly role: ColumnRole;
}

export interface TrainingTable {
  /** The target first, then the features in dataset order. */
  readonly table: Table;
  readonly target: string;
  readonly features: string[];
}

/** A choice of columns that cannot be trained on; the message says what to change. */
export class ColumnChoiceError extends Error {
  constructor(message: string, readonly column?: string) {
    super(message);
    this.name = 'ColumnChoiceError';
  }
}

/** Whether a column of this type can feed a network (text and constant columns cannot). */
export function isUsableType(type: InferredType): boolean {
  return type !== 'text' && type !== 'constant';
}

/**
 * Builds the table a run trains on: the target as categorical (classification) or numeric (regression), each
 * feature converted to its chosen type, ignored and unusable columns left out.
 */
export function buildTrainingTable(
  stored: Table, settings: readonly ColumnSetting[], task: Task, decimalComma = false,
): TrainingTable {
  const targets = settings.filter((s) => s.role === 'target');
  if (targets.length !== 1) throw new ColumnChoiceError('choose one target column');
  const target = targets[0].name;
  const features = settings.filter((s) => s.role === 'feature' && isUsableType(s.type)).map((s) => s.name);
  if (features.length === 0) throw new ColumnChoiceError('choose at least one usable feature column');
  const storedColumn = (name: string): Column => {
    const column = stored.columns.find((c) => c.name === name);
    if (!column) throw new ColumnChoiceError(`the dataset has no column "${name}"`, name);
    return column;
  };
  const settingOf = (name: string) => settings.find((s) => s.name === name) as ColumnSetting;
  const columns = [
    convertColumn(storedColumn(target), task === 'classification' ? 'categorical' : 'numeric', decimalComma),
    ...features.map((name) => convertColumn(storedColumn(name), kindOfType(settingOf(name).type), decimalComma)),
  ];
  return { table: { rowCount: stored.rowCount, columns }, target, features };
}

function kindOfType(type: InferredType): Column['kind'] {
  return type === 'numeric' || type === 'integer' ? 'numeric' : 'categorical';
}

export function convertColumn(column: Column, kind: Column['kind'], decimalComma = false): Column {
  if (column.kind === kind) return column;
  return column.kind === 'numeric' ? numbersAsCategories(column) : categoriesAsNumbers(column, decimalComma);
}

/** Distinct values in ascending order become the categories, spelled as the engine spells numeric labels. */
function numbersAsCategories(column: NumericColumn): CategoricalColumn {
  const distinct = [...new Set(Array.from(column.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const codeOf = new Map(distinct.map((v, i) => [v, i]));
  const codes = Int32Array.from(column.values, (v) => codeOf.get(v) ?? -1);
  return { name: column.name, kind: 'categorical', codes, categories: distinct.map(String) };
}

/** Labels that are not numbers become missing values. */
function categoriesAsNumbers(column: CategoricalColumn, decimalComma: boolean): NumericColumn {
  const valueOf = column.categories.map((label) => (isMissingToken(label) ? NaN : parseNumberToken(label, decimalComma)));
  const values = Float64Array.from(column.codes, (code) => (code < 0 ? NaN : valueOf[code]));
  return { name: column.name, kind: 'numeric', values };
}

/** Classes that actually occur in a categorical column, in dictionary order. */
export function presentClasses(column: Column): string[] {
  const categorical = convertColumn(column, 'categorical') as CategoricalColumn;
  const seen = new Uint8Array(categorical.categories.length);
  for (const code of categorical.codes) if (code >= 0) seen[code] = 1;
  return categorical.categories.filter((_, i) => seen[i] === 1);
}
