import { BarChart } from 'echarts/charts';
import type { BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts of ECharts the dashboard draws (bar chart on a canvas), in
// a chunk of its own that ChartBar loads on first use, so users who never
// open the statistics never download it. ECharts needs no inline script or
// eval and sets element styles through the CSSOM, so it runs under the CSP.
use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type BarOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Draws `option` into `el`; the caller disposes the returned chart. */
export function renderChart(el: HTMLElement, option: BarOption): ECharts {
  const chart = init(el, undefined, { renderer: 'canvas' });
  chart.setOption(option);
  return chart;
}
