import { LOSSES } from '../../../engine/catalog/losses';
import type { MetricSeries, RunMetrics, RunView } from '../../../shared/api';
import { HEADLINE_METRIC, SPLIT_METRICS } from '../../../shared/metric-catalog';
import { timeToParity, type Parity, type ParityRow, type ParityRun } from '../../../shared/time-to-parity';

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
  /** Per epoch and samples/s both come from trainMs, so they agree with each other. */
  msPerEpoch: number | null;
  samplesPerSec: number | null;
  epochs: number | null;
  bestVal: number | null;
  bestValEpoch: number | null;
  test: number | null;
  /** Final validation score, time to the common target (null: never reached), speed-up against the baseline. */
  parity: ParityRow;
}

/** A run's validation series on the training-time axis; an ELM's one point is its final score at its training time. */
function parityRun(run: RunView, series: MetricSeries | undefined, key: HeadlineKey): ParityRun {
  const finalScore = run.summary?.val?.[key] ?? series?.value.at(-1) ?? null;
  const name = `#${run.id} ${run.name}`;
  if (series?.value.length) return { id: run.id, name, timeMs: series.elapsedMs, score: series.value, finalScore };
  const point = finalScore !== null && run.trainMs !== null;
  return { id: run.id, name, timeMs: point ? [run.trainMs!] : [], score: point ? [finalScore] : [], finalScore };
}

type HeadlineKey = ReturnType<typeof headlineMetric>['key'];

/**
 * One table row per run, with time to parity (shared/time-to-parity.ts) on the headline validation score.
 * ELM runs have no epochs: their validation score is the final one, reached at the end of training.
 */
export function compareRows(
  runs: readonly RunView[], metrics: Record<number, RunMetrics>, target: number | null, baselineId: number | null,
): { rows: CompareRow[]; parity: Parity } {
  const { key, higherIsBetter } = headlineMetric(runs[0]?.task ?? 'classification');
  const parity = timeToParity(runs.map((run) => parityRun(run, metrics[run.id]?.[`val.${key}`], key)), {
    higherIsBetter, fraction: SPLIT_METRICS[key].format === 'percent', target, baselineId,
  });
  const rows = runs.map((run, i): CompareRow => {
    const val = metrics[run.id]?.[`val.${key}`];
    let bestVal: number | null = null;
    let bestValEpoch: number | null = null;
    if (val && val.value.length) {
      let bi = 0;
      val.value.forEach((v, j) => { if (higherIsBetter ? v > val.value[bi] : v < val.value[bi]) bi = j; });
      bestVal = val.value[bi];
      bestValEpoch = val.epoch[bi];
    } else if (run.summary?.val?.[key] !== undefined) {
      bestVal = run.summary.val[key] ?? null;
    }
    const epochs = run.trainer === 'elm' ? null : (run.summary?.epochs ?? (val ? val.epoch.length : null));
    const trainRows = run.summary?.data.train ?? null;
    const timed = run.trainMs !== null && run.trainMs > 0;
    return {
      id: run.id,
      name: run.name,
      trainer: run.trainerLabel,
      dataset: run.datasetName,
      parameters: run.summary?.parameterCount ?? null,
      trainMs: run.trainMs,
      msPerEpoch: timed && epochs ? run.trainMs! / epochs : null,
      samplesPerSec: timed && trainRows !== null ? (trainRows * (epochs ?? 1) * 1000) / run.trainMs! : null,
      epochs,
      bestVal,
      bestValEpoch,
      test: run.summary?.test?.[key] ?? null,
      parity: parity.rows[i],
    };
  });
  return { rows, parity };
}
