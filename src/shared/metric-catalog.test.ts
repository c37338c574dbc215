import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../engine/trainers/types';
import { metricInfo, metricLabel, SPLIT_METRICS } from './metric-catalog';
import { epochPoints } from './metric-keys';

describe('metric catalog', () => {
  it('names every key a backprop epoch record produces', () => {
    const record: EpochRecord = {
      epoch: 3, elapsedMs: 10, epochMs: 2, samplesPerSec: 5000, lr: 0.01,
      train: { loss: 0.5, accuracy: 0.8, balancedAccuracy: 0.7 },
      val: { loss: 0.6, accuracy: 0.75, balancedAccuracy: 0.7 },
      layers: [{ layer: 0, gradNorm: 1, weightNorm: 2 }, { layer: 2, gradNorm: 3, weightNorm: 4 }],
    } as EpochRecord;
    const unknown = epochPoints(record).map((p) => p.key).filter((k) => metricInfo(k) === null);
    expect(unknown).toEqual([]);
  });

  it('puts the split in front and numbers layers from one', () => {
    expect(metricLabel('val.accuracy')).toBe('Validation accuracy');
    expect(metricLabel('train.loss')).toBe('Training loss (what the trainer minimises)');
    expect(metricLabel('test.rmse')).toBe('Test RMSE');
    expect(metricLabel('grad.0')).toBe('Gradient norm, layer 1');
    expect(metricLabel('epochMs')).toBe('Time per epoch');
    expect(metricLabel('accuracy')).toBe('Accuracy');
  });

  it('knows which direction is better and how to show it', () => {
    expect(metricInfo('val.accuracy')).toMatchObject({ higherIsBetter: true, format: 'percent', split: 'val', metric: 'accuracy' });
    expect(metricInfo('val.logLoss')).toMatchObject({ higherIsBetter: false, tasks: ['classification'] });
    expect(metricInfo('weight.4')).toMatchObject({ higherIsBetter: null });
    for (const def of Object.values(SPLIT_METRICS)) expect(def.higherIsBetter).not.toBeNull();
  });

  it('has words for the evaluation views\' scores (per class, curves, residuals)', () => {
    expect(metricLabel('f1')).toBe('F1 score');
    expect(metricLabel('rocAuc')).toBe('ROC AUC');
    expect(metricInfo('precision')).toMatchObject({ format: 'percent', higherIsBetter: true, tasks: ['classification'] });
    expect(metricInfo('residual')).toMatchObject({ higherIsBetter: null, tasks: ['regression'] });
    expect(metricInfo('val.f1')).toBeNull(); // not a per-epoch series
  });

  it('shows an unknown key as itself instead of guessing', () => {
    for (const key of ['val.nope', 'grad.x', 'holdout.accuracy', 'constructor', 'val.constructor', '']) {
      expect(metricInfo(key)).toBeNull();
      expect(metricLabel(key)).toBe(key);
    }
  });
});
