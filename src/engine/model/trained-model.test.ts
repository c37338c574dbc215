import { describe, expect, it } from 'vitest';
import { resolveTrainerConfig } from '../catalog/trainer-config';
import { blobsTable, linearTable } from '../testing/synthetic-table';
import { runTrainingJob, type TrainingJob } from '../trainers/train';
import { loadModel, parseTrainedModel, predictTable } from './trained-model';

const classificationJob = (trainer: TrainingJob['trainer']): TrainingJob => ({
  table: blobsTable(150, 11),
  data: {
    target: 'species', task: 'classification', scaling: 'standard', oneHot: true, targetScaling: 'standard',
    split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 0,
  },
  trainer,
  seed: 5,
});

describe('trained model files', () => {
  it.each([
    ['backprop', {
      trainer: 'backprop', model: { layers: [{ type: 'dense', units: 8 }, { type: 'batchNorm' }, { type: 'activation', activation: 'relu' }] },
      optimizer: { id: 'adam', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 16, epochs: 10,
    }],
    ['elm', { trainer: 'elm', hiddenUnits: 30, activation: 'sigmoid', solver: 'ridge', c: 100, init: 'uniform' }],
  ] as const)('%s: JSON round trip predicts exactly as the trained model', async (_name, trainer) => {
    const job = classificationJob(resolveTrainerConfig(trainer, 'classification', null));
    const outcome = await runTrainingJob(job);
    expect(outcome.status).toBe('completed');
    const original = loadModel(outcome.model!);
    const reloaded = loadModel(parseTrainedModel(JSON.parse(JSON.stringify(outcome.model))));
    const a = predictTable(original, job.table);
    const b = predictTable(reloaded, job.table);
    expect(Array.from(b.probabilities!.data)).toEqual(Array.from(a.probabilities!.data));
    expect(b.labels).toEqual(a.labels);
    // The saved model reproduces the test accuracy computed during training.
    const testRows = outcome.testPredictions!.rows;
    const correct = testRows.filter((row, i) => b.classIndex![row] === outcome.testPredictions!.actual[i]).length;
    expect(correct / testRows.length).toBeCloseTo(outcome.metrics.test!.accuracy!, 10);
  });

  it('predicts regression values in the target units', async () => {
    const table = linearTable(300, 4, 0.05);
    const outcome = await runTrainingJob({
      table,
      data: {
        target: 'y', task: 'regression', scaling: 'standard', oneHot: true, targetScaling: 'standard',
        split: { kind: 'ratio', train: 0.8, val: 0.1, test: 0.1 }, seed: 0,
      },
      trainer: { trainer: 'elm', hiddenUnits: 40, activation: 'tanh', solver: 'ridge', c: 1e4, init: 'uniform' },
      seed: 1,
    });
    const p = predictTable(loadModel(parseTrainedModel(JSON.parse(JSON.stringify(outcome.model)))), table);
    const y = (table.columns[2] as { values: Float64Array }).values;
    let worst = 0;
    for (let i = 0; i < table.rowCount; i++) worst = Math.max(worst, Math.abs(p.values![i] - y[i]));
    expect(worst).toBeLessThan(0.5);
  });

  it('refuses files that are not models', () => {
    expect(() => parseTrainedModel({ hello: 1 })).toThrow(/not a Neural Workbench model/);
    expect(() => parseTrainedModel({ format: 'neural-workbench/model', version: 9 })).toThrow(/version 9/);
  });
});
