import { describe, expect, it } from 'vitest';
import { chartTheme, seriesColor } from './chart-colors';
import { axisNumber, firstDrawSteps, lineChartDataKey, lineChartOption, lineChartShape, lineSeriesData, type ChartLine, type ChartOptions } from './chart-series';

const opts: ChartOptions = { xName: 'epoch', logY: false, smoothing: 0, dark: false, exportName: 'chart' };
const line = (name: string, y: number[], extra: Partial<ChartLine> = {}): ChartLine => ({ name, x: y.map((_, i) => i + 1), y, ...extra });
const seriesData = (option: Record<string, unknown>) => (option.series as { data: unknown }[]).map((s) => s.data);

describe('lineSeriesData', () => {
  it('pairs x with y, one series per line, as the full option has them', () => {
    const lines = [line('train', [3, 2]), line('val', [4, 1], { dashed: true })];
    expect(lineSeriesData(lines, opts)).toEqual([[[1, 3], [2, 2]], [[1, 4], [2, 1]]]);
    expect(seriesData(lineChartOption(lines, opts))).toEqual(lineSeriesData(lines, opts));
  });

  it('with smoothing, a raw shadow then the smoothed curve (debiased moving average written out)', () => {
    const lines = [line('train', [4, 0, 2])];
    const w = 0.5;
    // last = w·last + (1−w)·v from 0, divided by 1 − wⁿ: 2/0.5, 1/0.75, 1.5/0.875.
    const smoothed = [4, 1 / 0.75, 1.5 / 0.875];
    const data = lineSeriesData(lines, { ...opts, smoothing: w });
    expect(data[0]).toEqual([[1, 4], [2, 0], [3, 2]]);
    expect(data[1].map(([x]) => x)).toEqual([1, 2, 3]);
    data[1].forEach(([, v], i) => expect(v).toBeCloseTo(smoothed[i], 12));
    expect(seriesData(lineChartOption(lines, { ...opts, smoothing: w }))).toEqual(data);
  });

  it('leaves out values a log axis cannot show', () => {
    expect(lineSeriesData([line('grad', [1, 0, -2, 5])], { ...opts, logY: true })[0]).toEqual([[1, 1], [2, null], [3, null], [4, 5]]);
  });
});

describe('lineChartShape and lineChartDataKey', () => {
  it('keep the shape while points are appended in place, and change the data key', () => {
    const l = line('train', [3, 2]);
    const shape = lineChartShape([l], opts);
    const key = lineChartDataKey([l]);
    (l.x as number[]).push(3);
    (l.y as number[]).push(1);
    expect(lineChartShape([l], opts)).toBe(shape);
    expect(lineChartDataKey([l])).not.toBe(key);
  });

  it('change the shape when a line comes, is renamed or the theme changes', () => {
    const lines = [line('train', [3, 2])];
    const shape = lineChartShape(lines, opts);
    expect(lineChartShape([...lines, line('val', [1, 1])], opts)).not.toBe(shape);
    expect(lineChartShape([line('training', [3, 2])], opts)).not.toBe(shape);
    expect(lineChartShape(lines, { ...opts, dark: true })).not.toBe(shape);
  });

  it('change the shape when a single point becomes a line (its marker is hidden then)', () => {
    expect(lineChartShape([line('train', [3])], opts)).not.toBe(lineChartShape([line('train', [3, 2])], opts));
  });
});

describe('axisNumber', () => {
  it('keeps labels within the fixed margin: exponents for tiny and huge values, 4 digits otherwise', () => {
    expect(axisNumber(0)).toBe('0');
    expect(axisNumber(0.3)).toBe('0.3');
    expect(axisNumber(12000)).toBe('12000');
    expect(axisNumber(1234.5678)).toBe('1235');
    expect(axisNumber(1e-7)).toBe('1e-7');
    expect(axisNumber(0.00025)).toBe('2.5e-4');
    expect(axisNumber(-1_250_000)).toBe('-1.3e+6');
  });
});

describe('firstDrawSteps', () => {
  it('draws the axes first, then the curves, the legend, and last toolbox, zoom and tooltip, losing nothing', () => {
    const option = lineChartOption([line('train', [3, 2])], opts);
    const steps = firstDrawSteps(option);
    expect(steps.map((s) => Object.keys(s).sort())).toEqual([
      Object.keys(option).filter((k) => !['series', 'legend', 'toolbox', 'dataZoom', 'tooltip'].includes(k)).sort(),
      ['series'],
      ['legend'],
      ['dataZoom', 'toolbox', 'tooltip'],
    ]);
    expect(steps[0]).toHaveProperty('xAxis');
    expect(steps[0]).toHaveProperty('yAxis');
    expect(Object.assign({}, ...steps)).toEqual(option);
  });
});

describe('lineChartOption colours', () => {
  it('gives lines without a colour the series colours in order, keeps a given one, and follows the theme', () => {
    const lines = [line('a', [1]), line('b', [2], { color: '#123456' }), line('c', [3])];
    const colors = (option: Record<string, unknown>) => (option.series as { itemStyle: { color: string } }[]).map((s) => s.itemStyle.color);
    expect(colors(lineChartOption(lines, opts))).toEqual([seriesColor(0), '#123456', seriesColor(2)]);
    expect(seriesColor(10)).toBe(seriesColor(0));
    expect(new Set(Array.from({ length: 10 }, (_, i) => seriesColor(i))).size).toBe(10);
    const dark = lineChartOption(lines, { ...opts, dark: true });
    expect(dark.textStyle).toEqual({ color: chartTheme(true).text });
    expect(chartTheme(true).text).not.toBe(chartTheme(false).text);
  });
});

describe('lineChartOption axes', () => {
  it('draws a logarithmic x axis (learning rates, C) with short labels only when asked', () => {
    const xAxis = (o: Partial<ChartOptions>) => lineChartOption([line('loss', [3, 2])], { ...opts, ...o }).xAxis as { type: string; scale: boolean; axisLabel: { formatter?: unknown } };
    expect(xAxis({})).toMatchObject({ type: 'value', scale: true });
    expect(xAxis({}).axisLabel.formatter).toBeUndefined();
    const log = xAxis({ logX: true });
    expect(log).toMatchObject({ type: 'log', scale: false });
    expect(log.axisLabel.formatter).toBe(axisNumber);
  });
});
