/**
 * Convergence on the shipped samples, with the reference figures of ../shared/datasets/README.md as the
 * bar: test accuracy at least the reference minus 2 points, test RMSE at most the reference plus 5 %.
 * Reference: ELM tuned on a validation split; a 1×64 MLP with Adam. Data are read by the same import
 * path as the app and the CLI; the split is the reference's (seeded stratified 70/30 with validation
 * carved from the training part; satellite's standard split).
 *
 * The ELM settings below were chosen on the validation split (hidden units in 50..1000, C in
 * 0.1..1000, sigmoid or tanh), as the reference did; the test split was not looked at to choose them.
 */
import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../engine/catalog/trainer-config';
import { idsOf } from '../engine/catalog/fields';
import { OPTIMIZERS } from '../engine/catalog/optimizers';
import type { TrainerId } from '../engine/catalog/trainer-fields';
import type { SplitSpec } from '../engine/data/split';
import { runTrainingJob } from '../engine/trainers/train';
import type { ElmConfig } from '../engine/trainers/types';
import { loadTrainingTable } from './load-table';

interface Case {
  sample: string;
  reference: { accuracy?: number; rmse?: number };
  /** The issue's own floor where it is stricter than the reference bar (iris ≥ 0.93, digits ≥ 0.95). */
  floor?: number;
  elm: Pick<ElmConfig, 'hiddenUnits' | 'c' | 'activation'>;
  /** Raw settings over the defaults below, resolved by the catalog as the app and CLI do. */
  backprop?: Record<string, unknown>;
}

const cases: Case[] = [
  { sample: 'iris', reference: { accuracy: 0.956 }, floor: 0.93, elm: { hiddenUnits: 50, c: 1, activation: 'sigmoid' } },
  { sample: 'pima_indians_diabetes', reference: { accuracy: 0.788 }, elm: { hiddenUnits: 50, c: 0.1, activation: 'sigmoid' },
    backprop: {
      model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }] },
      optimizer: { id: 'adam', params: { lr: 1e-3 } }, earlyStopping: { patience: 50, restoreBest: true },
    } },
  { sample: 'digits', reference: { accuracy: 0.969 }, floor: 0.95, elm: { hiddenUnits: 500, c: 0.1, activation: 'sigmoid' } },
  { sample: 'satellite', reference: { accuracy: 0.894 }, elm: { hiddenUnits: 500, c: 1, activation: 'sigmoid' } },
  { sample: 'diabetes_regression', reference: { rmse: 55.8 }, elm: { hiddenUnits: 500, c: 0.1, activation: 'sigmoid' } },
  { sample: 'boston_housing', reference: { rmse: 4.02 }, elm: { hiddenUnits: 500, c: 10, activation: 'sigmoid' } },
];

const split = (sample: string): SplitSpec =>
  sample === 'satellite' ? { kind: 'fixed', trainRows: 4435, val: 0.15 } : { kind: 'ratio', train: 0.6, val: 0.1, test: 0.3 };

async function testScore(sample: string, trainer: { readonly trainer: TrainerId; readonly [setting: string]: unknown }, splitSpec = split(sample)) {
  const { table, target, task } = await loadTrainingTable(`resources/samples/${sample}.csv`);
  const outcome = await runTrainingJob({
    table,
    data: { target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard', split: splitSpec, seed: 0 },
    trainer: resolveTrainerConfig(trainer, task, null),
    seed: 0,
  });
  expect(outcome.status).toBe('completed');
  return outcome.metrics.test!;
}

function expectAtLeastReference(test: { accuracy?: number; rmse?: number }, reference: Case['reference'], floor = 0) {
  if (reference.accuracy !== undefined) expect(test.accuracy).toBeGreaterThanOrEqual(Math.max(reference.accuracy - 0.02, floor));
  else expect(test.rmse).toBeLessThanOrEqual(reference.rmse! * 1.05);
}

describe.each(cases)('$sample', ({ sample, reference, floor, elm, backprop }) => {
  it('ELM reaches the reference test score', async () => {
    const test = await testScore(sample, { trainer: 'elm', solver: 'ridge', init: 'uniform', ...elm });
    expectAtLeastReference(test, reference, floor);
  });

  it('backprop (1×64 MLP, Adam, early stopping) reaches the reference test score', async () => {
    const test = await testScore(sample, {
      trainer: 'backprop',
      model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'tanh' }] },
      optimizer: { id: 'adam', params: { lr: 0.01 } },
      loss: { id: sample.includes('regression') || sample === 'boston_housing' ? 'mse' : 'crossEntropy' },
      batchSize: 32,
      epochs: 300,
      earlyStopping: { patience: 30, restoreBest: true },
      ...backprop,
    });
    expectAtLeastReference(test, reference, floor);
  });
});

/*
 * Every optimizer at its catalog defaults (and the Train page's other defaults: 50 epochs, batch 32, no early
 * stopping, a new dataset's 70/15/15 split) on the default 64-64 ReLU design must work out of the box: at least
 * 90 % test accuracy on iris. SGD's torch-like defaults (lr 0.001, no momentum) reached 81 % here.
 */
describe.each(idsOf(OPTIMIZERS))('%s at its defaults', (id) => {
  it('reaches 90 % test accuracy on iris', async () => {
    const test = await testScore('iris', {
      trainer: 'backprop',
      model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }] },
      optimizer: { id },
      loss: { id: 'crossEntropy' },
    }, { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 });
    expect(test.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
