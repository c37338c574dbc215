import type { PredictionTable } from '../../../shared/api';
import { toCsv } from '../../../shared/csv-writer';

/** A table (predictions, scores, per-epoch metrics) as the CSV the person downloads, through the app's one CSV writer. */
export function tableCsv(table: PredictionTable): string {
  return toCsv(table.columns, table.rows);
}

/** Digits a prediction keeps: far beyond what a model's accuracy supports, yet no 17-digit noise (1e-28 becomes 0). */
const PROBABILITY_DECIMALS = 6;
const VALUE_DIGITS = 7;

/**
 * Predictions as the CSV the person downloads: every column of the table (inputs, the true target when the file
 * had it, the prediction, the class probabilities), probabilities to 6 decimals, predicted numbers to 7 digits.
 */
export function predictionsCsv(table: PredictionTable): string {
  const round = table.columns.map((c): ((v: number) => number) | null => {
    if (c.startsWith('p(')) return (v) => Number(v.toFixed(PROBABILITY_DECIMALS));
    if (c === 'prediction') return (v) => Number(v.toPrecision(VALUE_DIGITS));
    return null;
  });
  const rows = table.rows.map((r) => r.map((v, j) => (typeof v === 'number' && Number.isFinite(v) && round[j] ? round[j](v) : v)));
  return toCsv(table.columns, rows);
}

/** Saves text as a file through a temporary object URL (no server round trip, CSP-safe). */
export function downloadText(text: string, fileName: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
