/**
 * A finished run's model and its splits, rebuilt for the evaluation views: the run's own recipe applied to the
 * stored values draws the same rows (the split is seeded) and fits the same preprocessing, as the PyTorch
 * bundle does (export-run.ts).
 */
import { prepareSplits, type PreparedData } from '../../engine/data/prepare';
import type { DecodedPredictions } from '../../engine/data/preprocess';
import { decodePredictions } from '../../engine/data/preprocess';
import type { Matrix } from '../../engine/math/matrix';
import { argmaxRows } from '../../engine/metrics/argmax-rows';
import { loadModel, type LoadedModel } from '../../engine/model/trained-model';
import { unscaleTargets } from '../../engine/trainers/score';
import { ApiError } from '../api/api-error';
import { trainingJob, type DataRecipe } from '../api/dataset-recipe';
import { savedModel } from '../api/predict';
import type { TableCache } from '../api/table-cache';
import type { Store } from '../db/open-store';
import type { EvaluationSplit } from '../../shared/api';

export interface RunData {
  loaded: LoadedModel;
  prepared: PreparedData;
}

/** The model's outputs on a split, decoded, with the true classes (classification) or values (regression). */
export interface SplitOutputs {
  rows: number;
  decoded: DecodedPredictions;
  actualClass: Int32Array | null;
  actualValue: Float64Array | null;
}

const SPLIT_WORDS: Record<EvaluationSplit, string> = { val: 'validation', test: 'test' };

/** Runs recently evaluated (a view asks several times for the same run: table, curves, boundary). */
export class RunDataCache {
  private readonly entries = new Map<number, RunData>();

  constructor(private readonly store: Store, private readonly tables: TableCache, private readonly capacity = 3) {}

  get(runId: number): RunData {
    let data = this.entries.get(runId);
    if (data) this.entries.delete(runId);
    else data = rebuild(this.store, this.tables, runId);
    this.entries.set(runId, data);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as number);
    return data;
  }
}

function rebuild(store: Store, tables: TableCache, runId: number): RunData {
  const model = savedModel(store, runId);
  const run = store.runs.get(runId)!;
  const dataset = store.datasets.get(run.datasetId);
  if (!dataset) throw new ApiError('NOT_FOUND', `the dataset of run ${runId} no longer exists`);
  if (run.dataHash !== null && dataset.contentHash !== run.dataHash) {
    throw new ApiError('CONFLICT', `the dataset "${dataset.name}" changed since run ${runId} was trained; its rows cannot be rebuilt`);
  }
  const job = trainingJob(tables, run.datasetId, run.preprocessing as DataRecipe, run);
  return { loaded: loadModel(model), prepared: prepareSplits(job.table, job.data) };
}

/** Raw outputs → labels and probabilities (an ELM's scores through a softmax, as prediction does). */
export function decode(data: RunData, outputs: Matrix): DecodedPredictions {
  const { model } = data.loaded;
  return decodePredictions(model.preprocessing, outputs, { outputs: model.predictor.kind === 'elm' ? 'logits' : 'probabilities' });
}

export function splitOutputs(data: RunData, split: EvaluationSplit): SplitOutputs {
  const { splits } = data.prepared;
  const part = splits[split];
  if (part.x.rows === 0) throw new ApiError('CONFLICT', `this run has no ${SPLIT_WORDS[split]} rows`, { field: 'split' });
  const decoded = decode(data, data.loaded.forward(part.x));
  const classification = splits.task === 'classification';
  return {
    rows: part.x.rows,
    decoded,
    actualClass: classification ? argmaxRows(part.y) : null,
    actualValue: classification ? null : Float64Array.from(unscaleTargets(part.y, splits).data),
  };
}

export function requireTask(data: RunData, task: 'classification' | 'regression', view: string): void {
  if (data.prepared.splits.task !== task) {
    throw new ApiError('CONFLICT', `${view} is shown for ${task} runs; this run is a ${data.prepared.splits.task} run`);
  }
}
