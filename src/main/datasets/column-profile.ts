/** Decides a column's type from what the accumulator kept, and computes the statistics the UI shows. */
import type { ColumnType } from '../../shared/column-vocabulary';
import type { ColumnCounts, ColumnData } from './column-accumulator';
import { DICTIONARY_LIMIT } from './column-accumulator';
import { isBooleanWord } from './csv-tokens';

const HISTOGRAM_BINS = 20;
const TOP_CATEGORIES = 10;
/** A string column with more than this many distinct values, most of them unique, is an identifier or free text. */
const TEXT_MIN_DISTINCT = 20;
const TEXT_DISTINCT_SHARE = 0.5;

export interface ColumnStats {
  /** Non-missing values (non-numeric tokens of a numeric column count as missing here). */
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  /** True when there were more distinct values than kept (then `distinct` is DICTIONARY_LIMIT, a lower bound). */
  readonly distinctIsLowerBound: boolean;
  /** Over finite values; null for non-numeric columns or when there are none. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1). */
  readonly std: number | null;
  /** ±Infinity values, excluded from min/max/mean/std/histogram. */
  readonly infinite: number;
  /** Most frequent values, by count descending (categorical columns and low-cardinality numbers). */
  readonly top: readonly { readonly value: string; readonly count: number }[];
  /** Equal-width bins over [min, max] for numeric columns. */
  readonly histogram: { readonly min: number; readonly max: number; readonly counts: readonly number[] } | null;
}

export interface ColumnProfile {
  readonly type: ColumnType;
  readonly stats: ColumnStats;
  /** Why the column is left out of the default table, if it is. */
  readonly exclusionReason: string | null;
}

export function profileColumn(data: ColumnData, counts: ColumnCounts): ColumnProfile {
  const usesNumbers = data.numbers !== null && (data.codes === null || counts.nonNumeric === 0);
  return usesNumbers ? profileNumeric(data, data.numbers as Float64Array) : profileCategorical(data, counts);
}

function profileNumeric(data: ColumnData, numbers: Float64Array): ColumnProfile {
  const m = moments(numbers);
  // The second pass over the column: squared deviations from the mean and the histogram together.
  const spread = m.finite > 0 ? binned(numbers, m.min, m.max, HISTOGRAM_BINS, m.mean) : null;
  // Beyond the kept dictionary the exact count would need a sort of every column (seconds at 1M rows): report the bound.
  const distinct = data.numberLabels ? data.numberLabels.values.length : DICTIONARY_LIMIT;
  const base = {
    count: m.count,
    missing: numbers.length - m.count,
    distinct,
    distinctIsLowerBound: data.numberLabels === null,
    min: m.finite > 0 ? m.min : null,
    max: m.finite > 0 ? m.max : null,
    mean: m.finite > 0 ? m.mean : null,
    std: spread && m.finite > 1 ? Math.sqrt(spread.squares / (m.finite - 1)) : null,
    infinite: m.count - m.finite,
    top: data.numberLabels ? topNumbers(numbers, data.numberLabels) : [],
    histogram: spread ? { min: m.min, max: m.max, counts: spread.counts } : null,
  };
  if (distinct <= 1) return { type: 'constant', stats: base, exclusionReason: distinct === 0 ? 'all values are missing' : 'all values are equal' };
  const isBooleanPair = distinct === 2 && data.numberLabels !== null && data.numberLabels.values[0] === 0 && data.numberLabels.values[1] === 1;
  const type = isBooleanPair ? 'boolean' : m.allIntegers ? 'integer' : 'numeric';
  return { type, stats: base, exclusionReason: null };
}

function profileCategorical(data: ColumnData, counts: ColumnCounts): ColumnProfile {
  const nonMissing = counts.rows - counts.missing;
  const overflow = data.codes === null;
  const labels = data.labels ?? [];
  const tally = overflow ? [] : tallyCodes(data.codes as Int32Array, labels.length);
  const stats: ColumnStats = {
    count: nonMissing,
    missing: counts.missing,
    distinct: overflow ? DICTIONARY_LIMIT : labels.length,
    distinctIsLowerBound: overflow,
    min: null,
    max: null,
    mean: null,
    std: null,
    infinite: 0,
    top: tally
      .map((count, i) => ({ value: labels[i], count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, TOP_CATEGORIES),
    histogram: null,
  };
  if (overflow) return { type: 'text', stats, exclusionReason: `more than ${DICTIONARY_LIMIT} distinct values` };
  if (labels.length <= 1) return { type: 'constant', stats, exclusionReason: labels.length === 0 ? 'all values are missing' : 'all values are equal' };
  if (labels.length > TEXT_MIN_DISTINCT && labels.length >= TEXT_DISTINCT_SHARE * nonMissing) {
    return { type: 'text', stats, exclusionReason: `${labels.length} distinct values in ${nonMissing} rows: looks like an identifier or free text` };
  }
  const type = labels.length === 2 && labels.every(isBooleanWord) ? 'boolean' : 'categorical';
  return { type, stats, exclusionReason: null };
}

interface Moments {
  count: number;
  finite: number;
  min: number;
  max: number;
  mean: number;
  allIntegers: boolean;
}

/** One pass over the values: counts, range, mean (over finite values) and whether all are integers. */
function moments(values: Float64Array): Moments {
  let count = 0;
  let finite = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let allIntegers = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) continue;
    count++;
    if (!Number.isFinite(x)) continue;
    finite++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (allIntegers && !Number.isInteger(x)) allIntegers = false;
  }
  return { count, finite, min, max, mean: finite > 0 ? sum / finite : NaN, allIntegers };
}

/** Equal-width bins over [min, max] (the last bin includes max); non-finite values are skipped. */
export function histogram(values: Float64Array, min: number, max: number, bins = HISTOGRAM_BINS): { min: number; max: number; counts: number[] } {
  return { min, max, counts: binned(values, min, max, bins, 0).counts };
}

/**
 * The histogram's counts and Σ (x − mean)² over the finite values, in one pass: with the mean from a first pass,
 * the two-pass deviation sum keeps the standard deviation numerically stable.
 */
function binned(values: Float64Array, min: number, max: number, bins: number, mean: number): { counts: number[]; squares: number } {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    squares += (x - mean) * (x - mean);
    const bin = width > 0 ? Math.min(bins - 1, Math.floor((x - min) / width)) : 0;
    counts[bin]++;
  }
  return { counts, squares };
}

function tallyCodes(codes: Int32Array, size: number): number[] {
  const tally = new Array<number>(size).fill(0);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) tally[codes[i]]++;
  return tally;
}

function topNumbers(numbers: Float64Array, numberLabels: NonNullable<ColumnData['numberLabels']>): { value: string; count: number }[] {
  const index = new Map<number, number>();
  numberLabels.values.forEach((v, i) => index.set(v, i));
  const tally = new Array<number>(numberLabels.values.length).fill(0);
  for (let i = 0; i < numbers.length; i++) {
    const k = index.get(numbers[i]);
    if (k !== undefined) tally[k]++;
  }
  return tally
    .map((count, i) => ({ value: numberLabels.labels[i], count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, TOP_CATEGORIES);
}
