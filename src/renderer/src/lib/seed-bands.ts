/**
 * Runs that differ only by their seed (same dataset and data, split and preprocessing, design and trainer
 * settings) as one group, and what a group shows in Compare: a band over the epochs or the wall clock (mean ±
 * standard deviation, and min–max) and the spread of its final scores ("5 seeds: 94.1 ± 0.8 %, worst 92.9 %").
 * The standard deviation is the sample one (n − 1), as for any spread estimated from a few repeats.
 */
import type { MetricSeries } from '../../../shared/api';

interface SeedRun {
  id: number;
  seed: number;
  datasetId: number;
  prepare: unknown;
  trainerConfig: unknown;
  modelSpec: unknown;
}

/** JSON with object keys sorted, so equal settings give equal text whatever order they were written in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Groups in the order their first run appears; a group's runs have different seeds (a repeated seed starts a group of its own). */
export function seedGroups<R extends SeedRun>(runs: readonly R[]): R[][] {
  const groups = new Map<string, R[][]>();
  const order: R[][] = [];
  for (const run of runs) {
    const key = canonical([run.datasetId, run.prepare, run.trainerConfig, run.modelSpec]);
    const candidates = groups.get(key) ?? [];
    let group = candidates.find((g) => !g.some((r) => r.seed === run.seed));
    if (!group) {
      group = [];
      candidates.push(group);
      groups.set(key, candidates);
      order.push(group);
    }
    group.push(run);
  }
  return order;
}

export interface Spread {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  min: number;
  max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, std, min: Math.min(...values), max: Math.max(...values) };
}

export interface Band {
  epoch: number[];
  /** Mean wall-clock seconds at each epoch over the runs that reached it. */
  seconds: number[];
  mean: number[];
  std: number[];
  min: number[];
  max: number[];
  /** How many runs reached each epoch (early stopping ends some sooner). */
  n: number[];
}

/** Per epoch, the spread of the group's values over the runs that have that epoch. */
export function bandOf(series: readonly MetricSeries[]): Band {
  const byEpoch = new Map<number, { values: number[]; ms: number[] }>();
  for (const s of series) {
    s.epoch.forEach((e, i) => {
      const at = byEpoch.get(e) ?? { values: [], ms: [] };
      at.values.push(s.value[i]);
      at.ms.push(s.elapsedMs[i]);
      byEpoch.set(e, at);
    });
  }
  const band: Band = { epoch: [], seconds: [], mean: [], std: [], min: [], max: [], n: [] };
  for (const e of [...byEpoch.keys()].sort((a, b) => a - b)) {
    const { values, ms } = byEpoch.get(e)!;
    const s = spreadOf(values);
    band.epoch.push(e);
    band.seconds.push(ms.reduce((a, b) => a + b, 0) / ms.length / 1000);
    band.mean.push(s.mean);
    band.std.push(s.std);
    band.min.push(s.min);
    band.max.push(s.max);
    band.n.push(s.n);
  }
  return band;
}

/**
 * "5 seeds: 94.1 ± 0.8 %, worst 92.9 %". `format` writes a value with its unit; the spread is written in the same
 * unit (a percentage's std in percentage points).
 */
export function spreadText(values: readonly number[], format: (v: number) => string, higherIsBetter: boolean): string {
  const s = spreadOf(values);
  const worst = higherIsBetter ? s.min : s.max;
  const mean = format(s.mean);
  const unit = mean.match(/\s*[^\d.\-−]*$/)?.[0] ?? '';
  return `${s.n} seeds: ${mean.slice(0, mean.length - unit.length)} ± ${format(s.std)}, worst ${format(worst)}`;
}

interface BandLine {
  name: string;
  x: number[];
  y: number[];
  color?: string;
  dashed?: boolean;
}

/** A group's band as chart lines: the mean, and mean ± std dashed, on the epoch or the wall-clock axis. */
export function bandLines(name: string, series: readonly MetricSeries[], axis: 'epoch' | 'time', color: string): BandLine[] {
  const band = bandOf(series);
  const x = axis === 'epoch' ? band.epoch : band.seconds;
  return [
    { name: `${name} mean`, x, y: band.mean, color },
    { name: `${name} mean + std`, x, y: band.mean.map((m, i) => m + band.std[i]), color, dashed: true },
    { name: `${name} mean − std`, x, y: band.mean.map((m, i) => m - band.std[i]), color, dashed: true },
  ];
}
