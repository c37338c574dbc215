import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { CHART_THEME } from './echarts-setup';

use(SVGRenderer);

// Large enough that every series below but the line (never progressive) renders progressively under ECharts' own defaults.
const N = 20_000;
const points = Array.from({ length: N }, (_, i) => [i, Math.sin(i)]);
const SERIES: Record<string, unknown>[] = [
  { type: 'line', data: points },
  { type: 'scatter', data: points, large: true },
  { type: 'scatter', data: points },
  { type: 'bar', data: points.map((p) => p[1]), large: true },
  { type: 'custom', data: points, renderItem: () => null },
];

interface SeriesModelView { getProgressive(): number | false; getProgressiveThreshold(): number }
function progressiveOf(theme: string | undefined, series: Record<string, unknown>): boolean {
  const chart = init(null, theme, { renderer: 'svg', ssr: true, width: 400, height: 300 });
  chart.setOption({ xAxis: { type: series.type === 'bar' ? 'category' : 'value' }, yAxis: { type: 'value' }, series: [series] });
  const model = (chart as unknown as { getModel(): { getSeriesByIndex(i: number): SeriesModelView } }).getModel().getSeriesByIndex(0);
  const progressive = Boolean(model.getProgressive()) && N > model.getProgressiveThreshold();
  chart.dispose();
  return progressive;
}

describe('the chart theme', () => {
  it.each(SERIES.map((s) => [`${String(s.type)}${s.large ? ' (large)' : ''}`, s] as const))(
    'draws a %s series of 20,000 points in one go (ECharts alone would draw it over several frames)',
    (_name, series) => {
      expect(progressiveOf(undefined, series) || series.type === 'line').toBe(true);
      expect(progressiveOf(CHART_THEME, series)).toBe(false);
    },
  );

  it('covers a parallel-coordinates series', () => {
    const chart = init(null, CHART_THEME, { renderer: 'svg', ssr: true, width: 400, height: 300 });
    chart.setOption({ parallelAxis: [{ dim: 0 }, { dim: 1 }], series: [{ type: 'parallel', data: points }] });
    const model = (chart as unknown as { getModel(): { getSeriesByIndex(i: number): SeriesModelView } }).getModel().getSeriesByIndex(0);
    expect(Boolean(model.getProgressive()) && N > model.getProgressiveThreshold()).toBe(false);
    chart.dispose();
  });
});
