/** A run's metrics as tables for a CSV file (written by lib/csv.ts), with the catalog's words as headers. */
import type { PredictionTable, RunMetrics, RunSummaryMetrics } from '../../../../shared/api';
import { metricLabel } from '../../../../shared/metric-catalog';

const SPLITS = ['train', 'val', 'test'] as const;

/** One row per score of the summary, one column per split (empty where the split has none). */
export function finalScoresTable(summary: RunSummaryMetrics): PredictionTable {
  const keys = [...new Set(SPLITS.flatMap((s) => Object.keys(summary[s] ?? {})))];
  return {
    columns: ['metric', 'Training', 'Validation', 'Test'],
    rows: keys.map((k) => [metricLabel(k), ...SPLITS.map((s) => (summary[s] as Record<string, number> | undefined)?.[k] ?? '')]),
  };
}

/** One row per epoch, one column per recorded series (elapsed time from the training-loss series). */
export function perEpochTable(metrics: RunMetrics): PredictionTable {
  const keys = Object.keys(metrics).sort();
  const epochs = [...new Set(keys.flatMap((k) => metrics[k].epoch))].sort((a, b) => a - b);
  const at = keys.map((k) => new Map(metrics[k].epoch.map((e, i) => [e, metrics[k].value[i]])));
  const clock = metrics['train.loss'] ?? metrics[keys[0]];
  const elapsed = new Map(clock ? clock.epoch.map((e, i) => [e, clock.elapsedMs[i]]) : []);
  return {
    columns: ['epoch', 'elapsed ms', ...keys.map(metricLabel)],
    rows: epochs.map((e) => [e, elapsed.get(e) ?? '', ...at.map((m) => m.get(e) ?? '')]),
  };
}
