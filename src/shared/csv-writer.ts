/**
 * The one CSV writer for every file the app writes (the predictions download, the CLI's predictions). RFC 4180
 * quoting by papaparse, plus OWASP's guard against formula injection: a text cell that begins with = + - @, a
 * tab or a carriage return would run as a formula when the file is opened in a spreadsheet, so it gets a
 * leading single quote. Numbers, and text that is a plain number such as "-1.5", are written as they are.
 */
import Papa from 'papaparse';

const FORMULA_START = /^(?![-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$)[=+\-@\t\r]/;

export type CsvCell = string | number;

/** Header and rows as CSV text, CRLF line ends, the last line terminated too. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const text = Papa.unparse({ fields: [...header], data: rows.map((r) => [...r]) }, { escapeFormulae: FORMULA_START, newline: '\r\n' });
  // With no rows papaparse already ends the header line.
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
