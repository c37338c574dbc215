/** Modular ECharts: only the charts and components we use end up in the bundle. */
import { LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent, GridComponent, LegendComponent, ToolboxComponent, TooltipComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  LineChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent,
  ToolboxComponent, CanvasRenderer,
]);
