import { smoothSeries } from '../../lib/smooth';

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
  logY: boolean;
  smoothing: number;
  dark: boolean;
  exportName: string;
}

/** Distinct, colour-blind-friendly colours (Okabe–Ito plus extras) so up to 10 runs stay apart. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7f7f7f', '#9467bd', '#bcbd22', '#17becf'];

const pairs = (x: readonly number[], y: readonly number[]) => x.map((v, i) => [v, y[i]]);

/**
 * The ECharts option for overlaid curves: smoothing keeps the raw curve as a faint shadow under the same
 * legend name (so one legend click toggles both), large series are downsampled with LTTB, no animation.
 */
export function lineChartOption(lines: readonly ChartLine[], o: ChartOptions): Record<string, unknown> {
  const text = o.dark ? '#c9d1db' : '#3b4450';
  const grid = o.dark ? '#2e343d' : '#e6e9ee';
  const series: Record<string, unknown>[] = [];
  lines.forEach((l, i) => {
    const color = l.color ?? PALETTE[i % PALETTE.length];
    if (l.marker) {
      series.push({ name: l.name, type: 'scatter', data: pairs(l.x, l.y), symbolSize: 12, symbol: 'diamond', itemStyle: { color } });
      return;
    }
    const y = o.logY ? l.y.map((v) => (v > 0 ? v : null)) : l.y;
    const base = { name: l.name, type: 'line', showSymbol: l.x.length < 2, sampling: 'lttb', animation: false, emphasis: { disabled: true } };
    if (o.smoothing > 0) {
      series.push({ ...base, data: pairs(l.x, y as number[]), lineStyle: { color, width: 1, opacity: 0.25, type: l.dashed ? 'dashed' : 'solid' }, itemStyle: { color }, tooltip: { show: false }, silent: true });
      series.push({ ...base, data: pairs(l.x, smoothSeries(y as number[], o.smoothing)), lineStyle: { color, width: 2, type: l.dashed ? 'dashed' : 'solid' }, itemStyle: { color } });
    } else {
      series.push({ ...base, data: pairs(l.x, y as number[]), lineStyle: { color, width: 2, type: l.dashed ? 'dashed' : 'solid' }, itemStyle: { color } });
    }
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: text },
    grid: { left: 56, right: 20, top: 40, bottom: 56 },
    legend: { type: 'scroll', top: 0, textStyle: { color: text }, data: lines.map((l) => l.name) },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(5)).toString() : String(v)) },
    toolbox: {
      right: 8, bottom: 0, iconStyle: { borderColor: text },
      feature: { dataZoom: { yAxisIndex: 'none' }, restore: {}, saveAsImage: { name: o.exportName, backgroundColor: o.dark ? '#1d2127' : '#ffffff', pixelRatio: 2 } },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    xAxis: { type: 'value', name: o.xName, nameLocation: 'middle', nameGap: 26, scale: true, axisLine: { lineStyle: { color: grid } }, splitLine: { lineStyle: { color: grid } }, axisLabel: { color: text } },
    yAxis: {
      // The card title names the quantity; an axis name would collide with the legend.
      type: o.logY ? 'log' : 'value', scale: !o.logY, axisLabel: { color: text }, splitLine: { lineStyle: { color: grid } },
    },
    series,
  };
}
