import { prepareSplits, type PrepareOptions } from '../data/prepare';
import type { Table, Task } from '../data/table';
import { classificationReport } from '../metrics/classification';
import { argmaxRows } from '../metrics/argmax-rows';
import { now } from '../math/clock';
import type { Matrix } from '../math/matrix';
import { elmPredictor, MODEL_FORMAT, networkPredictor, type TrainedModel } from '../model/trained-model';
import { trainBackprop, type Divergence } from './backprop/train-backprop';
import type { ElmSelection } from './elm/auto-select';
import { trainElm } from './elm/train-elm';
import type { EpochRecord, FinalScores, OutcomeStatus, SplitMetrics, TrainerConfig, TrainHooks } from './types';
import { unscaleTargets } from './score';

/** Everything a run needs; the same object travels to an engine process, the CLI and the tests. */
export interface TrainingJob {
  table: Table;
  data: PrepareOptions;
  trainer: TrainerConfig;
  seed: number;
}

export interface TestPredictions {
  /** Table row indices of the test rows. */
  rows: number[];
  /** Class indices (classification) or values in the target's units (regression). */
  actual: number[];
  predicted: number[];
}

export interface TrainingOutcome {
  status: OutcomeStatus;
  trainer: TrainerConfig['trainer'];
  task: Task;
  classes: string[];
  records: EpochRecord[];
  bestEpoch: number | null;
  stoppedEarly: boolean;
  divergence: Divergence | null;
  trainMs: number;
  /**
   * Where the engine's time went, in ms: preparing the splits (encoding, scaling), training (= trainMs),
   * evaluation (the final scores of every split) and diagnostics (the ELM's rank/condition after the fit; 0 for
   * backprop). Disjoint, so they add up to the job's time in the engine.
   */
  timings: EngineTimings;
  /** ELM only: how the time split between the random hidden layer and the solve, and how well-posed it was. */
  elm?: { hiddenMs: number; solveMs: number; rank: number | null; condition: number | null; solverUsed: string; selection?: ElmSelection };
  metrics: { train?: SplitMetrics; val?: SplitMetrics; test?: SplitMetrics };
  confusion?: number[][];
  testPredictions?: TestPredictions;
  parameterCount: number;
  data: { train: number; val: number; test: number; features: number; droppedRows: number };
  /** Null when no usable weights exist (a run that diverged in its first epoch). */
  model: TrainedModel | null;
}

interface EngineTimings {
  prepareMs: number;
  trainingMs: number;
  evaluationMs: number;
  diagnosticsMs: number;
}

export async function runTrainingJob(job: TrainingJob, hooks: TrainHooks = {}): Promise<TrainingOutcome> {
  const t0 = now();
  const prepared = prepareSplits(job.table, job.data);
  const prepareMs = now() - t0;
  const { splits, state } = prepared;
  const base = {
    trainer: job.trainer.trainer,
    task: splits.task,
    classes: [...splits.classes],
    data: {
      train: splits.train.x.rows, val: splits.val.x.rows, test: splits.test.x.rows,
      features: splits.train.x.cols, droppedRows: prepared.droppedRows,
    },
  };
  const modelOf = (predictor: TrainedModel['predictor']): TrainedModel => ({
    format: MODEL_FORMAT, version: 1, task: splits.task, classes: [...splits.classes], preprocessing: state, predictor,
  });

  if (job.trainer.trainer === 'elm') {
    const r = await trainElm(splits, job.trainer, job.seed, hooks);
    const { totalMs, evaluationMs, diagnosticsMs } = r.timings;
    return {
      ...base,
      status: r.status,
      records: [],
      bestEpoch: null,
      stoppedEarly: false,
      divergence: null,
      trainMs: r.timings.totalMs,
      timings: { prepareMs, trainingMs: totalMs, evaluationMs, diagnosticsMs },
      elm: {
        hiddenMs: r.timings.hiddenMs, solveMs: r.timings.solveMs, rank: r.rank, condition: r.condition, solverUsed: r.solverUsed,
        ...(r.selection ? { selection: r.selection } : {}),
      },
      ...finalParts(r.final, splits.test.y, prepared.rows.test, splits),
      parameterCount: r.parameterCount,
      model: r.status === 'completed' && r.weights ? modelOf(elmPredictor(r.weights)) : null,
    };
  }

  const t1 = now();
  const r = await trainBackprop(splits, job.trainer, job.seed, hooks);
  // trainMs ends when the last epoch (and restoring the best weights) is done; the rest is the final scoring.
  const evaluationMs = Math.max(0, now() - t1 - r.trainMs);
  return {
    ...base,
    status: r.status,
    records: r.records,
    bestEpoch: r.bestEpoch,
    stoppedEarly: r.stoppedEarly,
    divergence: r.divergence,
    trainMs: r.trainMs,
    timings: { prepareMs, trainingMs: r.trainMs, evaluationMs, diagnosticsMs: 0 },
    ...finalParts(r.final, splits.test.y, prepared.rows.test, splits),
    parameterCount: r.network.params.reduce((s, p) => s + p.param.value.length, 0),
    model: r.final ? modelOf(networkPredictor(r.network)) : null,
  };
}

function finalParts(
  final: FinalScores | null, testY: Matrix, testRows: Int32Array, ctx: Parameters<typeof unscaleTargets>[1],
): Pick<TrainingOutcome, 'metrics' | 'confusion' | 'testPredictions'> {
  if (!final) return { metrics: {} };
  const metrics = { train: final.train, val: final.val, test: final.test };
  const pred = final.testPredictions;
  if (!pred) return { metrics };
  if (pred instanceof Int32Array) {
    const actual = argmaxRows(testY);
    return {
      metrics,
      confusion: classificationReport(actual, pred, ctx.classes.length).confusion,
      testPredictions: { rows: Array.from(testRows), actual: Array.from(actual), predicted: Array.from(pred) },
    };
  }
  return {
    metrics,
    testPredictions: {
      rows: Array.from(testRows),
      actual: Array.from(unscaleTargets(testY, ctx).data),
      predicted: Array.from(unscaleTargets(pred, ctx).data),
    },
  };
}
