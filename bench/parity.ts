/**
 * ELM versus backprop, time to parity on the shipped samples: a tuned ELM is fitted, then a 1×64 tanh
 * MLP (Adam 1e-3, batch 200, as in the reference of ../shared/datasets/README.md) trains until its
 * validation score reaches the ELM's (within 0.5 points of accuracy / 1 % of RMSE, the reference's
 * tolerance) or the epoch cap. Data go through the app's import path and the split of
 * src/cli/convergence.test.ts; the ELM settings are the ones chosen there on the validation split.
 */
import { loadTrainingTable } from '../src/cli/load-table';
import { resolveTrainerConfig } from '../src/engine/catalog/trainer-config';
import { prepareSplits } from '../src/engine/data/prepare';
import type { SplitSpec } from '../src/engine/data/split';
import { trainBackprop } from '../src/engine/trainers/backprop/train-backprop';
import { trainElm } from '../src/engine/trainers/elm/train-elm';
import type { ElmConfig, PreparedSplits, SplitMetrics } from '../src/engine/trainers/types';
import { median } from './measure';

interface ParityCase {
  /** Row label, as in the reference table. */
  name: string;
  sample: string;
  elm: Pick<ElmConfig, 'hiddenUnits' | 'c' | 'activation'>;
  /** The reference's row (numpy/OpenBLAS ELM vs a scikit-learn-style MLP, stopped on the test score). */
  reference: { elmUnits: number; elmSec: number; score: number; bpEpochs: number; bpSec: number };
}

export const PARITY_CASES: ParityCase[] = [
  { name: 'iris', sample: 'iris', elm: { hiddenUnits: 50, c: 1, activation: 'sigmoid' },
    reference: { elmUnits: 50, elmSec: 0.0037, score: 0.956, bpEpochs: 167, bpSec: 0.169 } },
  { name: 'pima', sample: 'pima_indians_diabetes', elm: { hiddenUnits: 50, c: 0.1, activation: 'sigmoid' },
    reference: { elmUnits: 100, elmSec: 0.0014, score: 0.788, bpEpochs: 31, bpSec: 0.052 } },
  { name: 'digits', sample: 'digits', elm: { hiddenUnits: 500, c: 0.1, activation: 'sigmoid' },
    reference: { elmUnits: 200, elmSec: 0.014, score: 0.969, bpEpochs: 69, bpSec: 0.68 } },
  { name: 'satellite', sample: 'satellite', elm: { hiddenUnits: 500, c: 1, activation: 'sigmoid' },
    reference: { elmUnits: 1000, elmSec: 0.64, score: 0.894, bpEpochs: 82, bpSec: 2.48 } },
  { name: 'diabetes (RMSE)', sample: 'diabetes_regression', elm: { hiddenUnits: 500, c: 0.1, activation: 'sigmoid' },
    reference: { elmUnits: 100, elmSec: 0.0005, score: 55.8, bpEpochs: 19, bpSec: 0.013 } },
  { name: 'boston (RMSE)', sample: 'boston_housing', elm: { hiddenUnits: 500, c: 10, activation: 'sigmoid' },
    reference: { elmUnits: 200, elmSec: 0.0025, score: 4.02, bpEpochs: 189, bpSec: 0.157 } },
];

export interface ParityResult {
  name: string;
  metric: 'accuracy' | 'rmse';
  elm: { hiddenUnits: number; fitSec: number; val: number; test: number };
  /** epochs: to parity, or the cap when `reached` is false; sec: training time up to that epoch. */
  bp: { epochs: number; reached: boolean; sec: number; val: number; test: number };
  /** bp.sec / elm.fitSec. */
  ratio: number;
  reference: ParityCase['reference'];
}

const split = (sample: string): SplitSpec =>
  sample === 'satellite' ? { kind: 'fixed', trainRows: 4435, val: 0.15 } : { kind: 'ratio', train: 0.6, val: 0.1, test: 0.3 };

export async function prepare(sample: string): Promise<PreparedSplits> {
  const { table, target, task } = await loadTrainingTable(`resources/samples/${sample}.csv`);
  const data = { target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard', split: split(sample), seed: 0 } as const;
  return prepareSplits(table, data).splits;
}

const score = (m: SplitMetrics | undefined, metric: ParityResult['metric']): number => m?.[metric] ?? NaN;

/** True when `bp` is at least as good as `elm` within the reference's tolerance. */
function atParity(bp: number, elm: number, metric: ParityResult['metric']): boolean {
  return metric === 'accuracy' ? bp >= elm - 0.005 : bp <= elm * 1.01;
}

/** Backprop until validation parity with `target` or `maxEpochs`; seconds come from the epoch records. */
async function backpropToParity(splits: PreparedSplits, target: number, metric: ParityResult['metric'], maxEpochs: number) {
  const config = resolveTrainerConfig({
    trainer: 'backprop',
    model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'tanh' }] },
    optimizer: { id: 'adam', params: { lr: 1e-3 } },
    loss: { id: metric === 'accuracy' ? 'crossEntropy' : 'mse' },
    batchSize: 200,
    epochs: maxEpochs,
  }, splits.task, null);
  let reached = false;
  const r = await trainBackprop(splits, config, 0, {
    onEpoch: ({ record }) => (reached = atParity(score(record.val, metric), target, metric)),
    shouldStop: () => reached,
  });
  const last = r.records[r.records.length - 1];
  return { epochs: last.epoch, reached, sec: last.elapsedMs / 1000, val: score(last.val, metric), test: score(r.final?.test, metric) };
}

/**
 * One dataset: the ELM fit (hidden layer + solve, scoring excluded) and the backprop time to parity, each
 * the median of `runs` runs after a warm-up run; runs are seeded, so scores and epochs repeat exactly.
 */
export async function parity(c: ParityCase, runs: number, maxEpochs: number): Promise<ParityResult> {
  const splits = await prepare(c.sample);
  const metric = splits.task === 'classification' ? 'accuracy' : 'rmse';
  const elmConfig: ElmConfig = { trainer: 'elm', solver: 'ridge', init: 'uniform', ...c.elm };
  const elmRuns = [];
  for (let i = 0; i <= runs; i++) elmRuns.push(await trainElm(splits, elmConfig, 0));
  const elmFinal = elmRuns[0].final!;
  const elm = {
    hiddenUnits: c.elm.hiddenUnits,
    fitSec: median(elmRuns.slice(1).map((r) => (r.timings.hiddenMs + r.timings.solveMs) / 1000)),
    val: score(elmFinal.val, metric),
    test: score(elmFinal.test, metric),
  };
  const bpRuns = [];
  for (let i = 0; i <= runs; i++) bpRuns.push(await backpropToParity(splits, elm.val, metric, maxEpochs));
  const bp = { ...bpRuns[0], sec: median(bpRuns.slice(1).map((r) => r.sec)) };
  return { name: c.name, metric, elm, bp, ratio: bp.sec / elm.fitSec, reference: c.reference };
}
