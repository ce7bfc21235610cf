import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the chart uses, so the bundle carries a part of ECharts, not all of it.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Breaches per day as an Apache ECharts bar chart (oldest day first). */
export function BreachesChart({ days, seriesName }: { days: { date: string; breaches: number }[]; seriesName: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    // The card's width is known only once laid out (and changes with the window and the menu).
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: seriesName, type: 'bar', data: days.map((d) => d.breaches), itemStyle: { color: '#c0392b' } }],
    });
  }, [days, seriesName]);
  return <div ref={element} style={{ width: '100%', height: 260 }} data-testid="breaches-chart" />;
}
