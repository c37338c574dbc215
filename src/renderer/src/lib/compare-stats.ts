import { LOSSES } from '../../../engine/catalog/losses';
import type { MetricSeries, RunMetrics, RunView } from '../../../shared/api';
import { HEADLINE_METRIC, SPLIT_METRICS } from '../../../shared/metric-catalog';

/** The validation metric a task is judged by, and whether higher is better. */
export function headlineMetric(task: RunView['task']): { key: 'accuracy' | 'rmse'; higherIsBetter: boolean } {
  const key = HEADLINE_METRIC[task];
  return { key, higherIsBetter: SPLIT_METRICS[key].higherIsBetter };
}

/** The metric Compare opens on: the headline validation score every trainer reports (never a trainer's own loss). */
export function defaultCompareMetric(runs: readonly Pick<RunView, 'task'>[]): string {
  return `val.${HEADLINE_METRIC[runs[0]?.task ?? 'classification']}`;
}

/** What a run's training minimises, in words: its loss, or for an ELM the squared error of the least-squares solve. */
function objectiveOf(run: Pick<RunView, 'trainerConfig'>): string {
  const t = run.trainerConfig;
  return t.trainer === 'elm' ? 'squared error' : LOSSES[t.loss.id].label.toLowerCase();
}

/**
 * When the compared runs minimise different objectives, a sentence saying so ("#1 Adam minimises cross-entropy,
 * #2 ELM minimises squared error: …"), so their losses are not read as one scale; null when they all minimise the same.
 */
export function objectivesNote(runs: readonly Pick<RunView, 'id' | 'name' | 'trainerConfig'>[]): string | null {
  const objectives = runs.map(objectiveOf);
  if (new Set(objectives).size < 2) return null;
  const parts = runs.map((r, i) => `#${r.id} ${r.name} minimises ${objectives[i]}`);
  return `${parts.join(', ')}: their losses are on different scales; compare them on accuracy, RMSE or log-loss instead.`;
}

export interface CompareRow {
  id: number;
  name: string;
  trainer: string;
  dataset: string;
  parameters: number | null;
  trainMs: number | null;
  msPerEpoch: number | null;
  samplesPerSec: number | null;
  epochs: number | null;
  bestVal: number | null;
  bestValEpoch: number | null;
  test: number | null;
  /** Wall-clock ms until the validation metric first reached the target (null: never, or no target). */
  timeToTarget: number | null;
  /** Baseline time ÷ this run's time (to the target when one is set, else total training time). */
  speedup: number | null;
}

const meets = (v: number, target: number, higher: boolean) => (higher ? v >= target : v <= target);

function firstReach(series: MetricSeries | undefined, target: number, higher: boolean): number | null {
  if (!series) return null;
  const i = series.value.findIndex((v) => meets(v, target, higher));
  return i < 0 ? null : series.elapsedMs[i];
}

function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * One table row per run. ELM runs have no epochs: their validation score is the final one, reached at
 * the end of training.
 */
export function compareRows(runs: readonly RunView[], metrics: Record<number, RunMetrics>, target: number | null, baselineId: number | null): CompareRow[] {
  const rows = runs.map((run): CompareRow => {
    const { key, higherIsBetter } = headlineMetric(run.task);
    const m = metrics[run.id] ?? {};
    const val = m[`val.${key}`];
    let bestVal: number | null = null;
    let bestValEpoch: number | null = null;
    if (val && val.value.length) {
      let bi = 0;
      val.value.forEach((v, i) => { if (higherIsBetter ? v > val.value[bi] : v < val.value[bi]) bi = i; });
      bestVal = val.value[bi];
      bestValEpoch = val.epoch[bi];
    } else if (run.summary?.val?.[key] !== undefined) {
      bestVal = run.summary.val[key] ?? null;
    }
    const epochs = run.trainer === 'elm' ? null : (run.summary?.epochs ?? (val ? val.epoch.length : null));
    let timeToTarget: number | null = null;
    if (target !== null) {
      timeToTarget = val ? firstReach(val, target, higherIsBetter)
        : bestVal !== null && meets(bestVal, target, higherIsBetter) ? run.trainMs : null;
    }
    const sps = m.samplesPerSec ? mean(m.samplesPerSec.value) : null;
    return {
      id: run.id,
      name: run.name,
      trainer: run.trainerLabel,
      dataset: run.datasetName,
      parameters: run.summary?.parameterCount ?? null,
      trainMs: run.trainMs,
      msPerEpoch: run.trainMs !== null && epochs ? run.trainMs / epochs : null,
      samplesPerSec: sps ?? (run.summary && run.trainMs ? (run.summary.data.train * Math.max(1, epochs ?? 1) * 1000) / run.trainMs : null),
      epochs,
      bestVal,
      bestValEpoch,
      test: run.summary?.test?.[key] ?? null,
      timeToTarget,
      speedup: null,
    };
  });
  const base = rows.find((r) => r.id === baselineId);
  if (base) {
    const time = (r: CompareRow) => (target !== null ? r.timeToTarget : r.trainMs);
    const bt = time(base);
    for (const r of rows) {
      const t = time(r);
      r.speedup = bt !== null && t !== null && t > 0 ? bt / t : null;
    }
  }
  return rows;
}
