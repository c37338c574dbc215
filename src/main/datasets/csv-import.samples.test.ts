import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCsvFile } from './csv-import';

/** The app ships the samples in resources/samples; before that copy exists, read the shared originals. */
function samplesDir(): string {
  const shipped = resolve(__dirname, '../../../resources/samples');
  return existsSync(join(shipped, 'iris.csv')) ? shipped : '/work/shared/datasets';
}

interface ManifestEntry {
  file: string;
  task: 'classification' | 'regression';
  target: string;
  rows: number;
  class_labels?: string[];
  class_counts?: Record<string, number>;
}

const SHARED_MANIFEST = '/work/shared/datasets/manifest.json';

/** The shipped catalogue lists the samples; the shared manifest, when present, adds class labels and counts. */
function manifestEntries(): ManifestEntry[] {
  const read = (path: string): { samples?: ManifestEntry[]; datasets?: ManifestEntry[] } =>
    existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const shared = read(SHARED_MANIFEST).datasets ?? [];
  const shipped = read(join(samplesDir(), 'manifest.json'));
  const entries = shipped.samples ?? shipped.datasets ?? shared;
  return entries.map((e) => ({ ...shared.find((s) => s.file === e.file), ...e }));
}

const entries = manifestEntries();

describe('shipped sample datasets', () => {
  it('finds all nine samples', () => {
    expect(entries.map((e) => e.file).sort()).toEqual(
      ['boston_housing', 'breast_cancer', 'diabetes_regression', 'digits', 'iris', 'letter_recognition', 'pima_indians_diabetes', 'satellite', 'wine'].map((n) => `${n}.csv`),
    );
  });

  it.each(entries.map((d) => [d.file, d] as const))('%s imports with the documented shape', async (_file, entry) => {
    const path = join(samplesDir(), entry.file);
    const result = await importCsvFile(path);
    expect(result.rowCount).toBe(entry.rows);
    // The shipped boston copy drops column b, so count the header rather than trust manifest.features.
    expect(result.columns.map((c) => c.name)).toEqual(readFileSync(path, 'utf8').split('\n')[0].split(','));
    expect(result.suggestedTarget).toBe(entry.target);
    expect(result.columns[result.columns.length - 1].name).toBe(entry.target);
    expect(result.suggestedTask).toBe(entry.task);
    expect(result.delimiter).toBe(',');
    expect(result.hadHeader).toBe(true);
    expect(result.encoding).toBe('utf-8');
    expect(result.table.rowCount).toBe(entry.rows);

    const target = result.table.columns.find((c) => c.name === entry.target);
    if (entry.task === 'classification') {
      if (target?.kind !== 'categorical') throw new Error('classification target must be categorical');
      if (!entry.class_labels) return;
      expect(target.categories).toEqual(entry.class_labels);
      const counts = Object.fromEntries(target.categories.map((c) => [c, 0]));
      for (const code of target.codes) counts[target.categories[code]]++;
      expect(counts).toEqual(entry.class_counts);
    } else {
      expect(target?.kind).toBe('numeric');
    }
  });

  it('infers the expected column types', async () => {
    const types = async (file: string): Promise<Record<string, string>> =>
      Object.fromEntries((await importCsvFile(join(samplesDir(), file))).columns.map((c) => [c.name, c.inferredType]));
    const iris = await types('iris.csv');
    expect(iris.sepal_length_cm).toBe('numeric');
    expect(iris.species).toBe('categorical');
    const digits = await types('digits.csv');
    expect(digits.digit).toBe('integer');
    expect(digits.pixel_0_0).toBe('constant'); // the corner pixel is always 0 in this set
    expect(digits.pixel_3_3).toBe('integer');
    const boston = await types('boston_housing.csv');
    expect(boston.chas).toBe('boolean');
    expect(boston.rad).toBe('integer');
    expect(boston.medv).toBe('numeric');
    const pima = await types('pima_indians_diabetes.csv');
    expect(pima.diabetes).toBe('categorical');
  });

  it('computes statistics that match an independent reading of iris.csv', async () => {
    const file = join(samplesDir(), 'iris.csv');
    const values = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[2]));
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
    const min = Math.min(...values);
    const max = Math.max(...values);
    const bins = new Array(20).fill(0);
    for (const x of values) bins[Math.min(19, Math.floor(((x - min) / (max - min)) * 20))]++;

    const { stats } = (await importCsvFile(file)).columns[2];
    expect(stats.count).toBe(n);
    expect(stats.missing).toBe(0);
    expect(stats.distinct).toBe(new Set(values).size);
    expect(stats.min).toBe(min);
    expect(stats.max).toBe(max);
    expect(stats.mean).toBeCloseTo(mean, 12);
    expect(stats.std).toBeCloseTo(std, 12);
    expect(stats.histogram?.counts).toEqual(bins);
    const mostFrequent = [...new Set(values)].map((v) => values.filter((x) => x === v).length).sort((a, b) => b - a)[0];
    expect(stats.top[0].count).toBe(mostFrequent);
  });
});
