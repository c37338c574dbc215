import { smoothSeries } from '../../lib/smooth';
import { chartTheme, seriesColor } from './chart-colors';

export interface ChartLine {
  name: string;
  x: readonly number[];
  y: readonly number[];
  color?: string;
  dashed?: boolean;
  /** A single point (an ELM run on the wall-clock axis) drawn as a marker. */
  marker?: boolean;
}

export interface ChartOptions {
  xName: string;
  /** A logarithmic x axis (learning rates, C); its labels in the axis number format. */
  logX?: boolean;
  logY: boolean;
  smoothing: number;
  dark: boolean;
  exportName: string;
}

const pairs = (x: readonly number[], y: readonly (number | null)[]) => x.map((v, i) => [v, y[i]]);

/**
 * What decides the chart's layout (series, legend, axes, colours); data alone changing keeps it, so a live
 * update only replaces series data instead of rebuilding the chart.
 */
export function lineChartShape(lines: readonly ChartLine[], o: ChartOptions): string {
  return JSON.stringify([o, lines.map((l) => [l.name, l.color, !!l.dashed, !!l.marker, l.x.length < 2])]);
}

/**
 * What the data of the lines is as of now: their lengths and last points. Series grow in place, so this is
 * how a chart tells a new batch of points from a re-render that brought none.
 */
export function lineChartDataKey(lines: readonly ChartLine[]): string {
  return lines.map((l) => `${l.x.length}:${l.x[l.x.length - 1]}:${l.y[l.y.length - 1]}`).join('|');
}

/** The data of each series lineChartOption makes, in its order (smoothing adds a raw shadow before a curve). */
export function lineSeriesData(lines: readonly ChartLine[], o: Pick<ChartOptions, 'logY' | 'smoothing'>): (number | null)[][][] {
  const out: (number | null)[][][] = [];
  for (const l of lines) {
    const y = o.logY ? l.y.map((v) => (v > 0 ? v : null)) : l.y;
    if (l.marker || o.smoothing <= 0) out.push(pairs(l.x, y));
    else out.push(pairs(l.x, y), pairs(l.x, smoothSeries(y as number[], o.smoothing)));
  }
  return out;
}

/** An axis label short enough for the chart's fixed left margin (about 7 characters at most). */
export function axisNumber(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1).replace('.0e', 'e');
  return String(Number(v.toPrecision(4)));
}

/**
 * The ECharts option for overlaid curves: smoothing keeps the raw curve as a faint shadow under the same
 * legend name (so one legend click toggles both), large series are downsampled with LTTB, no animation.
 */
export function lineChartOption(lines: readonly ChartLine[], o: ChartOptions): Record<string, unknown> {
  const { text, grid, background } = chartTheme(o.dark);
  const data = lineSeriesData(lines, o);
  const series: Record<string, unknown>[] = [];
  lines.forEach((l, i) => {
    const color = l.color ?? seriesColor(i);
    if (l.marker) {
      series.push({ name: l.name, type: 'scatter', data: data[series.length], symbolSize: 12, symbol: 'diamond', itemStyle: { color } });
      return;
    }
    const base = { name: l.name, type: 'line', showSymbol: l.x.length < 2, sampling: 'lttb', animation: false, emphasis: { disabled: true } };
    const type = l.dashed ? 'dashed' : 'solid';
    if (o.smoothing > 0) {
      series.push({ ...base, data: data[series.length], lineStyle: { color, width: 1, opacity: 0.25, type }, itemStyle: { color }, tooltip: { show: false }, silent: true });
    }
    series.push({ ...base, data: data[series.length], lineStyle: { color, width: 2, type }, itemStyle: { color } });
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: text },
    // Fixed margins: without `outerBoundsMode: 'none'` every redraw would measure axis labels to fit them.
    grid: { left: 56, right: 20, top: 40, bottom: 56, outerBoundsMode: 'none' },
    legend: { type: 'scroll', top: 0, textStyle: { color: text }, data: lines.map((l) => l.name) },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(5)).toString() : String(v)) },
    toolbox: {
      right: 8, bottom: 0, iconStyle: { borderColor: text },
      feature: { dataZoom: { yAxisIndex: 'none' }, restore: {}, saveAsImage: { name: o.exportName, backgroundColor: background, pixelRatio: 2 } },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    xAxis: {
      type: o.logX ? 'log' : 'value', name: o.xName, nameLocation: 'middle', nameGap: 26, scale: !o.logX, axisLine: { lineStyle: { color: grid } },
      splitLine: { lineStyle: { color: grid } }, axisLabel: o.logX ? { color: text, formatter: axisNumber } : { color: text },
    },
    yAxis: {
      // The card title names the quantity; an axis name would collide with the legend.
      type: o.logY ? 'log' : 'value', scale: !o.logY, axisLabel: { color: text, formatter: axisNumber }, splitLine: { lineStyle: { color: grid } },
    },
    series,
  };
}

/** What a chart's first draw adds step by step after its axes: the curves, then what serves interaction. */
const LATER_PARTS = [['series'], ['legend'], ['toolbox', 'dataZoom', 'tooltip']];

/**
 * Splits an option into the steps of a chart's first draw, each merged in a task of its own: the axes, the
 * curves, the legend, then the toolbox, zoom and tooltip. Built all at once, the first draw of a chart is
 * one task of about 100 ms (much of it code and text measuring warming up).
 */
export function firstDrawSteps(option: Record<string, unknown>): Record<string, unknown>[] {
  const later = LATER_PARTS.flat();
  const first = Object.fromEntries(Object.entries(option).filter(([key]) => !later.includes(key)));
  return [first, ...LATER_PARTS.map((keys) => Object.fromEntries(keys.filter((k) => k in option).map((k) => [k, option[k]])))];
}
