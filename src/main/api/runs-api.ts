import { lossClassProblem } from '../../engine/catalog/losses';
import { validateModelSpec } from '../../engine/catalog/model-spec';
import type { Column, Task } from '../../engine/data/table';
import type { TrainerConfig } from '../../engine/trainers/types';
import { presentClasses } from '../datasets/columns';
import type { ModelSpec } from '../../engine/model/spec';
import type { NewRun, RunRecord } from '../db/runs-repo';
import type { RunSummaryView } from '../../shared/api';
import { isActiveStatus } from '../../shared/run-status';
import { quote } from '../../shared/quote';
import { ApiError } from './api-error';
import type { ApiContext, Handlers } from './api-context';
import { recipeOf, trainingJob } from './dataset-recipe';
import { predictFile, predictRow, savedModel } from './predict';
import { groupMetrics, runSummaryView, runView } from './run-views';
import { trainerLabel, validateTrainerConfig } from './trainer-config';

/**
 * The dataset, its recipe and the resolved trainer settings a launch starts from (runs.start, studies.create):
 * `modelId` (backprop) is a saved design, validated; column choices that cannot be trained on fail here, not
 * later in an engine process.
 */
export function launchBase(ctx: ApiContext, request: { datasetId: number; modelId: number | null; trainer: unknown }) {
  const dataset = ctx.store.datasets.get(request.datasetId);
  if (!dataset) throw new ApiError('NOT_FOUND', `dataset ${request.datasetId} does not exist`, { field: 'datasetId' });
  const recipe = recipeOf(dataset);
  let model: ModelSpec | null = null;
  if (request.modelId !== null) {
    const saved = ctx.store.models.get(request.modelId);
    if (!saved) throw new ApiError('NOT_FOUND', `model ${request.modelId} does not exist`, { field: 'modelId' });
    model = validateModelSpec(saved.spec);
  }
  const trainer = validateTrainerConfig(request.trainer, recipe.task, model);
  // Column choices and a loss that cannot be trained on fail here, not later in an engine process.
  const job = trainingJob(ctx.tables, dataset.id, recipe, { trainerConfig: trainer, seed: 0 });
  checkLossFitsTarget(trainer, recipe.task, job.table.columns[0]);
  return { dataset, recipe, model, trainer };
}

type RunHandlers = Pick<Handlers,
  'runs.list' | 'runs.get' | 'runs.metrics' | 'runs.start' | 'runs.cancel' | 'runs.clone' | 'runs.rename' | 'runs.annotate' | 'runs.delete' |
  'runs.predictFile' | 'runs.predictRow' | 'runs.exportModel'>;

export function runHandlers(ctx: ApiContext, datasetName: (id: number) => string): RunHandlers {
  const { store } = ctx;
  const record = (id: number): RunRecord => {
    const run = store.runs.get(id);
    if (!run) throw new ApiError('NOT_FOUND', `run ${id} does not exist`, { field: 'id' });
    return run;
  };
  const summary = (run: RunRecord): RunSummaryView => runSummaryView(run, datasetName(run.datasetId));
  /** Stores every run in one transaction, then queues them: on a failure nothing is created and nothing queued. */
  const launch = (runs: readonly NewRun[]): RunSummaryView[] => {
    const created = store.runs.createMany(runs);
    for (const run of created) ctx.runs.enqueue(run.id);
    return created.map((run) => summary(store.runs.get(run.id)!));
  };

  return {
    'runs.list': ({ status, search, datasetId }) =>
      store.runs.list({ status, nameContains: search, datasetId }).map(summary),
    'runs.get': ({ id }) => {
      const run = record(id);
      return runView(store, run, datasetName(run.datasetId));
    },
    'runs.metrics': ({ ids, keys }) => groupMetrics(store.runs.readMetrics(ids, keys)),
    'runs.start': (request) => {
      const { dataset, recipe, trainer } = launchBase(ctx, request);
      const base = request.name ?? `${dataset.name} · ${trainerLabel(trainer)}`;
      return launch(request.seeds.map((seed) => ({
        name: request.seeds.length > 1 ? `${base} · seed ${seed}` : base,
        datasetId: dataset.id,
        modelId: trainer.trainer === 'backprop' ? request.modelId : null,
        modelSpec: trainer.trainer === 'backprop' ? trainer.model : null,
        trainerConfig: trainer,
        preprocessing: recipe,
        seed,
        dataHash: dataset.contentHash,
      })));
    },
    'runs.cancel': async ({ id }) => {
      const run = record(id);
      if (!isActiveStatus(run.status)) throw new ApiError('CONFLICT', `run ${id} is ${run.status}; only queued or running runs can be cancelled`);
      await ctx.runs.cancel(id);
      return summary(record(id));
    },
    'runs.clone': ({ id, seed }) => {
      const recipe = store.runs.cloneConfig(id);
      return launch([{ ...recipe, ...(seed !== undefined ? { seed } : {}) }])[0];
    },
    'runs.rename': ({ id, name }) => {
      store.runs.rename(id, name);
      return summary(record(id));
    },
    'runs.annotate': ({ id, tags, notes }) => {
      store.runs.annotate(id, { tags, notes });
      const run = record(id);
      ctx.events.emit('run.updated', summary(run));
      return runView(store, run, datasetName(run.datasetId));
    },
    'runs.delete': ({ id }) => {
      const run = record(id);
      if (isActiveStatus(run.status)) throw new ApiError('CONFLICT', `run ${id} is ${run.status}; cancel it before deleting`);
      store.runs.delete(id);
      return { deleted: true };
    },
    'runs.predictFile': async ({ id, file }) => {
      try {
        return await predictFile(savedModel(store, id), ctx.files.get(file.fileId).path, ctx.csvWorkerUrl);
      } finally {
        ctx.files.release(file.fileId);
      }
    },
    'runs.predictRow': ({ id, values }) => predictRow(savedModel(store, id), values),
    'runs.exportModel': ({ id }) => savedModel(store, id),
  };
}

/** Binary cross-entropy trains exactly two classes: said with the target's name before anything is queued. */
function checkLossFitsTarget(trainer: TrainerConfig, task: Task, target: Column): void {
  if (trainer.trainer !== 'backprop' || task !== 'classification') return;
  const classes = presentClasses(target).length;
  const problem = lossClassProblem(trainer.loss.id, classes, `target ${quote(target.name)}`);
  if (problem) throw new ApiError('INVALID_CONFIG', problem, { field: 'trainer.loss.id' });
}
