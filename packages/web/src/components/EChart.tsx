/**
 * One ECharts chart: created once, updated when the option changes, resized with its box, clicks reported by series
 * and data index. The caller's file registers the chart types it uses (`echarts.use`), so only those are bundled, and
 * is loaded on its own (React.lazy) so the rest of the app never downloads the charting library.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';

export function EChart({ option, onPick, height = 300, testId }: {
  option: echarts.EChartsCoreOption;
  onPick: (seriesIndex: number, dataIndex: number) => void;
  height?: number;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const pickRef = useRef(onPick);
  useEffect(() => {
    pickRef.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => {
      if (typeof params.seriesIndex === 'number' && typeof params.dataIndex === 'number') pickRef.current(params.seriesIndex, params.dataIndex);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} style={{ height, width: '100%' }} className="echart" data-testid={testId} />;
}
