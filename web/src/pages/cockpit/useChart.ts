import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { echarts } from './echarts';

type Chart = ReturnType<typeof echarts.init>;

/**
 * Draws an ECharts option into a div: creates the chart on mount (in the dark theme on the wall),
 * replaces its option whenever the option changes, follows the div's size, and disposes of it on unmount.
 * `onClick` receives the clicked data item's `dataIndex` and series index.
 */
export function useChart(
  option: EChartsCoreOption | null,
  opts: {
    dark?: boolean;
    onClick?: (e: { dataIndex: number; seriesIndex: number; name: string }) => void;
  } = {},
) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const onClick = useRef(opts.onClick);
  onClick.current = opts.onClick;
  const dark = opts.dark ?? false;

  useEffect(() => {
    const el = ref.current;
    if (!el) {
      return;
    }
    const c = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => {
      const p = e as unknown as { dataIndex: number; seriesIndex: number; name: string };
      onClick.current?.(p);
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    if (chart.current && option) {
      // notMerge: a new plan or scope replaces every series, rather than leaving old ones behind.
      // No animation: the page draws at once, and the wall display does not replay it every minute.
      chart.current.setOption(
        { backgroundColor: 'transparent', animation: false, ...option },
        { notMerge: true },
      );
    }
  }, [option, dark]);

  return ref;
}
