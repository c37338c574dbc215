/** ECharts options of the evaluation views: pure functions of the API's views, so they can be tested without a canvas. */
import type { CurvesView, DecisionBoundaryView, ResidualsView } from '../../../../shared/api';
import { metricLabel } from '../../../../shared/metric-catalog';
import { formatInteger, formatNumber } from '../../lib/format';
import { chartTheme, SCATTER_COLORS, seriesColor } from '../charts/chart-colors';

type Option = Record<string, unknown>;

function axis(name: string, text: string, grid: string, extra: Option = {}): Option {
  return {
    type: 'value', name, nameLocation: 'middle', nameGap: 28, axisLabel: { color: text },
    axisLine: { lineStyle: { color: grid } }, splitLine: { lineStyle: { color: grid } }, ...extra,
  };
}

function base(dark: boolean): { text: string; grid: string; option: Option } {
  const { text, grid } = chartTheme(dark);
  return {
    text, grid,
    option: { animation: false, backgroundColor: 'transparent', textStyle: { color: text }, grid: { left: 60, right: 20, top: 36, bottom: 50 } },
  };
}

/** One-vs-rest curves, one line per class named with its area; ROC adds the diagonal of guessing. */
export function curvesOption(view: CurvesView, kind: 'roc' | 'pr', dark: boolean): Option {
  const { text, grid, option } = base(dark);
  const curves = view[kind];
  const series: Option[] = curves.map((c, i) => ({
    name: `${view.classes[i]} (${c.area === null ? '—' : formatNumber(c.area, 3)})`,
    type: 'line', showSymbol: false, step: kind === 'pr' ? 'end' : undefined, animation: false,
    data: c.x.map((x, j) => [x, c.y[j]]), lineStyle: { color: seriesColor(i), width: 2 }, itemStyle: { color: seriesColor(i) },
  }));
  if (kind === 'roc') {
    series.push({ name: 'guessing', type: 'line', data: [[0, 0], [1, 1]], showSymbol: false, silent: true, lineStyle: { color: SCATTER_COLORS.diagonal, type: 'dashed', width: 1 } });
  }
  return {
    ...option,
    grid: { left: 60, right: 20, top: 50, bottom: 50 },
    legend: { type: 'scroll', top: 0, textStyle: { color: text } },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v, 3) : String(v)) },
    xAxis: axis(kind === 'roc' ? 'false positive rate' : metricLabel('recall'), text, grid, { min: 0, max: 1 }),
    yAxis: axis(kind === 'roc' ? 'true positive rate' : metricLabel('precision'), text, grid, { min: 0, max: 1, nameGap: 36 }),
    series,
  };
}

export function residualScatterOption(view: ResidualsView, dark: boolean): Option {
  const { text, grid, option } = base(dark);
  const xs = view.predicted;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return {
    ...option,
    tooltip: { trigger: 'item', formatter: (p: { value: number[] }) => `predicted ${formatNumber(p.value[0])}<br>residual ${formatNumber(p.value[1])}` },
    xAxis: axis('predicted', text, grid, { scale: true }),
    yAxis: axis(metricLabel('residual'), text, grid, { scale: true, nameGap: 44 }),
    series: [
      { type: 'scatter', symbolSize: 5, data: xs.map((x, i) => [x, view.residual[i]]), itemStyle: { color: SCATTER_COLORS.points, opacity: 0.6 } },
      { type: 'line', data: [[lo, 0], [hi, 0]], showSymbol: false, silent: true, lineStyle: { color: SCATTER_COLORS.diagonal, type: 'dashed' } },
    ],
  };
}

/** Bars at the bins' centres, each labelled with its range in the tooltip. */
export function residualHistogramOption(view: ResidualsView, dark: boolean): Option {
  const { text, grid, option } = base(dark);
  const { min, max, counts } = view.histogram;
  const width = (max - min) / counts.length;
  return {
    ...option,
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number; value: number[] }) =>
        `${formatNumber(min + p.dataIndex * width)} to ${formatNumber(min + (p.dataIndex + 1) * width)}: ${formatInteger(p.value[1])} rows`,
    },
    xAxis: axis(metricLabel('residual'), text, grid, { min, max }),
    yAxis: axis('rows', text, grid, { minInterval: 1, nameGap: 40 }),
    series: [{
      type: 'bar', barWidth: '96%', barCategoryGap: 0, itemStyle: { color: SCATTER_COLORS.points, opacity: 0.8 },
      data: counts.map((c, i) => [min + (i + 0.5) * width, c]),
    }],
  };
}

interface CellApi {
  value(dim: number): number;
  coord(point: number[]): number[];
}

/** The grid as coloured rectangles (stronger where the model is surer) with the split's rows on top. */
export function boundaryOption(view: DecisionBoundaryView, dark: boolean): Option {
  const { text, grid, option } = base(dark);
  const { size, x, y } = view;
  const w = (x.max - x.min) / size;
  const h = (y.max - y.min) / size;
  const cells = view.cells.map((c, i) => [x.min + ((i % size) + 0.5) * w, y.min + (Math.floor(i / size) + 0.5) * h, c, view.confidence[i]]);
  const regions = {
    type: 'custom', silent: true, animation: false, data: cells, z: 1,
    renderItem: (_: unknown, api: CellApi) => {
      const cx = api.value(0);
      const cy = api.value(1);
      const [x0, y0] = api.coord([cx - w / 2, cy + h / 2]);
      const [x1, y1] = api.coord([cx + w / 2, cy - h / 2]);
      // Edges rounded to whole pixels: neighbours share an edge, so no seam and no darker overlap shows.
      const [l, t, r, b] = [x0, y0, x1, y1].map(Math.round);
      return {
        type: 'rect', shape: { x: l, y: t, width: r - l, height: b - t },
        style: { fill: seriesColor(api.value(2)), opacity: 0.12 + 0.33 * api.value(3) },
      };
    },
  };
  const points = view.classes.map((name, c) => ({
    name, type: 'scatter', z: 3, symbolSize: 7,
    data: view.points.x.flatMap((px, i) => (view.points.actual[i] === c
      ? [{ value: [px, view.points.y[i]], symbol: view.points.predicted[i] === c ? 'circle' : 'triangle' }] : [])),
    itemStyle: { color: seriesColor(c), borderColor: dark ? '#fff' : '#222', borderWidth: 1 },
  }));
  const split = view.split === 'val' ? 'validation' : 'test';
  return {
    ...option,
    grid: { left: 64, right: 20, top: 50, bottom: 50 },
    legend: { top: 0, type: 'scroll', textStyle: { color: text }, data: view.classes },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; value: number[]; data: { symbol: string } }) =>
        `${split} row of class ${p.seriesName}${p.data.symbol === 'triangle' ? ' (predicted wrongly)' : ''}<br>${view.axes.x} ${formatNumber(p.value[0])}<br>${view.axes.y} ${formatNumber(p.value[1])}`,
    },
    xAxis: axis(view.axes.x, text, grid, { min: x.min, max: x.max, axisLabel: { color: text, showMinLabel: false, showMaxLabel: false, formatter: (v: number) => formatNumber(v, 3) } }),
    yAxis: axis(view.axes.y, text, grid, { min: y.min, max: y.max, nameGap: 44, axisLabel: { color: text, showMinLabel: false, showMaxLabel: false, formatter: (v: number) => formatNumber(v, 3) } }),
    series: [regions, ...points],
  };
}
