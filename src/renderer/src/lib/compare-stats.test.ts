import { describe, expect, it } from 'vitest';
import type { RunMetrics, RunView } from '../../../shared/api';
import { compareRows, defaultCompareMetric, objectivesNote } from './compare-stats';

function run(id: number, over: Partial<RunView>): RunView {
  return {
    id, name: `r${id}`, datasetId: 1, datasetName: 'iris', modelId: null, trainer: 'backprop', trainerLabel: 'Adam', seed: 1,
    status: 'completed', error: null, createdAt: 0, startedAt: 0, finishedAt: 1000, trainMs: 1000, progress: { epoch: 4, total: 4 }, workStartedAt: null,
    testMetric: null, origin: null, studyId: null, tags: [], notes: '', modelSpec: null, trainerConfig: { trainer: 'elm', hiddenUnits: 1, activation: 'sigmoid', solver: 'pinv', c: 1, init: 'uniform' },
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
    const { rows } = compareRows(runs, metrics, 0.9, 1);
    expect(rows[0]).toMatchObject({ bestVal: 0.9, bestValEpoch: 3, parity: { timeToTargetMs: 1500, speedup: 1 }, msPerEpoch: 500 });
    expect(rows[1]).toMatchObject({ bestVal: 0.92, bestValEpoch: 2, parity: { timeToTargetMs: 500, speedup: 3 }, test: 0.9 });
    // Per epoch and samples/s come from the same training time: 100 rows × 4 epochs in 2 s.
    expect(rows[0].samplesPerSec).toBe(200);
    expect(rows[0].msPerEpoch! * rows[0].samplesPerSec!).toBe(100 * 1000);
  });

  it('uses the final score of an ELM run reached at its training time', () => {
    const elm = run(3, { trainer: 'elm', trainMs: 40, summary: { ...run(0, {}).summary!, val: { loss: 0.2, accuracy: 0.95 } } });
    const [row] = compareRows([elm], {}, 0.9, null).rows;
    expect(row).toMatchObject({ bestVal: 0.95, bestValEpoch: null, parity: { timeToTargetMs: 40, finalScore: 0.95 }, epochs: null });
  });

  it('lower is better for regression (RMSE) and an unreached target stays null', () => {
    const r = run(4, { task: 'regression' });
    const m: RunMetrics = { 'val.rmse': { epoch: [1, 2, 3], value: [3, 2, 2.5], elapsedMs: [10, 20, 30] } };
    expect(compareRows([r], { 4: m }, 1, null).rows[0]).toMatchObject({ bestVal: 2, bestValEpoch: 2, parity: { timeToTargetMs: null } });
  });
});

describe('time to parity in the table', () => {
  it('defaults to the worst final validation score and names both runs in the sentence', () => {
    const bp = run(1, { name: 'Adam', trainMs: 2000, summary: { ...run(0, {}).summary!, val: { loss: 0.3, accuracy: 0.9 } } });
    const elm = run(2, { name: 'ELM', trainer: 'elm', trainMs: 50, summary: { ...run(0, {}).summary!, val: { loss: 0.02, accuracy: 0.85 } } });
    const { parity } = compareRows([bp, elm], { 1: acc([0.6, 0.86, 0.9], [700, 1400, 2000]) }, null, 1);
    expect(parity.target).toBe(0.85);
    expect(parity.rows.map((r) => r.timeToTargetMs)).toEqual([1400, 50]);
    expect(parity.rows[1].speedup).toBe(28);
    expect(parity.sentence).toContain('#2 ELM reached 85.0 % in 50 ms');
    expect(parity.sentence).toContain('#1 Adam reached it in 1.40 s and went on to 90.0 %');
  });
});

describe('like with like', () => {
  const adam = run(1, { name: 'Adam', trainerConfig: { trainer: 'backprop', loss: { id: 'crossEntropy' } } as RunView['trainerConfig'] });
  const elm = run(2, { name: 'ELM', trainer: 'elm' });

  it('opens on a score every trainer shares: validation accuracy or RMSE, never a loss', () => {
    expect(defaultCompareMetric([adam, elm])).toBe('val.accuracy');
    expect(defaultCompareMetric([run(3, { task: 'regression' })])).toBe('val.rmse');
  });

  it('says in words when the runs minimise different objectives, and nothing when they minimise the same', () => {
    expect(objectivesNote([adam, elm])).toMatch(/^#1 Adam minimises cross-entropy, #2 ELM minimises squared error: .*different scales/);
    expect(objectivesNote([elm, run(4, { trainer: 'elm' })])).toBeNull();
  });
});
