import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsvFile } from './csv-import';
import { CsvImportError } from './csv-import-error';
import { MAX_COLUMNS, MAX_LINE_CHARS } from './csv-row-reader';
import { buildTrainingTable, defaultSettings } from './columns';

/**
 * Wide files: every step is linear in the number of columns (these cases took a minute or never finished when
 * name de-duplication and column lookups were quadratic), notices come grouped, and a file wider than the cap
 * or a line without end is refused at once with a message that says so.
 */
const dir = mkdtempSync(join(tmpdir(), 'nw-csv-wide-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function file(content: string): string {
  const path = join(dir, `wide-${++count}.csv`);
  writeFileSync(path, content);
  return path;
}
async function failure(path: string): Promise<CsvImportError> {
  try {
    await importCsvFile(path);
  } catch (e) {
    if (e instanceof CsvImportError) return e;
    throw e;
  }
  throw new Error('import unexpectedly succeeded');
}
const line = (n: number, cell: (i: number) => string) => Array.from({ length: n }, (_, i) => cell(i)).join(',');

describe('wide files', () => {
  it('renames 30,000 repeated names in one go and reports them in one notice', async () => {
    const n = 30_000;
    const r = await importCsvFile(file([line(n, () => 'x'), line(n, (i) => String(i % 7)), line(n, (i) => String(i % 5))].join('\n')));
    expect(r.columns).toHaveLength(n);
    expect(r.columns.slice(0, 3).map((c) => c.name)).toEqual(['x', 'x_2', 'x_3']);
    expect(r.columns[n - 1].name).toBe(`x_${n}`);
    expect(new Set(r.columns.map((c) => c.name)).size).toBe(n);
    const duplicates = r.notices.filter((n) => n.code === 'duplicate-header');
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0].message).toMatch(/^29,999 repeated column names were renamed/);
    // No notice kind repeats per column: the list stays short however wide the file is.
    expect(r.notices.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(r.notices).length).toBeLessThan(4000);
  });

  it('never renames a real column to make room: a repeat skips names the file already has', async () => {
    const r = await importCsvFile(file('x,x,x_2,,y\n1,2,3,4,5\n6,7,8,9,10\n'));
    expect(r.columns.map((c) => c.name)).toEqual(['x', 'x_3', 'x_2', 'col_4', 'y']);
    expect(r.notices.filter((n) => n.code === 'duplicate-header').map((n) => n.column)).toEqual(['x_3']);
  });

  it('groups the per-column notices of many columns (left out, infinite values, no name)', async () => {
    const n = 5000;
    const rows = Array.from({ length: 30 }, (_, r) => line(n, (i) => (i % 2 ? 'same' : r === 3 ? 'inf' : String((r + i) % 4))));
    const r = await importCsvFile(file([line(n, (i) => (i % 1000 === 999 ? '' : `c${i}`)), ...rows].join('\n')));
    const excluded = r.notices.filter((x) => x.code === 'column-excluded');
    expect(excluded).toHaveLength(1);
    expect(excluded[0].message).toMatch(/^2,500 columns are left out by default/);
    expect(excluded[0].message).toContain('"c1": all values are equal');
    const infinite = r.notices.filter((x) => x.code === 'infinite-values');
    expect(infinite).toHaveLength(1);
    expect(infinite[0].message).toBe('2,500 columns contain infinite values ("c0"; "c2"; "c4"; …)');
    // Five nameless columns: few enough to be listed one by one.
    expect(r.notices.filter((x) => x.code === 'empty-header').map((x) => x.column)).toEqual(['col_1000', 'col_2000', 'col_3000', 'col_4000', 'col_5000']);
  });

  it('builds the training table of 50,000 columns by name lookups that do not scan', async () => {
    const n = 50_000;
    const r = await importCsvFile(file([line(n, (i) => `c${i}`), ...[1, 2, 3].map((k) => line(n, (i) => String((i * 13 + k * 5) % 7)))].join('\n')));
    const settings = defaultSettings(r.columns, r.suggestedTarget);
    const t = buildTrainingTable(r.table, settings, 'regression', false);
    expect(t.features).toHaveLength(n - 1);
    expect(t.table.columns[1].name).toBe('c0');
  });

  it(`refuses a file wider than ${MAX_COLUMNS.toLocaleString('en-US')} columns, naming the count and the cap`, async () => {
    const e = await failure(file(`${line(MAX_COLUMNS + 1, (i) => `c${i}`)}\n${line(MAX_COLUMNS + 1, () => '1')}\n`));
    expect(e.code).toBe('too-many-columns');
    expect(e.line).toBe(1);
    expect(e.message).toContain(`at most ${MAX_COLUMNS.toLocaleString('en-US')}`);
  });

  it('refuses a 4 MB line of "1," at once instead of reading it forever', async () => {
    const e = await failure(file('1,'.repeat(2 * 1024 * 1024)));
    expect(e.code).toBe('too-many-columns');
    expect(e.line).toBe(1);
  });

  it('refuses a data row with more fields than the cap on its line', async () => {
    const e = await failure(file(`a,b\n1,2\n${'3,'.repeat(MAX_COLUMNS + 10)}4\n`));
    expect(e.code).toBe('too-many-columns');
    expect(e.line).toBe(3);
  });

  it(`refuses a line longer than ${MAX_LINE_CHARS / 1024 ** 2} MB, naming it, before reading the rest`, async () => {
    const e = await failure(file(`a,b\n1,2\n${Array.from({ length: 20 }, () => 'z'.repeat(900_000)).join(',')}\n5,6\n`));
    expect(e.code).toBe('line-too-long');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3 is longer than 16 MB/);
  });
});
