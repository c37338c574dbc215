/**
 * What the Studies screen shows of a study: its progress (derived from its runs, see shared/study.ts) and per run
 * the best and last validation score, the time to the study's target, the training time and the parameter count.
 */
import type { SweepSpec } from '../studies/sweep-points';
import type { Store } from '../db/open-store';
import type { RunRecord } from '../db/runs-repo';
import type { StudyRecord } from '../db/studies-repo';
import type { RunSummaryMetrics, StudyRunView, StudySummaryView, StudyView } from '../../shared/api';
import { HEADLINE_METRIC, SPLIT_METRICS } from '../../shared/metric-catalog';
import { studyProgress } from '../../shared/study';
import type { DataRecipe } from './dataset-recipe';
import { runSummaryView } from './run-views';

/** A run "reached the target" within 1 % of the study's best score (relative). */
const TARGET_SHARE = 0.01;

export function studySummaryView(store: Store, study: StudyRecord, datasetName: string, concurrency: number, runs = studyRuns(store, study.id)): StudySummaryView {
  return {
    id: study.id, name: study.name, datasetId: study.datasetId, datasetName, kind: study.kind, createdAt: study.createdAt,
    progress: studyProgress(runs, concurrency),
  };
}

function studyRuns(store: Store, studyId: number): RunRecord[] {
  return store.runs.list({ studyId }).reverse();
}

interface Series {
  value: number[];
  elapsedMs: number[];
  epoch: number[];
}

function bestOf(series: Series | undefined, higherIsBetter: boolean): { value: number; epoch: number } | null {
  if (!series?.value.length) return null;
  let at = 0;
  series.value.forEach((v, i) => {
    if (higherIsBetter ? v > series.value[at] : v < series.value[at]) at = i;
  });
  return { value: series.value[at], epoch: series.epoch[at] };
}

export function studyView(store: Store, study: StudyRecord, datasetName: string, concurrency: number): StudyView {
  const runs = studyRuns(store, study.id);
  const spec = study.spec as SweepSpec;
  const task = runs.length ? (runs[0].preprocessing as DataRecipe).task : 'classification';
  const metric = HEADLINE_METRIC[task];
  const scoreKey = `val.${metric}`;
  const higherIsBetter = SPLIT_METRICS[metric].higherIsBetter;
  const seriesOf = new Map<number, Series>();
  for (const p of store.runs.readMetrics(runs.map((r) => r.id), [scoreKey])) {
    const s = seriesOf.get(p.runId) ?? { value: [], elapsedMs: [], epoch: [] };
    s.value.push(p.value);
    s.elapsedMs.push(p.elapsedMs);
    s.epoch.push(p.epoch);
    seriesOf.set(p.runId, s);
  }
  // An ELM has no epochs: its one validation score is its summary's.
  for (const run of runs) {
    const final = (run.summary as RunSummaryMetrics | null)?.val?.[metric];
    if (!seriesOf.has(run.id) && typeof final === 'number' && run.trainMs !== null) {
      seriesOf.set(run.id, { value: [final], elapsedMs: [run.trainMs], epoch: [1] });
    }
  }
  const bests = runs.map((r) => bestOf(seriesOf.get(r.id), higherIsBetter));
  const scores = bests.filter((b) => b !== null).map((b) => b.value);
  const top = scores.length ? (higherIsBetter ? Math.max(...scores) : Math.min(...scores)) : null;
  const target = top === null ? null : higherIsBetter ? top * (1 - TARGET_SHARE) : top * (1 + TARGET_SHARE);
  const reaches = (v: number) => target !== null && (higherIsBetter ? v >= target : v <= target);
  const rows: StudyRunView[] = runs.map((run, i) => {
    const series = seriesOf.get(run.id);
    const hit = series ? series.value.findIndex(reaches) : -1;
    return {
      run: runSummaryView(run, datasetName),
      point: (run.studyPoint ?? {}) as Record<string, number | string>,
      best: bests[i],
      last: series?.value.length ? series.value[series.value.length - 1] : null,
      timeToTargetMs: series && hit >= 0 ? series.elapsedMs[hit] : null,
      parameterCount: (run.summary as RunSummaryMetrics | null)?.parameterCount ?? null,
    };
  });
  return {
    ...studySummaryView(store, study, datasetName, concurrency, runs),
    axes: spec.axes, seeds: spec.seeds, scoreKey, higherIsBetter, target, runs: rows,
  };
}
