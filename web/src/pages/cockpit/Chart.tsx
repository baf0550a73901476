import type { EChartsCoreOption } from 'echarts/core';
import { registerMap } from './echarts';
import type { GeoMap } from './maps';
import { useChart } from './useChart';

export interface ChartProps {
  option: EChartsCoreOption | null;
  height: number;
  testId: string;
  dark: boolean;
  /** The map a map series draws on; registered before the option is set. */
  map?: GeoMap;
  onClick?: (e: { dataIndex: number; seriesIndex: number; name: string }) => void;
}

/** One ECharts chart in a div of the given height and the container's width. */
export default function Chart({ option, height, testId, dark, map, onClick }: ChartProps) {
  if (map) {
    registerMap(map);
  }
  const ref = useChart(option, { dark, onClick });
  return <div ref={ref} data-testid={testId} style={{ width: '100%', height }} />;
}
