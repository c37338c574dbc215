import { InputError } from '../catalog/input-error';
import type { DType } from '../math/matrix';
import type { PreparedSplits } from '../trainers/types';
import { labelReader, numericValues } from './column-values';
import {
  encodeTargets, fitPreprocessing, resolveColumns, transformFeatures, type PreprocessOptions, type PreprocessState,
} from './preprocess';
import { splitRows, type RowSplits, type SplitSpec } from './split';
import type { Column, Table } from './table';

export interface PrepareOptions extends PreprocessOptions {
  readonly split: SplitSpec;
  readonly seed: number;
  /**
   * Classification only: divide every class in the split's proportions (default). Without it the rows are
   * shuffled as one group, and a rare class can miss the training split (then encoding says so).
   */
  readonly stratify?: boolean;
  /** Element type of the matrices (default float32). */
  readonly dtype?: DType;
}

export interface PreparedData {
  readonly splits: PreparedSplits;
  readonly state: PreprocessState;
  /** Table row indices of each split. */
  readonly rows: RowSplits;
  /** Rows left out because their target is missing. */
  readonly droppedRows: number;
}

/** Drops rows without a target, splits (stratified for classification), fits on train and encodes every split. */
export function prepareSplits(table: Table, options: PrepareOptions): PreparedData {
  const { target } = resolveColumns(table, options);
  const { rows: kept, strata } = options.task === 'classification'
    ? labelledRows(table, target)
    : { rows: rowsWithValue(table, numericValues(target)), strata: undefined };
  if (kept.length === 0) throw new InputError('INVALID_CONFIG', `no row has a value for the target "${target.name}"`);
  const rows = splitRows(kept, options.split, options.seed, options.stratify === false ? undefined : strata);
  const state = fitPreprocessing(table, rows.train, options);
  const encode = (r: Int32Array): PreparedSplits['train'] => ({
    x: transformFeatures(state, table, r, options.dtype),
    y: encodeTargets(state, table, r, options.dtype),
  });
  const t = state.target;
  const splits: PreparedSplits = {
    task: options.task,
    classes: t.kind === 'classes' ? t.labels : [],
    ...(t.kind === 'values' ? { targetScale: { offset: [t.offset], scale: [t.scale] } } : {}),
    train: encode(rows.train),
    val: encode(rows.val),
    test: encode(rows.test),
  };
  return { splits, state, rows, droppedRows: table.rowCount - kept.length };
}

/** Rows that have a class label, with the label's index as the stratum; a single class is an error. */
function labelledRows(table: Table, target: Column): { rows: Int32Array; strata: Int32Array } {
  const read = labelReader(target);
  const classIndex = new Map<string, number>();
  const rows: number[] = [];
  const strata: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const label = read(r);
    if (label === null) continue;
    if (!classIndex.has(label)) classIndex.set(label, classIndex.size);
    rows.push(r);
    strata.push(classIndex.get(label) as number);
  }
  if (classIndex.size < 2) {
    const only = classIndex.size === 1 ? ` has only the class "${[...classIndex.keys()][0]}"` : ' has no values';
    throw new InputError('INVALID_CONFIG', `classification needs at least two classes, but the target "${target.name}"${only}`);
  }
  return { rows: Int32Array.from(rows), strata: Int32Array.from(strata) };
}

function rowsWithValue(table: Table, values: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (!Number.isNaN(values[r])) rows.push(r);
  return Int32Array.from(rows);
}
