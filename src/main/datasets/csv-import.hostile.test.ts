import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CategoricalColumn, NumericColumn } from '../../engine/data/table';
import { DICTIONARY_LIMIT } from './column-accumulator';
import { importCsvFile } from './csv-import';
import { CsvImportError, type CsvErrorCode } from './csv-import-error';
import type { CsvImportOptions, CsvImportResult } from './csv-import-types';
import { MAX_FIELD_CHARS } from './csv-row-reader';
import { buildTrainingTable, defaultSettings, type ColumnSetting } from './columns';

const dir = mkdtempSync(join(tmpdir(), 'nw-csv-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

function csvFile(content: string | Uint8Array): string {
  const path = join(dir, `case-${++fileCount}.csv`);
  writeFileSync(path, content);
  return path;
}

const load = (content: string | Uint8Array, options?: CsvImportOptions): Promise<CsvImportResult> => importCsvFile(csvFile(content), options);

async function failure(content: string | Uint8Array, options?: CsvImportOptions): Promise<CsvImportError> {
  try {
    await load(content, options);
  } catch (e) {
    if (e instanceof CsvImportError) return e;
    throw e;
  }
  throw new Error('import unexpectedly succeeded');
}

function numeric(result: CsvImportResult, name: string): number[] {
  const col = result.table.columns.find((c) => c.name === name);
  if (col?.kind !== 'numeric') throw new Error(`${name} is not a numeric table column`);
  return Array.from((col as NumericColumn).values);
}

function labels(result: CsvImportResult, name: string): (string | null)[] {
  const col = result.table.columns.find((c) => c.name === name);
  if (col?.kind !== 'categorical') throw new Error(`${name} is not a categorical table column`);
  const { codes, categories } = col as CategoricalColumn;
  return Array.from(codes, (c) => (c < 0 ? null : categories[c]));
}

const codes = (result: CsvImportResult): string[] => result.notices.map((n) => n.code);
/** The columns a training table gets from the import's own settings: the features, then the target. */
function defaultTrainingColumns(r: CsvImportResult): string[] {
  const t = buildTrainingTable(r.table, defaultSettings(r.columns, r.suggestedTarget), r.suggestedTask, r.decimalComma);
  return [...t.features, t.target];
}
const info = (result: CsvImportResult, name: string) => result.columns.find((c) => c.name === name);

describe('dialects and encodings', () => {
  it('reads semicolons with decimal commas', async () => {
    const r = await load('x;y;label\n1,5;-2,25;a\n3;4,0;b\n');
    expect(r.delimiter).toBe(';');
    expect(r.decimalComma).toBe(true);
    expect(numeric(r, 'x')).toEqual([1.5, 3]);
    expect(numeric(r, 'y')).toEqual([-2.25, 4]);
    expect(codes(r)).toContain('decimal-comma');
  });

  it('reads quoted numbers with thousands separators as numbers', async () => {
    const r = await load('amount,label\n"1,000",a\n"-2,500.5",b\n300,a\n');
    expect(r.delimiter).toBe(',');
    expect(numeric(r, 'amount')).toEqual([1000, -2500.5, 300]);
  });

  it('reads tab- and pipe-separated files', async () => {
    const tab = await load('a\tb\tc\n1\t2\tx\n3\t4\ty\n');
    expect(tab.delimiter).toBe('\t');
    expect(numeric(tab, 'b')).toEqual([2, 4]);
    const pipe = await load('a|b|c\n1|2|x\n3|4|y\n');
    expect(pipe.delimiter).toBe('|');
    expect(labels(pipe, 'c')).toEqual(['x', 'y']);
  });

  it('strips a UTF-8 byte order mark from the first column name', async () => {
    const r = await load('\uFEFFfirst,second\n1,a\n2,b\n');
    expect(r.columns[0].name).toBe('first');
    expect(r.encoding).toBe('utf-8');
  });

  it('handles CRLF, lone CR and mixed line endings', async () => {
    const crlf = await load('a,b\r\n1,x\r\n2,y\r\n');
    expect(labels(crlf, 'b')).toEqual(['x', 'y']);
    const mixed = await load('a,b\n1,x\r\n2,y\r3,z\n4,w');
    expect(mixed.rowCount).toBe(4);
    expect(numeric(mixed, 'a')).toEqual([1, 2, 3, 4]);
    expect(labels(mixed, 'b')).toEqual(['x', 'y', 'z', 'w']);
  });

  it('keeps delimiters, quotes and newlines inside quoted fields and counts their lines', async () => {
    const r = await load('id,note,y\n1,"a, b",p\n2,"two\nlines ""quoted""",q\n3,plain,p\n', { skipBadRows: true });
    expect(r.preview[0][1]).toBe('a, b');
    expect(r.preview[1][1]).toBe('two\nlines "quoted"');
    // a ragged row after a two-line field is reported on its physical line
    const e = await failure('a,b\n1,"x\ny"\n2,"p\r\nq\r\nr"\n3\n');
    expect(e.code).toBe('ragged-rows');
    expect(e.line).toBe(7);
  });

  it('falls back to Windows-1252 with a notice when the bytes are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('name,y\ncaf'), Buffer.from([0xe9]), Buffer.from(',1\nna'), Buffer.from([0xef, 0x76, 0x65]), Buffer.from(',2\n')]);
    const r = await load(bytes);
    expect(r.encoding).toBe('windows-1252');
    expect(codes(r)).toContain('encoding-fallback');
    expect(r.preview.map((row) => row[0])).toEqual(['café', 'naïve']);
    const withBom = await load(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    expect(withBom.encoding).toBe('windows-1252');
    expect(withBom.columns[0].name).toBe('name');
  });

  it('restarts as Windows-1252 when invalid UTF-8 appears after the sniffed head', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 3},${i % 2 ? 'a' : 'b'}`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`x,y,z\n${rows}\n`), Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0xe9, 0x0a])]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const r = await load(bytes);
    expect(r.encoding).toBe('windows-1252');
    expect(r.notices.find((n) => n.code === 'encoding-fallback')?.message).toMatch(/near byte \d+/);
    expect(r.rowCount).toBe(20_001);
    expect(r.preview[0]).toEqual(['0', '0', 'b']);
  });
});

describe('bytes past the sniffed head', () => {
  const body = (rows: number) => Array.from({ length: rows }, (_, i) => `${i},${i % 3},${i % 2 ? 'yes' : 'no'}`).join('\n');

  it('refuses a NUL byte anywhere in the file, naming its offset', async () => {
    const head = Buffer.from(`x,y,z\n${body(10_000)}\n`);
    expect(head.length).toBeGreaterThan(64 * 1024);
    const e = await failure(Buffer.concat([head, Buffer.from('1,2,yes'), Buffer.from([0]), Buffer.from('\n')]));
    expect(e.code).toBe('not-text');
    expect(e.message).toContain(`NUL byte at offset ${head.length + 7}`);
  });

  it('reports invalid UTF-8 at the byte where it is, also past the first chunk', async () => {
    for (const at of [90_000, 1024 * 1024 + 5]) {
      const text = Buffer.from(`x,y,z\n${body(200_000)}\n`);
      // Put 0xE9 (é in Windows-1252) in place of a digit, on a line boundary's far side.
      const bytes = Buffer.from(text);
      let i = at;
      while (bytes[i] < 0x30 || bytes[i] > 0x39) i++;
      bytes[i] = 0xe9;
      const r = await load(bytes);
      expect(r.encoding).toBe('windows-1252');
      expect(r.notices.find((n) => n.code === 'encoding-fallback')?.message).toContain(`near byte ${i}`);
    }
  });

  it('reports a multi-byte character cut off by the end of the file where it starts', async () => {
    const text = Buffer.from(`x,y\n${body(30_000).replaceAll(',yes', '').replaceAll(',no', '')}\n1,`);
    const r = await load(Buffer.concat([text, Buffer.from([0xe2, 0x82])]));
    expect(r.notices.find((n) => n.code === 'encoding-fallback')?.message).toContain(`near byte ${text.length}`);
  });
});

describe('headers', () => {
  it('makes duplicate and empty names unique, with notices', async () => {
    const r = await load('a,a,,b,a\n1,2,3,4,5\n6,7,8,9,10\n');
    expect(r.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'col_3', 'b', 'a_3']);
    expect(codes(r)).toEqual(expect.arrayContaining(['duplicate-header', 'empty-header']));
  });

  it('treats a first row of numbers as data and names columns col_1…', async () => {
    const r = await load('1,2.5,3\n4,5,6\n7,NA,9\n');
    expect(r.hadHeader).toBe(false);
    expect(r.columns.map((c) => c.name)).toEqual(['col_1', 'col_2', 'col_3']);
    expect(r.rowCount).toBe(3);
    expect(numeric(r, 'col_2')).toEqual([2.5, 5, NaN]);
    expect(codes(r)).toContain('no-header');
  });

  it('treats a first row that fits the column types as data, and a word over numbers as a header', async () => {
    const headerless = await load('5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,2.9,virginica\n');
    expect(headerless.hadHeader).toBe(false);
    expect(headerless.rowCount).toBe(3);
    expect(labels(headerless, 'col_3')).toEqual(['setosa', 'setosa', 'virginica']);
    const named = await load('length,2020,kind\n4.9,3.0,setosa\n6.3,2.9,virginica\n');
    expect(named.hadHeader).toBe(true);
    expect(named.columns.map((c) => c.name)).toEqual(['length', '2020', 'kind']);
  });

  it('keeps HTML in column names as plain text', async () => {
    const r = await load('<script>alert(1)</script>,<b>y</b>\n1,a\n2,b\n');
    expect(r.columns.map((c) => c.name)).toEqual(['<script>alert(1)</script>', '<b>y</b>']);
  });
});

describe('values', () => {
  it('recognises the missing-value tokens', async () => {
    const r = await load('v,y\n1,a\n,b\nNA,a\nN/A,b\nNaN,a\nnull,b\n?,a\n2,b\nna,a\n');
    expect(numeric(r, 'v')).toEqual([1, NaN, NaN, NaN, NaN, NaN, NaN, 2, NaN]);
    expect(info(r, 'v')?.stats.missing).toBe(7);
    expect(info(r, 'v')?.stats.count).toBe(2);
  });

  it('excludes a column that is entirely missing', async () => {
    const r = await load('a,gone,y\n1,NA,x\n2,,y\n3,?,x\n');
    expect(info(r, 'gone')?.inferredType).toBe('constant');
    expect(info(r, 'gone')?.exclusionReason).toMatch(/missing/);
    expect(defaultTrainingColumns(r)).toEqual(['a', 'y']);
  });

  it('reads ±Infinity spellings and reports them', async () => {
    const r = await load('v,y\ninf,a\n-inf,b\nInfinity,a\n-Infinity,b\n+inf,a\n1,b\n3,a\n');
    expect(numeric(r, 'v')).toEqual([Infinity, -Infinity, Infinity, -Infinity, Infinity, 1, 3]);
    const stats = info(r, 'v')?.stats;
    expect(stats?.infinite).toBe(5);
    expect(stats?.mean).toBe(2); // finite values only
    expect(codes(r)).toContain('infinite-values');
  });

  it('does not read hex literals as numbers and accepts quoted numbers', async () => {
    const r = await load('h,q,y\n0x1F,"1.5",a\n0x20,"2",b\n');
    expect(info(r, 'h')?.inferredType).toBe('categorical');
    expect(numeric(r, 'q')).toEqual([1.5, 2]);
  });

  it('turns a numeric-looking column categorical when a word appears late, keeping early rows', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i % 4}.0,${i % 2}`);
    const r = await load(`grade,y\n${rows.join('\n')}\nunknown,1\n`);
    expect(info(r, 'grade')?.inferredType).toBe('categorical');
    const values = labels(r, 'grade');
    expect(values.slice(0, 5)).toEqual(['0.0', '1.0', '2.0', '3.0', '0.0']);
    expect(values[500]).toBe('unknown');
    expect(new Set(values).size).toBe(5);
  });

  it('keeps a high-cardinality numeric column numeric when a few tokens are not numbers', async () => {
    const n = DICTIONARY_LIMIT + 500;
    const rows = Array.from({ length: n }, (_, i) => `${i === 7000 ? 'oops' : (i * 0.37).toFixed(2)},${i % 2}`);
    const r = await load(`x,y\n${rows.join('\n')}\n`);
    expect(info(r, 'x')?.inferredType).toBe('numeric');
    expect(numeric(r, 'x')[7000]).toBeNaN();
    const notice = r.notices.find((x) => x.code === 'non-numeric-values');
    expect(notice?.message).toContain('"oops" on line 7002');
  });

  it('infers booleans from yes/no words and from 0/1', async () => {
    const r = await load('flag,bit,y\nYes,0,a\nNo,1,b\nYes,1,a\n');
    expect(info(r, 'flag')?.inferredType).toBe('boolean');
    expect(info(r, 'bit')?.inferredType).toBe('boolean');
    expect(labels(r, 'bit')).toEqual(['0', '1', '1']);
  });

  it('stores a free-text column with more distinct values than it keeps as an empty categorical column, left out by default', async () => {
    const rows = Array.from({ length: DICTIONARY_LIMIT + 50 }, (_, i) => `note ${i},${i % 7},${i % 2 ? 'a' : 'b'}`);
    const r = await load(`note,x,y\n${rows.join('\n')}\n`);
    expect(info(r, 'note')?.inferredType).toBe('text');
    expect(labels(r, 'note').every((v) => v === null)).toBe(true);
    expect(defaultTrainingColumns(r)).toEqual(['x', 'y']);
  });

  it('excludes an identifier-like text column and a constant column by default', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `user_${1000 + i},same,${i % 3},${i % 2 ? 'a' : 'b'}`);
    const r = await load(`id,const,x,y\n${rows.join('\n')}\n`);
    expect(info(r, 'id')?.inferredType).toBe('text');
    expect(info(r, 'id')?.excludedByDefault).toBe(true);
    expect(info(r, 'const')?.inferredType).toBe('constant');
    expect(info(r, 'const')?.excludedByDefault).toBe(true);
    expect(defaultTrainingColumns(r)).toEqual(['x', 'y']);
    expect(r.notices.filter((n) => n.code === 'column-excluded').map((n) => n.column)).toEqual(['id', 'const']);
  });
});

describe('rows and lines', () => {
  it('reports ragged rows with their line numbers', async () => {
    const e = await failure('a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n');
    expect(e.code).toBe('ragged-rows');
    expect(e.line).toBe(3);
    expect(e.lines).toEqual([3, 5]);
    expect(e.message).toMatch(/line 3 has 2 fields but the header has 3 \(also line 5\)/);
  });

  it('stops after the first five ragged rows', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => (i % 2 ? '1,2' : '1,2,3'));
    const e = await failure(`a,b,c\n${rows.join('\n')}\n`);
    expect(e.lines).toEqual([3, 5, 7, 9, 11]);
  });

  it('skips ragged rows on request and records how many and where', async () => {
    const r = await load('a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n', { skipBadRows: true });
    expect(r.rowCount).toBe(3);
    expect(r.skippedRows).toBe(2);
    expect(r.skippedLines).toEqual([3, 5]);
    expect(numeric(r, 'a')).toEqual([1, 6, 13]);
    expect(codes(r)).toContain('skipped-rows');
  });

  it('ignores trailing empty lines, blank rows and trailing empty fields', async () => {
    const r = await load('a,b\n1,x\n\n,\n2,y,\n3,z\n\n\n   \n');
    expect(r.rowCount).toBe(3);
    expect(numeric(r, 'a')).toEqual([1, 2, 3]);
    expect(codes(r)).toEqual(expect.arrayContaining(['blank-rows', 'trailing-fields']));
  });

  it('reports the line where an unterminated quote starts', async () => {
    const e = await failure('a,b\n1,"ok\nstill ok"\n2,fine\n3,"never closed\n4,x\n5,y\n');
    expect(e.code).toBe('unterminated-quote');
    expect(e.line).toBe(5);
    expect(e.message).toContain('line 5');
  });

  it('rejects a field over 1 MB with its line', async () => {
    const e = await failure(`a,b\n1,x\n2,"${'z'.repeat(MAX_FIELD_CHARS + 10)}"\n`);
    expect(e.code).toBe('field-too-large');
    expect(e.line).toBe(3);
  });

  it('fails early on an unterminated quote in a big file instead of buffering the rest', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},v${i % 5}`).join('\n');
    const e = await failure(`a,b\n1,x\n2,"oops\n${rows}\n`);
    expect(e.code).toBe('field-too-large');
    expect(e.line).toBe(3);
  });

  it('accepts very long lines below the field limit', async () => {
    const long = 'w'.repeat(500_000);
    const wide = Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',');
    const r = await load(`text,x,y\n"${long}",1,a\n"${long}b",2,b\n`);
    expect(r.rowCount).toBe(2);
    expect(info(r, 'text')?.inferredType).toBe('categorical');
    expect(r.preview[0][0]).toBe(`${'w'.repeat(1000)}…`);
    const w = await load(`${wide}\n${Array.from({ length: 3000 }, (_, i) => i).join(',')}\n${Array.from({ length: 3000 }, (_, i) => i + 1).join(',')}\n`);
    expect(w.columns).toHaveLength(3000);
    expect(w.rowCount).toBe(2);
  });

  it('counts lines correctly across 1 MB chunk boundaries with CRLF and quoted newlines', async () => {
    const n = 60_000;
    const rows = Array.from({ length: n }, (_, i) => `"x${i}\r\ny",${i}`).join('\r\n');
    const e = await failure(`a,b\r\n${rows}\r\n1,2,3\r\n`);
    expect(e.code).toBe('ragged-rows');
    expect(e.line).toBe(2 + 2 * n);
  });
});

describe('rejected files', () => {
  const cases: [string, string | Uint8Array, CsvErrorCode][] = [
    ['an empty file', '', 'empty-file'],
    ['only blank lines', '\n\r\n  \n', 'empty-file'],
    ['a BOM and nothing else', '\uFEFF', 'empty-file'],
    ['a header without rows', '\n\na,b,c\n\n', 'no-rows'],
    ['a single column', 'value\n1\n2\n3\n', 'single-column'],
    ['binary garbage with NUL bytes', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256), 'not-text'],
    ['control characters without NUL', Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))), 'not-text'],
    ['UTF-16 text', Buffer.from('\uFEFFa,b\n1,2\n', 'utf16le'), 'not-text'],
  ];
  it.each(cases)('rejects %s', async (_name, content, code) => {
    expect((await failure(content)).code).toBe(code);
  });

  it('points at the header line when there are no data rows', async () => {
    expect((await failure('\n\na,b,c\n\n')).line).toBe(3);
  });

  it('rejects a one-class classification target only when a target or task is chosen', async () => {
    const content = 'x,y\n1,same\n2,same\n3,same\n';
    expect((await failure(content, { task: 'classification' })).code).toBe('one-class-target');
    expect((await failure(content, { target: 'y' })).code).toBe('one-class-target');
    expect((await load(content)).suggestedTask).toBe('classification');
  });

  it('rejects an unknown target and a missing file', async () => {
    expect((await failure('x,y\n1,2\n3,4\n', { target: 'nope' })).code).toBe('unknown-target');
    await expect(importCsvFile(join(dir, 'does-not-exist.csv'))).rejects.toMatchObject({ code: 'io-error' });
  });
});

describe('target, task and re-derived tables', () => {
  it('suggests classification for a small-integer target and regression for a wide one', async () => {
    const small = await load(`x,y\n${Array.from({ length: 100 }, (_, i) => `${i},${i % 5}`).join('\n')}\n`);
    expect(small.suggestedTask).toBe('classification');
    expect(labels(small, 'y').slice(0, 6)).toEqual(['0', '1', '2', '3', '4', '0']);
    const wide = await load(`x,y\n${Array.from({ length: 100 }, (_, i) => `${i},${i % 50}`).join('\n')}\n`);
    expect(wide.suggestedTask).toBe('regression');
    expect(numeric(wide, 'y').slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('re-derives the table with other kinds per column', async () => {
    const r = await load('n,c,y\n10,1.5,a\n20,NA,b\n10,x,a\n');
    const settings: ColumnSetting[] = [
      { name: 'n', type: 'categorical', role: 'feature' },
      { name: 'c', type: 'numeric', role: 'feature' },
      { name: 'y', type: 'categorical', role: 'target' },
    ];
    const t = buildTrainingTable(r.table, settings, 'classification', r.decimalComma).table;
    const n = t.columns[1] as CategoricalColumn;
    expect(n.categories).toEqual(['10', '20']);
    expect(Array.from(n.codes)).toEqual([0, 1, 0]);
    expect(Array.from((t.columns[2] as NumericColumn).values)).toEqual([1.5, NaN, NaN]);
  });

  it('refuses to make categories of a column with too many distinct values', async () => {
    const rows = Array.from({ length: DICTIONARY_LIMIT + 10 }, (_, i) => `${i / 7},${i % 2}`).join('\n');
    const r = await load(`x,y\n${rows}\n`);
    const settings: ColumnSetting[] = [{ name: 'x', type: 'categorical', role: 'feature' }, { name: 'y', type: 'integer', role: 'target' }];
    expect(() => buildTrainingTable(r.table, settings, 'classification', false)).toThrow(expect.objectContaining({ code: 'not-representable' }));
  });
});
