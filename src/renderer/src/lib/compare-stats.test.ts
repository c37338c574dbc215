import { describe, expect, it } from 'vitest';
import type { RunMetrics, RunView } from '../../../shared/api';
import { compareRows } from './compare-stats';

function run(id: number, over: Partial<RunView>): RunView {
  return {
    id, name: `r${id}`, datasetId: 1, datasetName: 'iris', modelId: null, trainer: 'backprop', trainerLabel: 'Adam', seed: 1,
    status: 'completed', error: null, createdAt: 0, startedAt: 0, finishedAt: 1000, trainMs: 1000, progress: { epoch: 4, total: 4 },
    testMetric: null, origin: null, studyId: null, modelSpec: null, trainerConfig: { trainer: 'elm', hiddenUnits: 1, activation: 'sigmoid', solver: 'pinv', c: 1, init: 'uniform' },
    prepare: {} as RunView['prepare'], task: 'classification', classes: ['a', 'b'], confusion: null, predictedVsActual: null,
    summary: {
      bestEpoch: null, stoppedEarly: false, divergence: null, parameterCount: 10, epochs: 4,
      data: { train: 100, val: 20, test: 30, features: 4 }, test: { loss: 0.1, accuracy: 0.9 },
    } as unknown as RunView['summary'],
    ...over,
  };
}

const acc = (values: number[], elapsed: number[]): RunMetrics => ({ 'val.accuracy': { epoch: values.map((_, i) => i + 1), value: values, elapsedMs: elapsed } });

describe('compareRows', () => {
  it('finds the best validation value, its epoch, time to target and speed-up against the baseline', () => {
    const runs = [run(1, { trainMs: 2000 }), run(2, { trainMs: 1000 })];
    const metrics = { 1: acc([0.5, 0.8, 0.9, 0.85], [500, 1000, 1500, 2000]), 2: acc([0.7, 0.92, 0.9, 0.91], [250, 500, 750, 1000]) };
    const rows = compareRows(runs, metrics, 0.9, 1);
    expect(rows[0]).toMatchObject({ bestVal: 0.9, bestValEpoch: 3, timeToTarget: 1500, speedup: 1, msPerEpoch: 500 });
    expect(rows[1]).toMatchObject({ bestVal: 0.92, bestValEpoch: 2, timeToTarget: 500, speedup: 3, test: 0.9 });
  });

  it('uses the final score of an ELM run reached at its training time', () => {
    const elm = run(3, { trainer: 'elm', trainMs: 40, summary: { ...run(0, {}).summary!, val: { loss: 0.2, accuracy: 0.95 } } });
    const [row] = compareRows([elm], {}, 0.9, null);
    expect(row).toMatchObject({ bestVal: 0.95, bestValEpoch: null, timeToTarget: 40, epochs: null });
  });

  it('lower is better for regression (RMSE) and an unreached target stays null', () => {
    const r = run(4, { task: 'regression' });
    const m: RunMetrics = { 'val.rmse': { epoch: [1, 2, 3], value: [3, 2, 2.5], elapsedMs: [10, 20, 30] } };
    expect(compareRows([r], { 4: m }, 1, null)[0]).toMatchObject({ bestVal: 2, bestValEpoch: 2, timeToTarget: null });
  });
});
