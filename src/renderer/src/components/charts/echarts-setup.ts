/** Modular ECharts: only the charts and components we use end up in the bundle. */
import { BarChart, CustomChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, ParallelComponent, ToolboxComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { registerTheme, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart, ScatterChart, ParallelChart, BarChart, CustomChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, ParallelComponent, VisualMapComponent, ToolboxComponent, CanvasRenderer,
]);

/*
 * Every series draws in one go. Progressive rendering (ECharts' default above a few thousand points or bars)
 * paints over several frames from a loop of zrender's own that a disposed chart does not stop: leaving a page
 * mid-paint threw "Cannot read properties of null (reading 'layerStack')". Our largest charts (decision
 * regions, 20k-point scatters) paint in one frame anyway.
 */
const SERIES_WITH_PROGRESSIVE_DEFAULTS = ['line', 'scatter', 'bar', 'custom', 'parallel'] as const;
const NOT_PROGRESSIVE = { progressive: 0, progressiveThreshold: Number.POSITIVE_INFINITY };

/** The theme every chart of the app is drawn with (provided once to vue-echarts in main.ts). */
export const CHART_THEME = 'workbench';
registerTheme(CHART_THEME, {
  ...NOT_PROGRESSIVE,
  ...Object.fromEntries(SERIES_WITH_PROGRESSIVE_DEFAULTS.map((type) => [type, NOT_PROGRESSIVE])),
});
