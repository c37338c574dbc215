import { describe, expect, it } from 'vitest';
import type { ColumnStatsView } from '../../../../shared/api';
import { histogramAxis, histogramBars } from './histogram-bars';

const stats = (over: Partial<ColumnStatsView>): ColumnStatsView => ({
  count: 0, missing: 0, distinct: 0, min: null, max: null, mean: null, std: null, top: [], histogram: null, ...over,
});

describe('histogramBars', () => {
  it('gives every bin of a numeric column its range and row count, heights relative to the tallest', () => {
    const s = stats({ histogram: { min: 0, max: 10, counts: [1, 0, 4, 2] } });
    const bars = histogramBars(s);
    expect(bars.map((b) => b.tip)).toEqual(['0 to 2.5: 1 row', '2.5 to 5: 0 rows', '5 to 7.5: 4 rows', '7.5 to 10: 2 rows']);
    expect(bars.map((b) => b.share)).toEqual([0.25, 0, 1, 0.5]);
    expect(histogramAxis(s)).toEqual({ left: '0', right: '10' });
  });

  it('writes large counts with separators and a constant column as its one value', () => {
    const bars = histogramBars(stats({ histogram: { min: 3, max: 3, counts: [12345, 0] } }));
    expect(bars[0].tip).toBe('3: 12,345 rows');
  });

  it('shows the most common values of a categorical column and says how many of them the chart shows', () => {
    const top = Array.from({ length: 20 }, (_, i) => ({ value: i === 0 ? '' : `c${i}`, count: 20 - i }));
    const s = stats({ top, distinct: 26 });
    const bars = histogramBars(s);
    expect(bars).toHaveLength(12);
    expect(bars[0].tip).toBe('(empty): 20 rows');
    expect(bars[11].tip).toBe('c11: 9 rows');
    expect(histogramAxis(s).left).toBe('top 12 of 26');
    expect(histogramAxis(stats({ top: top.slice(0, 3), distinct: 3 })).left).toBe('3 values');
  });

  it('draws nothing for a column with no values, without dividing by zero', () => {
    expect(histogramBars(stats({}))).toEqual([]);
  });
});
