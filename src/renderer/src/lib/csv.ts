import type { PredictionTable } from '../../../shared/api';
import { toCsv } from '../../../shared/csv-writer';

/** A table (predictions, scores, per-epoch metrics) as the CSV the person downloads, through the app's one CSV writer. */
export function tableCsv(table: PredictionTable): string {
  return toCsv(table.columns, table.rows);
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
