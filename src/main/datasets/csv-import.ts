/**
 * CSV file → dataset, in the calling thread (the CLI uses this directly; the app runs it in a worker via
 * importCsvInWorker). Nothing partial is returned: any problem throws a CsvImportError.
 */
import { open, stat } from 'node:fs/promises';
import { COLUMN_TYPES, suggestedTask as suggestedTaskOf } from '../../shared/column-vocabulary';
import { ColumnAccumulator } from './column-accumulator';
import { profileColumn } from './column-profile';
import { storedTable, targetProblem } from './columns';
import { CsvImportError } from './csv-import-error';
import type { ColumnInfo, CsvImportOptions, CsvImportResult, CsvNotice, ImportHooks } from './csv-import-types';
import type { CsvRow } from './csv-row';
import { InvalidUtf8Error, readCsvRows } from './csv-row-reader';
import { assertTextBytes, detectDialect, isUtf8, type CsvDialect, type CsvEncoding } from './csv-sniff';
import { ColumnNotices } from './csv-notices';
import { detachString } from './csv-tokens';

const SNIFF_BYTES = 64 * 1024;
const PREVIEW_ROWS = 50;
/** Preview cells are for a grid, not for reading whole documents. */
const PREVIEW_CELL_CHARS = 1000;
/** Ragged rows listed in the error before giving up. */
const REPORTED_BAD_LINES = 5;
/** Skipped lines remembered in the result (the count is always exact). */
const MAX_RECORDED_LINES = 1000;

export async function importCsvFile(path: string, options: CsvImportOptions = {}, hooks: ImportHooks = {}): Promise<CsvImportResult> {
  const bytes = await fileSize(path);
  if (bytes === 0) throw new CsvImportError({ code: 'empty-file', message: 'the file is empty' });
  const head = await readHead(path, Math.min(bytes, SNIFF_BYTES));
  assertTextBytes(head);
  const source = { path, bytes, head };
  if (isUtf8(head, head.length === bytes)) {
    try {
      return await importWithEncoding(source, 'utf-8', [], options, hooks);
    } catch (e) {
      if (!(e instanceof InvalidUtf8Error)) throw e;
      return importWithEncoding(source, 'windows-1252', [fallbackNotice(`near byte ${e.nearByte}`)], options, hooks);
    }
  }
  return importWithEncoding(source, 'windows-1252', [fallbackNotice('in its first bytes')], options, hooks);
}

function fallbackNotice(where: string): CsvNotice {
  return { code: 'encoding-fallback', message: `the file is not valid UTF-8 (${where}); it was read as Windows-1252` };
}

interface FileSource {
  readonly path: string;
  readonly bytes: number;
  readonly head: Uint8Array;
}

async function importWithEncoding(
  file: FileSource,
  encoding: CsvEncoding,
  notices: CsvNotice[],
  options: CsvImportOptions,
  hooks: ImportHooks,
): Promise<CsvImportResult> {
  const isWholeFile = file.head.length === file.bytes;
  const sample = new TextDecoder(encoding).decode(file.head, { stream: !isWholeFile }).replace(/\r\n?/g, '\n');
  if (isWholeFile && sample.replace(/^\uFEFF/, '').trim() === '') {
    throw new CsvImportError({ code: 'empty-file', message: 'the file contains no data (only blank lines)' });
  }
  const dialect = detectDialect(sample, isWholeFile) ?? { delimiter: ',', decimalComma: false, hasHeader: true };
  const builder = new DatasetBuilder(dialect, options.skipBadRows ?? false);
  await readCsvRows(
    { path: file.path, encoding, delimiter: dialect.delimiter, totalBytes: file.bytes, signal: hooks.signal, onProgress: hooks.onProgress },
    (row, line) => builder.addRow(row, line),
  );
  return builder.finish({ ...dialect, encoding, bytes: file.bytes, notices, options });
}

class DatasetBuilder {
  private names: string[] | null = null;
  private accumulators: ColumnAccumulator[] = [];
  private readonly headerNotices: CsvNotice[] = [];
  /** Column-by-column notes (names, exclusions, values), grouped when many (see csv-notices). */
  private readonly notes = new ColumnNotices();
  private readonly preview: string[][] = [];
  private rowCount = 0;
  private readonly badLines: number[] = [];
  private badRows = 0;
  private blankRows = 0;
  private trailingFieldRows = 0;
  private firstBadFieldCount = 0;
  private headerLine = 1;
  /** The header ends with the delimiter: a nameless last column, dropped at the end if it is empty too. */
  private trailingNameless = false;

  constructor(
    private readonly dialect: CsvDialect,
    private readonly skipBadRows: boolean,
  ) {}

  addRow(row: CsvRow, line: number): void {
    if (!this.names) {
      this.start(row.toArray(), line);
      if (this.dialect.hasHeader) return;
    }
    const width = this.accumulators.length;
    if (row.length !== width || isBlank(row.field(0))) {
      const blankFrom = (from: number) => Array.from({ length: row.length - from }, (_, i) => row.field(from + i)).every(isBlank);
      if (blankFrom(0)) {
        this.blankRows++;
        return;
      }
      if (row.length > width && blankFrom(width)) this.trailingFieldRows++;
      else if (row.length !== width) return this.badRow(row.length, line);
    }
    for (let i = 0; i < width; i++) this.accumulators[i].pushField(row.source(i), row.start(i), row.end(i), line);
    if (this.preview.length < PREVIEW_ROWS) this.preview.push(Array.from({ length: width }, (_, i) => previewCell(row.field(i))));
    this.rowCount++;
  }

  private start(fields: string[], line: number): void {
    if (fields.length < 2) {
      throw new CsvImportError({
        code: 'single-column',
        line,
        message: `line ${line}: only one column found (no , ; tab or | delimiter); a dataset needs features and a target`,
      });
    }
    // A UTF-8 byte order mark may survive as U+FEFF, or as "ï»¿" when the file was read as Windows-1252.
    const tokens = fields.map((f, i) => (i === 0 ? f.replace(/^(\uFEFF|ï»¿)/, '') : f).trim());
    this.headerLine = line;
    if (this.dialect.hasHeader) {
      this.trailingNameless = tokens[tokens.length - 1] === '';
      this.names = uniqueNames(tokens, this.notes, this.trailingNameless);
    } else {
      this.names = tokens.map((_, i) => `col_${i + 1}`);
      this.headerNotices.push({ code: 'no-header', message: `line ${line} looks like data, not column names; columns were named col_1…col_${tokens.length}` });
    }
    this.accumulators = tokens.map(() => new ColumnAccumulator(this.dialect.decimalComma));
  }

  private badRow(fieldCount: number, line: number): void {
    this.badRows++;
    if (this.badRows === 1) this.firstBadFieldCount = fieldCount;
    if (this.badLines.length < (this.skipBadRows ? MAX_RECORDED_LINES : REPORTED_BAD_LINES)) this.badLines.push(line);
    if (!this.skipBadRows && this.badRows === REPORTED_BAD_LINES) throw this.raggedError();
  }

  private raggedError(): CsvImportError {
    const fieldCount = this.firstBadFieldCount;
    const [first, ...more] = this.badLines;
    const also = more.length > 0 ? ` (also line${more.length > 1 ? 's' : ''} ${more.join(', ')}${this.badRows >= REPORTED_BAD_LINES ? ', …' : ''})` : '';
    return new CsvImportError({
      code: 'ragged-rows',
      line: first,
      lines: [...this.badLines],
      message: `line ${first} has ${fieldCount} fields but the header has ${this.accumulators.length}${also}; fix the file or skip such rows`,
    });
  }

  finish(meta: CsvDialect & { encoding: CsvEncoding; bytes: number; notices: CsvNotice[]; options: CsvImportOptions }): CsvImportResult {
    const names = this.names;
    if (!names) throw new CsvImportError({ code: 'empty-file', message: 'the file contains no data (only blank lines)' });
    if (this.badRows > 0 && !this.skipBadRows) throw this.raggedError();
    if (this.rowCount === 0) throw new CsvImportError({ code: 'no-rows', line: this.headerLine, message: `the file has a header (line ${this.headerLine}) but no data rows` });

    const notices = [...meta.notices, ...this.headerNotices, ...this.rowNotices(meta.decimalComma)];
    const { notes } = this;
    const finished = this.accumulators.map((a) => a.finish());
    this.accumulators = [];
    if (this.trailingNameless) {
      const last = finished[finished.length - 1];
      if (last.counts.missing === last.counts.rows) {
        finished.pop();
        names.pop();
        notices.push({ code: 'trailing-delimiter', message: 'every line ends with a delimiter; the empty nameless column this makes was left out' });
      } else {
        notes.add('empty-header', emptyHeaderNote(names.length));
      }
    }
    const data = finished.map((f) => f.data);
    const profiles = finished.map((f) => profileColumn(f.data, f.counts));
    const columns: ColumnInfo[] = names.map((name, i) => ({
      name,
      inferredType: profiles[i].type,
      stats: profiles[i].stats,
      excludedByDefault: profiles[i].exclusionReason !== null,
      exclusionReason: profiles[i].exclusionReason,
    }));
    finished.forEach(({ counts }, i) => addColumnNotes(notes, columns[i], counts));
    notices.push(...notes.notices(GROUPED));

    const { options } = meta;
    // By default the last column that has any value: an empty column never becomes the target.
    let lastWithValues = names.length - 1;
    while (lastWithValues > 0 && profiles[lastWithValues].stats.count === 0) lastWithValues--;
    const target = options.target ?? names[lastWithValues];
    const targetIndex = names.indexOf(target);
    if (targetIndex < 0) throw new CsvImportError({ code: 'unknown-target', message: `no column named "${target}" (columns: ${names.join(', ')})` });
    const targetProfile = profiles[targetIndex];
    const suggestedTask = suggestedTaskOf(targetProfile.type, targetProfile.stats.distinct);
    const task = options.task ?? suggestedTask;
    const chosen = options.target !== undefined || options.task !== undefined;
    if (chosen && task === 'classification' && profiles[targetIndex].stats.distinct < 2) {
      throw new CsvImportError({
        code: 'one-class-target',
        message: `target "${target}" has ${profiles[targetIndex].stats.distinct === 0 ? 'no values' : 'only one class'}; classification needs at least two`,
      });
    }
    // The suggested task decides how the target is stored; a task chosen otherwise applies when a training table is built.
    const table = storedTable(this.rowCount, columns, data, target, suggestedTask);
    // A default target that cannot be trained on is kept (the person picks another), with the reason up front.
    const problem = chosen ? null : targetProblem(table.columns[targetIndex], suggestedTask, meta.decimalComma);
    if (problem) notices.push({ code: 'unusable-target', column: target, message: problem });

    return {
      table,
      columns,
      notices,
      suggestedTarget: target,
      suggestedTask,
      rowCount: this.rowCount,
      skippedRows: this.badRows,
      skippedLines: this.badLines,
      encoding: meta.encoding,
      delimiter: meta.delimiter,
      decimalComma: meta.decimalComma,
      hadHeader: this.dialect.hasHeader,
      bytes: meta.bytes,
      preview: this.preview,
    };
  }

  private rowNotices(decimalComma: boolean): CsvNotice[] {
    const notices: CsvNotice[] = [];
    if (decimalComma) notices.push({ code: 'decimal-comma', message: 'numbers use a decimal comma (1,5 = 1.5)' });
    if (this.badRows > 0) {
      const shown = this.badLines.slice(0, 10).join(', ');
      notices.push({ code: 'skipped-rows', message: `${this.badRows} row(s) with the wrong number of fields were skipped (lines ${shown}${this.badRows > 10 ? ', …' : ''})` });
    }
    if (this.blankRows > 0) notices.push({ code: 'blank-rows', message: `${this.blankRows} row(s) with only empty fields were ignored` });
    if (this.trailingFieldRows > 0) {
      notices.push({ code: 'trailing-fields', message: `${this.trailingFieldRows} row(s) had extra empty fields at the end; they were ignored` });
    }
    return notices;
  }
}

function previewCell(field: string): string {
  const cell = field.trim();
  return detachString(cell.length > PREVIEW_CELL_CHARS ? `${cell.slice(0, PREVIEW_CELL_CHARS)}…` : cell);
}

function isBlank(field: string): boolean {
  return field.trim() === '';
}

/** How each kind of column notice reads when many columns have it. */
const GROUPED: Parameters<ColumnNotices['notices']>[0] = {
  'duplicate-header': (n, examples) => `${n} repeated column names were renamed (${examples})`,
  'empty-header': (n, examples) => `${n} columns have no name; they were called col_<position> (${examples})`,
  'column-excluded': (n, examples) => `${n} columns are left out by default (${examples})`,
  'non-numeric-values': (n, examples) => `${n} columns had non-numeric values, treated as missing (${examples})`,
  'infinite-values': (n, examples) => `${n} columns contain infinite values (${examples})`,
};

function emptyHeaderNote(column: number) {
  return { column: `col_${column}`, message: `column ${column} has no name; it was called col_${column}`, example: `col_${column}` };
}

/**
 * Empty names become col_<n>, repeated ones get _2, _3…, skipping names the file has anyway, so no real column is
 * renamed; both are noted (a nameless last column only once it turns out to hold values, see `finish`). Linear:
 * the next free suffix is remembered per name instead of searched from 2 for every repeat.
 */
function uniqueNames(tokens: readonly string[], notes: ColumnNotices, trailingNameless: boolean): string[] {
  const names = tokens.map((t, i) => {
    if (t !== '') return t;
    if (!(trailingNameless && i === tokens.length - 1)) notes.add('empty-header', emptyHeaderNote(i + 1));
    return `col_${i + 1}`;
  });
  const taken = new Set(names);
  const seen = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    let k = nextSuffix.get(name) ?? 2;
    while (taken.has(`${name}_${k}`)) k++;
    nextSuffix.set(name, k + 1);
    const unique = `${name}_${k}`;
    taken.add(unique);
    seen.add(unique);
    notes.add('duplicate-header', {
      column: unique,
      message: `column name "${name}" appears more than once; this one was renamed "${unique}"`,
      example: `"${name}" → "${unique}"`,
    });
    return unique;
  });
}

function addColumnNotes(notes: ColumnNotices, column: ColumnInfo, counts: { nonNumeric: number; firstNonNumeric: { line: number; token: string } | null }): void {
  const { name, stats } = column;
  if (column.exclusionReason) {
    notes.add('column-excluded', { column: name, message: `column "${name}" is left out by default: ${column.exclusionReason}`, example: `"${name}": ${column.exclusionReason}` });
  }
  const numeric = COLUMN_TYPES[column.inferredType].storage === 'numeric';
  if (numeric && counts.nonNumeric > 0 && counts.firstNonNumeric) {
    const { line, token } = counts.firstNonNumeric;
    notes.add('non-numeric-values', {
      column: name,
      message: `column "${name}": ${counts.nonNumeric} non-numeric value(s) were treated as missing (first: "${token}" on line ${line})`,
      example: `"${name}": "${token}" on line ${line}`,
    });
  }
  if (stats.infinite > 0) {
    notes.add('infinite-values', { column: name, message: `column "${name}" contains ${stats.infinite} infinite value(s)`, example: `"${name}"` });
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a regular file');
    return s.size;
  } catch (e) {
    throw new CsvImportError({ code: 'io-error', message: `cannot read ${path}: ${(e as Error).message}` });
  }
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
