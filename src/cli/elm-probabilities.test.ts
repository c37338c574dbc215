/** Calibrated ELM probabilities on the shipped iris sample, through training, the model file and predict. */
import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../engine/catalog/trainer-config';
import { loadModel, parseTrainedModel, predictTable } from '../engine/model/trained-model';
import { runTrainingJob } from '../engine/trainers/train';
import { loadTrainingTable } from './load-table';

describe('ELM probabilities on iris', async () => {
  const { table, target, task } = await loadTrainingTable('resources/samples/iris.csv');
  const job = {
    table,
    data: {
      target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard',
      split: { kind: 'ratio', train: 0.6, val: 0.2, test: 0.2 }, seed: 0,
    } as const,
    // The app's default ELM (200 sigmoid units, ridge C = 1000): the case, 99 % training accuracy.
    trainer: resolveTrainerConfig({ trainer: 'elm' }, 'classification', null),
    seed: 1,
  };
  const outcome = await runTrainingJob(job);
  const labels = table.columns.find((c) => c.name === target) as { codes: Int32Array; categories: readonly string[] };
  const setosa = labels.categories.indexOf('setosa');
  const setosaRows = Array.from(labels.codes.keys()).filter((i) => labels.codes[i] === setosa);

  it('gives p ≥ 0.9 to the true class on every setosa row, with a validation log-loss from those probabilities', () => {
    const predicted = predictTable(loadModel(outcome.model!), table);
    const k = labels.categories.length;
    expect(setosaRows.length).toBe(50);
    for (const i of setosaRows) expect(predicted.probabilities!.data[i * k + setosa]).toBeGreaterThanOrEqual(0.9);
    expect(outcome.metrics.val!.logLoss).toBeGreaterThan(0);
    expect(outcome.metrics.val!.logLoss).toBeLessThan(0.5);
  });

  it('reads a model file without a temperature (written before calibration) as T = 1: softmax of the raw scores', () => {
    const old = JSON.parse(JSON.stringify(outcome.model)) as { predictor: { elm: { temperature?: number } } };
    const t = old.predictor.elm.temperature!;
    expect(t).not.toBe(1);
    delete old.predictor.elm.temperature;
    const calibrated = predictTable(loadModel(outcome.model!), table);
    const raw = predictTable(loadModel(parseTrainedModel(old)), table);
    expect(raw.classIndex).toEqual(calibrated.classIndex);
    // softmax(s / T) from softmax(s): p_j ∝ (raw p_j)^(1/T).
    const k = labels.categories.length;
    for (const i of [0, 70, 140]) {
      const powered = Array.from({ length: k }, (_, j) => raw.probabilities!.data[i * k + j] ** (1 / t));
      const sum = powered.reduce((a, b) => a + b, 0);
      for (let j = 0; j < k; j++) expect(calibrated.probabilities!.data[i * k + j]).toBeCloseTo(powered[j] / sum, 9);
    }
  });
});
