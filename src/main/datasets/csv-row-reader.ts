/**
 * Streams a CSV file and hands each non-blank row to a callback together with the physical line it starts on.
 * A chunk with a quote goes through papaparse's incremental parser; a chunk without one (most of most files) is
 * split at line breaks and delimiters in place, which is what papaparse does for it too, minus a string per field.
 * Line endings are normalised to \n first, so CRLF, CR and mixed files parse alike and quoted newlines count one
 * line each.
 */
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { cancelledError, CsvImportError } from './csv-import-error';
import { CsvRow } from './csv-row';
import { nulByteError, type CsvDelimiter, type CsvEncoding } from './csv-sniff';
import { firstInvalidUtf8, incompleteUtf8Tail } from './utf8-offset';

/** Longest accepted field, in characters. */
export const MAX_FIELD_CHARS = 1024 * 1024;
/**
 * Most columns a file may have: wide real datasets (gene expression, 20–50k columns) fit; far wider ones are
 * usually a file read with the wrong delimiter or a line that never ends.
 */
export const MAX_COLUMNS = 65_536;
/** Longest accepted line (a row, quoted line breaks included), in characters. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface ReadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Non-blank rows parsed so far, the header row included. */
  readonly rows: number;
}

export interface RowReaderOptions {
  readonly path: string;
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
  readonly totalBytes: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** Thrown when bytes are not valid UTF-8 deep inside a file whose first bytes were; the caller re-reads as Windows-1252. */
export class InvalidUtf8Error extends Error {
  constructor(readonly nearByte: number) {
    super(`invalid UTF-8 near byte ${nearByte}`);
  }
}

/** Called with each row; the row object is reused for the next one. */
export type RowSink = (row: CsvRow, line: number) => void;

export async function readCsvRows(options: RowReaderOptions, onRow: RowSink): Promise<void> {
  const { signal } = options;
  const decoder = new TextDecoder(options.encoding, { fatal: options.encoding === 'utf-8' });
  const parser = new Papa.Parser({ delimiter: options.delimiter, newline: '\n' });
  let pending = ''; // start of a row whose end has not been read yet
  let heldCR = false; // a chunk ending in \r may be the first half of \r\n
  let line = 1; // line on which the next row starts
  let rows = 0;
  let bytesRead = 0;

  const normalise = (text: string, final: boolean): string => {
    if (heldCR) text = '\r' + text;
    heldCR = !final && text.endsWith('\r');
    if (heldCR) text = text.slice(0, -1);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  };

  const row = new CsvRow();
  /** One row counted and handed on, unless it is blank; then the line it ends on. */
  const emit = (extraLines: number): void => {
    if (row.length > MAX_COLUMNS) throw tooManyColumns(line, row.length);
    if (!(row.length === 1 && row.field(0).trim() === '')) {
      onRow(row, line);
      rows++;
    }
    line += 1 + extraLines;
  };

  const feedQuoted = (input: string, final: boolean): number => {
    const result = parser.parse(input, 0, !final);
    const data = result.data as string[][];
    const errorRows = new Map<number, Papa.ParseError>();
    for (const e of result.errors as Papa.ParseError[]) {
      if (e.row !== undefined && e.row < data.length && !errorRows.has(e.row)) errorRows.set(e.row, e);
    }
    for (let r = 0; r < data.length; r++) {
      const error = errorRows.size > 0 ? errorRows.get(r) : undefined;
      if (error) throw quoteError(error, line);
      let extraLines = 0;
      for (const field of data[r]) {
        if (field.length > MAX_FIELD_CHARS) throw fieldTooLarge(line);
        extraLines += countNewlines(field);
      }
      row.setFields(data[r]);
      emit(extraLines);
    }
    return result.meta.cursor;
  };

  /** Rows of text without quotes: every line break ends a row, every delimiter a field. Returns where the unended row starts. */
  const feedPlain = (input: string, final: boolean): number => {
    const delimiter = options.delimiter;
    // The next delimiter at or after the current field, kept across lines: found past a line's end, it serves the
    // lines before it too, so lines without a delimiter do not cost a search to the end of the chunk each.
    let nextDelimiter = -1;
    let from = 0;
    for (;;) {
      const newline = input.indexOf('\n', from);
      if (newline < 0 && !final) return from;
      const end = newline < 0 ? input.length : newline;
      row.setText(input);
      for (let at = from; ; ) {
        if (nextDelimiter < at) nextDelimiter = input.indexOf(delimiter, at) >>> 0; // none: 2³² − 1, past any end
        const fieldEnd = Math.min(nextDelimiter, end);
        if (fieldEnd - at > MAX_FIELD_CHARS) throw fieldTooLarge(line);
        row.addField(at, fieldEnd);
        if (fieldEnd === end) break;
        if (row.length === MAX_COLUMNS) throw tooManyColumns(line, MAX_COLUMNS, true);
        at = fieldEnd + 1;
      }
      emit(0);
      if (newline < 0) return input.length;
      from = newline + 1;
    }
  };

  const feed = (text: string, final: boolean): void => {
    const input = pending + text;
    const cursor = input.includes('"') ? feedQuoted(input, final) : feedPlain(input, final);
    pending = input.slice(cursor);
    // The start of a row not ended yet: bounded, so a line without end cannot be buffered for ever.
    if (pending.length > MAX_LINE_CHARS) throw lineTooLong(line);
    if (pending.length > MAX_FIELD_CHARS) assertPendingFieldsFit(pending, options.delimiter, line);
  };

  try {
    // The bytes of a character the previous chunk cut off, to say exactly where invalid UTF-8 starts.
    let carry: Uint8Array = new Uint8Array(0);
    for await (const chunk of createReadStream(options.path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw cancelledError();
      // The sniffer saw only the head; a NUL byte further on is binary content all the same.
      const nul = chunk.indexOf(0);
      if (nul >= 0) throw nulByteError(bytesRead + nul);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new InvalidUtf8Error(bytesRead + firstInvalidUtf8(carry, chunk));
      }
      carry = incompleteUtf8Tail(chunk);
      bytesRead += chunk.length;
      feed(normalise(text, false), false);
      options.onProgress?.({ bytesRead, totalBytes: options.totalBytes, rows });
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new InvalidUtf8Error(bytesRead - carry.length);
    }
    feed(normalise(tail, true), true);
  } catch (e) {
    if (e instanceof CsvImportError || e instanceof InvalidUtf8Error) throw e;
    throw new CsvImportError({ code: 'io-error', message: `cannot read ${options.path}: ${(e as Error).message}` });
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** An unfinished row already longer than a field may be: fail now if a field or the field count is over its cap. */
function assertPendingFieldsFit(pending: string, delimiter: string, line: number): void {
  const rows = new Papa.Parser({ delimiter, newline: '\n' }).parse(pending, 0, false).data as string[][];
  for (const row of rows) {
    if (row.length > MAX_COLUMNS) throw tooManyColumns(line, row.length, true);
    if (row.some((f) => f.length > MAX_FIELD_CHARS)) throw fieldTooLarge(line);
  }
}

function tooManyColumns(line: number, fields: number, soFar = false): CsvImportError {
  const cap = MAX_COLUMNS.toLocaleString('en-US');
  return new CsvImportError({
    code: 'too-many-columns',
    line,
    message: `line ${line} has ${soFar ? 'more than ' : ''}${fields.toLocaleString('en-US')} fields; at most ${cap} columns can be imported ` +
      '(is the delimiter right?). Keep the columns you need in a copy of the file and import that',
  });
}

function lineTooLong(line: number): CsvImportError {
  return new CsvImportError({
    code: 'line-too-long',
    line,
    message: `line ${line} is longer than ${MAX_LINE_CHARS / 1024 ** 2} MB (is a closing quote or a line break missing?)`,
  });
}

function fieldTooLarge(line: number): CsvImportError {
  return new CsvImportError({
    code: 'field-too-large',
    line,
    message: `line ${line}: a field is longer than 1 MB (is a closing quote missing?)`,
  });
}

function quoteError(error: Papa.ParseError, line: number): CsvImportError {
  if (error.code === 'MissingQuotes') {
    return new CsvImportError({ code: 'unterminated-quote', line, message: `line ${line}: a quoted field is never closed (missing ")` });
  }
  return new CsvImportError({ code: 'invalid-quote', line, message: `line ${line}: malformed quotes (${error.message})` });
}
