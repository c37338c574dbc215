import { InputError } from '../catalog/input-error';
import type { Column } from './table';

/**
 * Reads columns the way a fitted state expects them, whatever the CSV parser guessed for this table:
 * a small predict-time file may turn numbers into text categories or category names into numbers.
 */

/** Values of a column that must be numeric; text categories are accepted only if they are numbers. */
export function numericValues(col: Column): Float64Array {
  if (col.kind === 'numeric') return col.values;
  const parsed = col.categories.map(parseNumber);
  const text = col.categories.find((_, i) => Number.isNaN(parsed[i]));
  if (text !== undefined) {
    throw new InputError('INVALID_CONFIG', `column "${col.name}" must be numeric but contains text (e.g. "${text}")`);
  }
  return Float64Array.from(col.codes, (code) => (code < 0 ? NaN : parsed[code]));
}

/** A row's value as a label string (null = missing), so categories and classes match across tables by name. */
export function labelReader(col: Column): (row: number) => string | null {
  if (col.kind === 'numeric') {
    const { values } = col;
    return (row) => (Number.isNaN(values[row]) ? null : String(values[row]));
  }
  const { codes, categories } = col;
  return (row) => (codes[row] < 0 ? null : categories[codes[row]]);
}

function parseNumber(text: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  return Number.isFinite(v) ? v : NaN;
}
