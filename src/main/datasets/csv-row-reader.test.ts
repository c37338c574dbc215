import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { ColumnAccumulator } from './column-accumulator';
import { readCsvRows } from './csv-row-reader';

const dir = mkdtempSync(join(tmpdir(), 'nw-csv-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row as the reader hands it on: its fields and the line it starts on. */
async function readAll(text: string, delimiter: ',' | ';' = ','): Promise<[string[], number][]> {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  const rows: [string[], number][] = [];
  await readCsvRows({ path, encoding: 'utf-8', delimiter, totalBytes: Buffer.byteLength(text) }, (row, line) => rows.push([row.toArray(), line]));
  return rows;
}

/** The reference: papaparse on the whole text at once, blank rows dropped, each row's first line counted. */
function reference(text: string, delimiter: string): [string[], number][] {
  const data = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { delimiter, newline: '\n' }).data;
  let line = 1;
  return data.flatMap((fields) => {
    const at = line;
    line += 1 + fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    return fields.length === 1 && fields[0].trim() === '' ? [] : [[fields, at] as [string[], number]];
  });
}

/** A seeded mix of the fields real files hold: numbers, padded numbers, words, missing, odd spaces, quotes. */
function randomCsv(seed: number, rows: number, quotes: boolean): string {
  let s = seed;
  const rnd = () => ((s = (s * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const field = () => pick([
    () => (rnd() * 200 - 100).toFixed(Math.floor(rnd() * 6)), () => ` ${Math.floor(rnd() * 1e6)}\t`, () => '', () => 'NA',
    () => pick(['setosa', 'ünïcode', '\u00a012.5\u00a0', '1,000', '1e5', '-', '.5', '7.', '0x1F', '\u2003']),
    ...(quotes ? [() => '"a, ""b""\nc"', () => '"3.25"'] : []),
  ])();
  const lines = Array.from({ length: rows }, () => (rnd() < 0.02 ? '' : Array.from({ length: 1 + Math.floor(rnd() * 5) }, field).join(',')));
  return lines.join(pick(['\n', '\r\n', '\r'])) + (rnd() < 0.5 ? '\n' : '');
}

describe('readCsvRows', () => {
  it.each([[1, false], [2, false], [3, true], [4, true]])('gives papaparse\'s rows and lines across 1 MB chunks (seed %i, quotes %s)', async (seed, quotes) => {
    const text = randomCsv(seed, 120_000, quotes);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(await readAll(text)).toEqual(reference(text, ','));
  });

  it('gives the same when only some chunks have quotes (the two ways of reading meet at chunk edges)', async () => {
    const text = [randomCsv(5, 60_000, false), randomCsv(6, 3_000, true), randomCsv(7, 60_000, false), randomCsv(8, 10, true)].join('\n');
    expect(await readAll(text)).toEqual(reference(text, ','));
  });

  it('reads long stretches of lines without a delimiter as papaparse does (and in one pass over them)', async () => {
    const text = ['a,b', ...Array.from({ length: 150_000 }, (_, i) => String(i)), '1,2'].join('\n');
    const rows = await readAll(text);
    expect(rows).toEqual(reference(text, ','));
    expect(rows.at(-1)).toEqual([['1', '2'], 150_002]);
  });

  it('splits on the dialect\'s delimiter only', async () => {
    const text = 'a;b,c\n1,5;2\n';
    expect(await readAll(text, ';')).toEqual([[['a', 'b,c'], 1], [['1,5', '2'], 2]]);
  });
});

describe('ColumnAccumulator.pushField', () => {
  it('reads every field as push() reads it trimmed', () => {
    const tokens = ['1.5', ' 2 ', '-0', '+3.25', '007', '.5', '7.', '1,000', '1e5', '0x1F', 'NA', '', ' ', '\u00a09\u00a0', '\u20034', 'abc', '12345678901234567', '-', '1.2.3'];
    for (const decimalComma of [false, true]) {
      const inPlace = new ColumnAccumulator(decimalComma);
      const copied = new ColumnAccumulator(decimalComma);
      const text = `|${tokens.join('|')}|`;
      let at = 1;
      for (const token of tokens) {
        inPlace.pushField(text, at, at + token.length, 2);
        copied.push(token.trim(), 2);
        at += token.length + 1;
      }
      expect(inPlace.finish()).toEqual(copied.finish());
    }
  });
});
