import { describe, expect, it } from 'vitest';
import type { RunSummaryView } from '../../../shared/api';
import { matchesSearch, sortRuns } from './runs-list';

const run = (id: number, over: Partial<RunSummaryView>): RunSummaryView => ({
  id, name: `run ${id}`, datasetId: 1, datasetName: 'Iris', modelId: null, trainer: 'elm', trainerLabel: 'ELM', seed: 1,
  status: 'completed', error: null, createdAt: id, startedAt: 0, finishedAt: 1000, trainMs: 10, progress: { epoch: 0, total: 0 },
  workStartedAt: null, testMetric: null, origin: null, studyId: null, tags: [], ...over,
});

describe('matchesSearch', () => {
  it('finds a run by every word in any order, not by one substring', () => {
    const elm = run(3, { name: 'Iris · ELM', trainerLabel: 'ELM · 1000 Sigmoid units, Ridge (regularised)' });
    expect(matchesSearch(elm, 'sigmoid 1000')).toBe(true);
    expect(matchesSearch(elm, '1000   SIGMOID iris')).toBe(true);
    expect(matchesSearch(elm, 'sigmoid 500')).toBe(false);
    expect(matchesSearch(elm, '#3')).toBe(true);
    expect(matchesSearch(elm, '  ')).toBe(true);
    expect(matchesSearch({ ...elm, tags: ['baseline', 'paper'] }, 'paper sigmoid')).toBe(true);
    expect(matchesSearch(elm, 'paper')).toBe(false);
  });
});

describe('sortRuns', () => {
  const list = [
    run(1, { name: 'b', testMetric: { key: 'accuracy', value: 0.9 }, trainMs: 30, startedAt: 0, finishedAt: 500 }),
    run(2, { name: 'A', testMetric: { key: 'accuracy', value: 0.95 }, trainMs: 10, startedAt: 0, finishedAt: 2000 }),
    run(3, { name: 'c', status: 'queued', startedAt: null, finishedAt: null, trainMs: null }),
    run(4, { name: 'd', testMetric: { key: 'rmse', value: 0.5 }, trainMs: 20 }),
    run(5, { name: 'e', testMetric: { key: 'rmse', value: 0.2 }, trainMs: 40 }),
  ];
  const ids = (key: Parameters<typeof sortRuns>[1]['key'], descending: boolean) => sortRuns(list, { key, descending }, 5000).map((r) => r.id);

  it('sorts by name, time and creation both ways, runs without a value last', () => {
    expect(ids('name', false)).toEqual([2, 1, 3, 4, 5]);
    expect(ids('trainTime', false)).toEqual([2, 4, 1, 5, 3]);
    expect(ids('trainTime', true)).toEqual([5, 1, 4, 2, 3]);
    expect(ids('elapsed', true)).toEqual([2, 5, 4, 1, 3]); // a tie: the newer run first
    expect(ids('created', true)).toEqual([5, 4, 3, 2, 1]);
  });

  it('puts the better test score first: higher accuracy, lower RMSE', () => {
    const best = ids('test', true);
    expect(best.slice(0, 2)).toEqual([2, 1]);
    expect(best.indexOf(5)).toBeLessThan(best.indexOf(4));
    expect(best[best.length - 1]).toBe(3);
  });
});
