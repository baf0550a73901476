/**
 * ECharts, assembled from the parts the cockpit draws with (tree-shaken: the full build is ~1 MB).
 * Imported only through Chart.tsx, which the cockpit loads lazily, so none of it is in the initial bundle.
 */
import { BarChart, CustomChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { GeoMap } from './maps';

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  MapChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** Registers a map's outlines once, under its name. */
export function registerMap(map: GeoMap): void {
  if (!echarts.getMap(map.name)) {
    echarts.registerMap(map.name, map.geo as Parameters<typeof echarts.registerMap>[1]);
  }
}

export { echarts };
