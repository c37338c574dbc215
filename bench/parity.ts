/**
 * ELM versus backprop, time to parity on the shipped samples, by the app's own definition
 * (src/shared/time-to-parity.ts, as Compare's table): a tuned ELM is fitted, then a 1×64 tanh MLP (Adam 1e-3,
 * batch 200, as in the reference of ../shared/datasets/README.md) trains until its validation score reaches
 * the ELM's or the epoch cap (only to bound the cost); the target is then the worse of the two final
 * validation scores and each time is the training time at which a run first reached it. Data go through the
 * app's import path and the split of src/cli/convergence.test.ts; the ELM settings are the ones chosen there
 * on the validation split.
 */
import { loadTrainingTable } from '../src/cli/load-table';
import { resolveTrainerConfig } from '../src/engine/catalog/trainer-config';
import { prepareSplits } from '../src/engine/data/prepare';
import type { SplitSpec } from '../src/engine/data/split';
import { trainBackprop } from '../src/engine/trainers/backprop/train-backprop';
import { trainElm } from '../src/engine/trainers/elm/train-elm';
import type { ElmConfig, PreparedSplits, SplitMetrics } from '../src/engine/trainers/types';
import { timeToParity, type ParityRun } from '../src/shared/time-to-parity';
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
  /** The common target: the worse final validation score of the two. */
  target: number;
  /** fitSec: the ELM's training time (what the app shows); toTargetSec: when it reached the target (the same). */
  elm: { hiddenUnits: number; fitSec: number; toTargetSec: number; val: number; test: number; valLogLoss: number | null };
  /** epochs: trained (to the ELM's score, or the cap when `reached` is false); toTargetSec: training time to the target. */
  bp: { epochs: number; reached: boolean; toTargetSec: number; val: number; test: number; valLogLoss: number | null };
  /** bp.toTargetSec / elm.toTargetSec: the app's speed-up of the ELM with backprop as the baseline. */
  ratio: number;
  /** The app's sentence for this pair (from the first measured run). */
  sentence: string;
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
const reaches = (v: number, target: number, metric: ParityResult['metric']) => (metric === 'accuracy' ? v >= target : v <= target);

/** Backprop until its validation score reaches `target` (the ELM's) or `maxEpochs`; as the app records it. */
async function backpropRun(splits: PreparedSplits, target: number, metric: ParityResult['metric'], maxEpochs: number) {
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
    onEpoch: ({ record }) => (reached = reaches(score(record.val, metric), target, metric)),
    shouldStop: () => reached,
  });
  const run: ParityRun = {
    id: 1, name: 'Adam (1×64 tanh)', timeMs: r.records.map((x) => x.elapsedMs),
    score: r.records.map((x) => score(x.val, metric)), finalScore: score(r.final?.val, metric),
  };
  return { run, reached, epochs: r.records.length, final: r.final };
}

/**
 * One dataset: the ELM fit and the backprop run, `runs` times each after a warm-up run, paired into the app's
 * time to parity; times are medians. Runs are seeded, so scores and epochs repeat exactly.
 */
export async function parity(c: ParityCase, runs: number, maxEpochs: number): Promise<ParityResult> {
  const splits = await prepare(c.sample);
  const metric = splits.task === 'classification' ? 'accuracy' : 'rmse';
  const elmConfig: ElmConfig = { trainer: 'elm', solver: 'ridge', init: 'uniform', ...c.elm };
  const pairs = [];
  for (let i = 0; i <= runs; i++) {
    const elm = await trainElm(splits, elmConfig, 0);
    const elmRun: ParityRun = {
      id: 2, name: `ELM (${c.elm.hiddenUnits} units)`, timeMs: [elm.timings.totalMs],
      score: [score(elm.final?.val, metric)], finalScore: score(elm.final?.val, metric),
    };
    const bp = await backpropRun(splits, elmRun.finalScore!, metric, maxEpochs);
    const result = timeToParity([bp.run, elmRun], { higherIsBetter: metric === 'accuracy', fraction: metric === 'accuracy', baselineId: 1 });
    pairs.push({ elm, bp, result });
  }
  const [first, ...measured] = pairs;
  const sec = (row: 0 | 1) => median(measured.map((p) => (p.result.rows[row].timeToTargetMs ?? NaN) / 1000));
  const logLoss = (m: SplitMetrics | undefined) => m?.logLoss ?? null;
  const elm = {
    hiddenUnits: c.elm.hiddenUnits,
    fitSec: median(measured.map((p) => p.elm.timings.totalMs / 1000)),
    toTargetSec: sec(1),
    val: score(first.elm.final?.val, metric),
    test: score(first.elm.final?.test, metric),
    valLogLoss: logLoss(first.elm.final?.val),
  };
  const bp = {
    epochs: first.bp.epochs, reached: first.bp.reached, toTargetSec: sec(0),
    val: first.bp.run.finalScore ?? NaN, test: score(first.bp.final?.test, metric), valLogLoss: logLoss(first.bp.final?.val),
  };
  return {
    name: c.name, metric, target: first.result.target!, elm, bp, ratio: median(measured.map((p) => p.result.rows[1].speedup ?? NaN)),
    sentence: first.result.sentence, reference: c.reference,
  };
}
