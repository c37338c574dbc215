/** Looks at the first bytes of a file: is it text, which encoding, which delimiter, decimal comma or point. */
import Papa from 'papaparse';
import { CsvImportError } from './csv-import-error';
import { isMissingToken, parseNumberToken } from './csv-tokens';

export type CsvEncoding = 'utf-8' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t' | '|';

export interface CsvDialect {
  readonly delimiter: CsvDelimiter;
  readonly decimalComma: boolean;
  /** Whether the first row names the columns (see hasHeaderRow). */
  readonly hasHeader: boolean;
}

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];
const SAMPLE_ROWS = 50;
/** Share of control bytes above which a file without NUL bytes still counts as binary. */
const MAX_CONTROL_RATIO = 0.05;

/** Throws `not-text` for binary content (NUL bytes, UTF-16, many control characters). */
export function assertTextBytes(head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new CsvImportError({ code: 'not-text', message: 'the file is UTF-16 encoded; save it as UTF-8 CSV and import again' });
  }
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) throw nulByteError(i);
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control > MAX_CONTROL_RATIO * head.length) {
    throw new CsvImportError({ code: 'not-text', message: `the file is not text: ${control} of its first ${head.length} bytes are control characters` });
  }
}

/** A NUL byte never occurs in text: the file is binary (or UTF-16), wherever the byte is. */
export function nulByteError(offset: number): CsvImportError {
  return new CsvImportError({
    code: 'not-text',
    message: `the file is not text: it contains a NUL byte at offset ${offset} (is it a spreadsheet or an archive rather than a CSV?)`,
  });
}

/** Whether `head` is valid UTF-8, tolerating a multi-byte character cut off at the end of a partial read. */
export function isUtf8(head: Uint8Array, isWholeFile: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !isWholeFile });
    return true;
  } catch {
    return false;
  }
}

/**
 * Picks the delimiter whose split gives the most rows with the same number (> 1) of fields; ties go to the
 * split whose fields read as numbers more often (so `1,5;2,5` is `;` with decimal comma), then to more fields.
 * Returns null when no candidate splits the sample into several columns.
 */
export function detectDialect(sampleText: string, isWholeFile: boolean): CsvDialect | null {
  let best: { rows: string[][]; delimiter: CsvDelimiter; decimalComma: boolean; consistency: number; numeric: number; fields: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const rows = sampleRows(sampleText, delimiter, isWholeFile);
    const fields = modalFieldCount(rows);
    if (fields < 2) continue;
    const consistency = rows.filter((r) => r.length === fields).length / rows.length;
    const decimalComma = delimiter === ';' && rows.some((r) => r.some(isDecimalCommaNumber));
    const numeric = numericShare(rows, decimalComma);
    const better =
      !best ||
      consistency > best.consistency ||
      (consistency === best.consistency && (numeric > best.numeric || (numeric === best.numeric && fields > best.fields)));
    if (better) best = { rows, delimiter, decimalComma, consistency, numeric, fields };
  }
  if (!best) return null;
  return { delimiter: best.delimiter, decimalComma: best.decimalComma, hasHeader: hasHeaderRow(best.rows, best.decimalComma) };
}

/**
 * The first row is a header when it puts a word over a column whose other sample values are numbers, or when
 * it is the only row and not all numbers. A first row that fits the column types (e.g. `5.1,3.5,setosa`) is data.
 * Files whose columns are all text cannot tell; they are assumed to have a header.
 */
function hasHeaderRow(rows: readonly string[][], decimalComma: boolean): boolean {
  if (rows.length === 0) return true;
  const isNumber = (t: string): boolean => !Number.isNaN(parseNumberToken(t, decimalComma));
  const first = rows[0].map((f) => f.replace(/^\uFEFF/, '').trim());
  const rest = rows.slice(1);
  if (rest.length === 0) return !(first.some(isNumber) && first.every((t) => isNumber(t) || isMissingToken(t)));
  let numericColumns = 0;
  for (let j = 0; j < first.length; j++) {
    const values = rest.map((r) => (r[j] ?? '').trim()).filter((t) => !isMissingToken(t));
    if (values.length === 0 || !values.every(isNumber)) continue;
    numericColumns++;
    if (!isNumber(first[j]) && !isMissingToken(first[j])) return true;
  }
  return numericColumns === 0;
}

function sampleRows(text: string, delimiter: string, isWholeFile: boolean): string[][] {
  const parsed = new Papa.Parser({ delimiter, newline: '\n', preview: SAMPLE_ROWS }).parse(text, 0, !isWholeFile);
  return (parsed.data as string[][]).filter((r) => !(r.length === 1 && r[0].trim() === ''));
}

function modalFieldCount(rows: readonly string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let mode = 0;
  let modeCount = 0;
  for (const [n, c] of counts) if (c > modeCount || (c === modeCount && n > mode)) [mode, modeCount] = [n, c];
  return mode;
}

function numericShare(rows: readonly string[][], decimalComma: boolean): number {
  let numeric = 0;
  let total = 0;
  for (const r of rows) {
    for (const f of r) {
      const t = f.trim();
      if (isMissingToken(t)) continue;
      total++;
      if (!Number.isNaN(parseNumberToken(t, decimalComma))) numeric++;
    }
  }
  return total === 0 ? 0 : numeric / total;
}

function isDecimalCommaNumber(field: string): boolean {
  return /^[+-]?\d*,\d+([eE][+-]?\d+)?$/.test(field.trim());
}
