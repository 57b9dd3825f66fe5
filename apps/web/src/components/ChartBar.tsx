import { useEffect, useRef } from 'react';
import type { BarOption } from './ChartEngine.ts';

export interface BarDatum {
  label: string;
  /** null: suppressed. Drawn as an empty slot whose axis label carries the suppression mark. */
  value: number | null;
}

/**
 * A horizontal bar chart of one statistics table. Suppressed cells are not
 * drawn as zero: their bar is absent and their label ends with the mark.
 * The chart is decorative for screen readers; the table beside it carries the numbers.
 */
export function ChartBar({ data, title, mark, suppressedText }: { data: BarDatum[]; title: string; mark: string; suppressedText: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // The parent builds a new array on every render; redraw only when the numbers or labels change.
  const dataKey = JSON.stringify(data);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const data = JSON.parse(dataKey) as BarDatum[];
    const labels = data.map((d) => (d.value === null ? `${d.label} (${mark})` : d.label));
    const option: BarOption = {
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (v === undefined || v === null || v === '-' ? suppressedText : String(v)),
      },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
      series: [{ type: 'bar', name: title, data: data.map((d) => (d.value === null ? '-' : d.value)), label: { show: true, position: 'right' } }],
    };
    let disposed = false;
    let dispose = () => {};
    // ECharts is loaded on first use (its own chunk), not with the app.
    void import('./ChartEngine.ts').then(({ renderChart }) => {
      if (disposed) return;
      const chart = renderChart(el, option);
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      dispose = () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [dataKey, title, mark, suppressedText]);
  const height = Math.max(120, data.length * 26 + 24);
  return <div ref={ref} role="img" aria-label={title} data-testid="stats-chart" style={{ width: '100%', height }} />;
}
