/**
 * CSV import throughput and memory: writes a ROWS × COLS numeric CSV (default 1,000,000 × 20) to a temp dir,
 * imports it (worker by default, `--in-thread` for the CLI path) and prints seconds, MB/s and peak RSS; then pandas
 * `read_csv` reads the same file (bench/peers/pandas.ts), when Debian's Python has pandas.
 * Run: npx tsx bench/csv-import.ts [--rows N] [--cols N] [--in-thread]
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsvFile } from '../src/main/datasets/csv-import';
import { importCsvInWorker } from '../src/main/datasets/csv-import-in-worker';
import { isMain } from './is-main';
import { type PandasReadCsv, pandasReadCsv } from './peers/pandas';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export interface CsvImportFigures {
  mode: 'worker' | 'in-thread';
  rows: number;
  cols: number;
  megabytes: number;
  seconds: number;
  mbPerSec: number;
  rssBeforeMb: number;
  peakRssMb: number;
  /** The float64 data itself, for scale. */
  dataMb: number;
  processMaxRssMb: number;
  /** pandas read_csv on the same file, or why it did not run. */
  pandas: PandasReadCsv | { missing: string };
}

async function writeNumericCsv(path: string, rows: number, cols: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(Array.from({ length: cols }, (_, j) => `f${j}`).join(',') + '\n');
  let seed = 12345;
  // xorshift32: integer-exact, so every value is distinct enough to look like real measurements
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) / 2 ** 32) * 100 - 50;
  };
  for (let i = 0; i < rows; i++) {
    let line = '';
    for (let j = 0; j < cols; j++) line += (j ? ',' : '') + next().toFixed(4);
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Writes a rows × cols numeric CSV to a temp dir, imports it and measures time and memory. */
export async function csvImportBench({ rows = 1_000_000, cols = 20, inThread = false } = {}): Promise<CsvImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-csv-'));
  try {
    const path = join(dir, 'numeric.csv');
    await writeNumericCsv(path, rows, cols);
    const megabytes = statSync(path).size / 1e6;
    const rssBefore = process.memoryUsage().rss / 1e6;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss / 1e6)), 50);
    const start = performance.now();
    const result = inThread ? await importCsvFile(path) : await importCsvInWorker(path);
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss / 1e6);
    const pandas = pandasReadCsv(path);
    return {
      mode: inThread ? 'in-thread' : 'worker', rows: result.rowCount, cols: result.columns.length, megabytes, seconds,
      mbPerSec: megabytes / seconds, rssBeforeMb: rssBefore, peakRssMb: peakRss, dataMb: (rows * cols * 8) / 1e6,
      processMaxRssMb: process.resourceUsage().maxRSS / 1024, pandas,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeCsvImport(f: CsvImportFigures): string {
  return `${f.mode}: ${f.rows} rows × ${f.cols} cols, ${f.megabytes.toFixed(1)} MB in ` +
    `${f.seconds.toFixed(2)} s = ${f.mbPerSec.toFixed(1)} MB/s; RSS before ${f.rssBeforeMb.toFixed(0)} MB, ` +
    `peak ${f.peakRssMb.toFixed(0)} MB (float64 data itself: ${f.dataMb.toFixed(0)} MB), process maxRSS ${f.processMaxRssMb.toFixed(0)} MB; ` +
    ('missing' in f.pandas
      ? `pandas peer skipped: ${f.pandas.missing}`
      : `pandas ${f.pandas.version} read_csv ${f.pandas.seconds.toFixed(2)} s (peak RSS ${f.pandas.peakRssMb.toFixed(0)} MB), ` +
        `this import ÷ pandas ${(f.seconds / f.pandas.seconds).toFixed(2)}`);
}

if (isMain(import.meta.url)) {
  const figures = await csvImportBench({
    rows: flag('--rows', 1_000_000), cols: flag('--cols', 20), inThread: process.argv.includes('--in-thread'),
  });
  console.log(describeCsvImport(figures));
}
