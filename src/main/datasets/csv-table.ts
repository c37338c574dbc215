/** Pure conversion of imported column data into the engine's Table, with a chosen kind per column. */
import type { CategoricalColumn, Column, NumericColumn, Table, Task } from '../../engine/data/table';
import type { ColumnData } from './column-accumulator';
import type { InferredType } from './column-profile';
import { CsvImportError } from './csv-import-error';
import { parseNumberToken } from './csv-tokens';

export type ColumnKind = 'numeric' | 'categorical';

export interface ColumnChoice {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface TableSource {
  readonly rowCount: number;
  readonly decimalComma: boolean;
  readonly columns: readonly { readonly name: string }[];
  readonly data: readonly ColumnData[];
}

/** The kind a column gets by default, or null when it is excluded by default. */
export function defaultKind(type: InferredType): ColumnKind | null {
  switch (type) {
    case 'numeric':
    case 'integer':
      return 'numeric';
    case 'categorical':
    case 'boolean':
      return 'categorical';
    case 'text':
    case 'constant':
      return null;
  }
}

export function targetKind(task: Task): ColumnKind {
  return task === 'classification' ? 'categorical' : 'numeric';
}

export function canBuild(data: ColumnData, kind: ColumnKind): boolean {
  return kind === 'numeric' ? data.numbers !== null || data.labels !== null : data.codes !== null || data.numberLabels !== null;
}

/** Builds the chosen columns in the order given. Numeric columns share the imported buffers (no copy). */
export function deriveTable(source: TableSource, choices: readonly ColumnChoice[]): Table {
  const columns = choices.map((choice): Column => {
    const index = source.columns.findIndex((c) => c.name === choice.name);
    if (index < 0) throw new CsvImportError({ code: 'unknown-column', message: `no column named "${choice.name}"` });
    const data = source.data[index];
    if (!canBuild(data, choice.kind)) {
      throw new CsvImportError({
        code: 'not-representable',
        message: `column "${choice.name}" cannot be used as ${choice.kind}: it has too many distinct values (or no numbers)`,
      });
    }
    return choice.kind === 'numeric' ? numericColumn(choice.name, data, source.decimalComma) : categoricalColumn(choice.name, data);
  });
  return { rowCount: source.rowCount, columns };
}

function numericColumn(name: string, data: ColumnData, decimalComma: boolean): NumericColumn {
  if (data.numbers) return { name, kind: 'numeric', values: data.numbers };
  const codes = data.codes as Int32Array;
  const labelValues = (data.labels as readonly string[]).map((l) => parseNumberToken(l, decimalComma));
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) values[i] = codes[i] < 0 ? NaN : labelValues[codes[i]];
  return { name, kind: 'numeric', values };
}

function categoricalColumn(name: string, data: ColumnData): CategoricalColumn {
  if (data.codes && data.labels) return { name, kind: 'categorical', codes: data.codes, categories: data.labels };
  const { values, labels } = data.numberLabels as NonNullable<ColumnData['numberLabels']>;
  const numbers = data.numbers as Float64Array;
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  const codes = new Int32Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) codes[i] = index.get(numbers[i]) ?? -1;
  return { name, kind: 'categorical', codes, categories: labels };
}
