import type { TestPredictions } from '../../engine/trainers/train';
import type { TrainedModel } from '../../engine/model/trained-model';
import type { RunRecord } from '../db/runs-repo';
import type { Store } from '../db/open-store';
import type { RunMetrics, RunSummaryMetrics, RunSummaryView, RunView } from '../../shared/api';
import type { DataRecipe } from './dataset-recipe';
import { trainerLabel } from './trainer-config';

/** Predicted-vs-actual points sent to the renderer at most. */
const MAX_SCATTER_POINTS = 2000;

interface PredictionsArtifact {
  testPredictions: TestPredictions;
  confusion: number[][] | null;
}

export function runSummaryView(run: RunRecord, datasetName: string): RunSummaryView {
  const summary = run.summary as RunSummaryMetrics | null;
  const recipe = run.preprocessing as DataRecipe;
  const key = recipe.task === 'classification' ? 'accuracy' : 'rmse';
  const value = summary?.test?.[key];
  return {
    id: run.id,
    name: run.name,
    datasetId: run.datasetId,
    datasetName,
    modelId: run.modelId,
    trainer: run.trainerConfig.trainer,
    // An imported run says where it ran wherever runs are listed (runs list, Compare).
    trainerLabel: run.origin ? `${trainerLabel(run.trainerConfig)} · ${run.origin.label}` : trainerLabel(run.trainerConfig),
    seed: run.seed,
    status: run.status,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    trainMs: run.trainMs,
    progress: run.progress,
    workStartedAt: run.workStartedAt,
    testMetric: typeof value === 'number' ? { key, value } : null,
    origin: run.origin,
    studyId: run.studyId,
    tags: run.tags,
  };
}

export function runView(store: Store, run: RunRecord, datasetName: string): RunView {
  const recipe = run.preprocessing as DataRecipe;
  const predictions = store.runs.getArtifact(run.id, 'predictions');
  const model = store.runs.getArtifact(run.id, 'model');
  const artifact = predictions ? (predictions.json as PredictionsArtifact) : null;
  const test = artifact?.testPredictions;
  return {
    ...runSummaryView(run, datasetName),
    notes: run.notes,
    modelSpec: run.modelSpec,
    trainerConfig: run.trainerConfig,
    prepare: recipe.prepare,
    task: recipe.task,
    classes: model ? (model.json as TrainedModel).classes : [],
    summary: run.summary as RunSummaryMetrics | null,
    confusion: recipe.task === 'classification' ? artifact?.confusion ?? null : null,
    predictedVsActual: recipe.task === 'regression' && test
      ? { actual: test.actual.slice(0, MAX_SCATTER_POINTS), predicted: test.predicted.slice(0, MAX_SCATTER_POINTS) }
      : null,
  };
}

/** Points ordered by run, key, epoch (as the store reads them) → parallel arrays per key. */
export function groupMetrics(points: readonly { runId: number; key: string; epoch: number; value: number; elapsedMs: number }[]): Record<number, RunMetrics> {
  const out: Record<number, RunMetrics> = {};
  for (const p of points) {
    const run = (out[p.runId] ??= {});
    const series = (run[p.key] ??= { epoch: [], value: [], elapsedMs: [] });
    series.epoch.push(p.epoch);
    series.value.push(p.value);
    series.elapsedMs.push(p.elapsedMs);
  }
  return out;
}
