/** Modular ECharts: only the charts and components we use end up in the bundle. */
import { LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, ParallelComponent, ToolboxComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart, ScatterChart, ParallelChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent,
  ParallelComponent, VisualMapComponent, ToolboxComponent, CanvasRenderer,
]);
