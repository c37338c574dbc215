import { describe, expect, it } from 'vitest';
import type { DecisionBoundaryView, ResidualsView, RunMetrics, RunSummaryMetrics } from '../../../../shared/api';
import { tableCsv } from '../../lib/csv';
import { boundaryOption, residualHistogramOption } from './evaluation-charts';
import { finalScoresTable, perEpochTable } from './metrics-tables';

type Series = { data: unknown[]; type: string; name?: string; renderItem?: (p: unknown, api: unknown) => { shape: { x: number; y: number; width: number; height: number } } };

describe('evaluation charts', () => {
  const view: DecisionBoundaryView = {
    split: 'val', classes: ['a', 'b'], axes: { x: 'p', y: 'q', kind: 'features' }, size: 2,
    x: { min: 0, max: 2 }, y: { min: 10, max: 14 },
    cells: [0, 1, 1, 1], confidence: [1, 0.5, 0.6, 0.9],
    points: { x: [0.5, 1.5, 1.8], y: [11, 13, 10.5], actual: [0, 1, 0], predicted: [0, 1, 1] },
    held: [], explained: null, numericFeatures: ['p', 'q'],
  };

  it('places each cell at its centre and each row in its true class, wrong ones as triangles', () => {
    const series = boundaryOption(view, false).series as Series[];
    expect(series[0].data).toEqual([[0.5, 11, 0, 1], [1.5, 11, 1, 0.5], [0.5, 13, 1, 0.6], [1.5, 13, 1, 0.9]]);
    expect(series.slice(1).map((s) => s.name)).toEqual(['a', 'b']);
    expect(series[1].data).toEqual([{ value: [0.5, 11], symbol: 'circle' }, { value: [1.8, 10.5], symbol: 'triangle' }]);
    expect(series[2].data).toEqual([{ value: [1.5, 13], symbol: 'circle' }]);
    // A cell's rectangle spans exactly its share of the plane (identity coordinates here).
    const api = { value: (d: number) => (series[0].data[1] as number[])[d], coord: (p: number[]) => p };
    expect(series[0].renderItem!(null, api).shape).toEqual({ x: 1, y: 12, width: 1, height: -2 });
  });

  it('puts histogram bars at the bins\' centres', () => {
    const r: ResidualsView = { split: 'test', rows: 6, predicted: [], residual: [], histogram: { min: -1, max: 2, counts: [1, 3, 2] }, mean: 0 };
    expect((residualHistogramOption(r, false).series as Series[])[0].data).toEqual([[-0.5, 1], [0.5, 3], [1.5, 2]]);
  });
});

describe('metrics as CSV', () => {
  it('writes final scores with the catalog\'s words, one column per split', () => {
    const summary = {
      train: { loss: 0.1, accuracy: 0.9 }, test: { loss: 0.2, accuracy: 0.85 },
      bestEpoch: null, stoppedEarly: false, divergence: null, parameterCount: 1, epochs: 1, data: { train: 1, val: 0, test: 1, features: 1, droppedRows: 0 },
    } as unknown as RunSummaryMetrics;
    expect(tableCsv(finalScoresTable(summary))).toBe(
      'metric,Training,Validation,Test\r\nLoss (what the trainer minimises),0.1,,0.2\r\nAccuracy,0.9,,0.85\r\n',
    );
  });

  it('writes one row per epoch and leaves a gap where a series has no value', () => {
    const metrics: RunMetrics = {
      'train.loss': { epoch: [1, 2], value: [0.5, 0.4], elapsedMs: [10, 20] },
      'val.accuracy': { epoch: [2], value: [0.8], elapsedMs: [20] },
    };
    expect(tableCsv(perEpochTable(metrics))).toBe('epoch,elapsed ms,Training loss (what the trainer minimises),Validation accuracy\r\n1,10,0.5,\r\n2,20,0.4,0.8\r\n');
  });
});
