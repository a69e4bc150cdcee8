// ChartData -> ECharts option, and the way back from a drawn mark to the figure it stands for.
// Suppressed values (null) are never handed to ECharts: a bar or a line point is left out ('-' is
// ECharts' "no value"), a matrix cell is not drawn, so the SVG holds nothing of them but a gap.
import type { ChartData } from './types.js';
import { inkColours, matrixScale, seriesColours } from './palette.js';

/** What one drawn mark shows: the category (row), the series (column) and the value. */
export interface MarkRef {
  category: number;
  series: number;
  value: number;
}

export interface ChartOption {
  option: Record<string, unknown>;
  /** The figure behind ECharts' (seriesIndex, dataIndex) of a drawn mark, if it stands for one. */
  markOf(seriesIndex: number, dataIndex: number): MarkRef | undefined;
  width: number;
  height: number;
}

export const CHART_WIDTH = 640;
const BAR_HEIGHT = 280;
const MATRIX_ROW = 28;

const text = { color: inkColours.text, fontSize: 12 };
/** Long node names are cut in the drawing; the table view has them in full. */
const categoryLabels = (count: number) => ({
  ...text,
  interval: 0,
  rotate: count > 6 ? 35 : 0,
  width: count > 6 ? 110 : Math.max(40, Math.floor((CHART_WIDTH - 80) / Math.max(count, 1)) - 8),
  overflow: 'truncate',
});

const valueAxis = (unit: string) => ({
  type: 'value',
  minInterval: unit === 'percent' ? 0 : 1,
  max: unit === 'percent' ? 100 : undefined,
  axisLabel: text,
  axisLine: { show: false },
  splitLine: { lineStyle: { color: inkColours.grid } },
});

const categoryAxis = (categories: string[]) => ({
  type: 'category',
  data: categories,
  axisLabel: categoryLabels(categories.length),
  axisLine: { lineStyle: { color: inkColours.axis } },
  axisTick: { show: false },
});

/** Drawn charts carry no interaction of ECharts' own (the page adds tooltips from data attributes). */
const still = { silent: true, emphasis: { disabled: true }, animation: false };

function seriesChart(chart: ChartData): ChartOption {
  const stacked = chart.kind === 'stackedBar';
  const line = chart.kind === 'line';
  const rotated = chart.categories.length > 6;
  return {
    width: CHART_WIDTH,
    height: BAR_HEIGHT,
    option: {
      animation: false,
      color: [...seriesColours],
      textStyle: { fontFamily: 'sans-serif' },
      grid: { left: 48, right: 16, top: 16, bottom: rotated ? 88 : 36, containLabel: false },
      xAxis: categoryAxis(chart.categories),
      yAxis: valueAxis(chart.unit),
      series: chart.series.map((s) => ({
        ...still,
        type: line ? 'line' : 'bar',
        name: s.name,
        data: s.values.map((v) => (v === null ? '-' : v)),
        ...(stacked ? { stack: 'total' } : {}),
        ...(chart.kind === 'histogram' ? { barCategoryGap: '8%' } : {}),
        ...(line ? { connectNulls: false, showSymbol: true, symbol: 'circle', symbolSize: 7, lineStyle: { width: 2 } } : {}),
      })),
    },
    markOf(seriesIndex, dataIndex) {
      const value = chart.series[seriesIndex]?.values[dataIndex];
      return value === null || value === undefined ? undefined : { category: dataIndex, series: seriesIndex, value };
    },
  };
}

/** Rows are the categories (top to bottom), columns the series: one cell per shown value. */
function matrixChart(chart: ChartData): ChartOption {
  const cells: MarkRef[] = [];
  chart.categories.forEach((_, row) =>
    chart.series.forEach((s, column) => {
      const value = s.values[row];
      if (value !== null && value !== undefined) cells.push({ category: row, series: column, value });
    }),
  );
  const max = Math.max(1, ...cells.map((c) => c.value));
  const height = 72 + Math.max(1, chart.categories.length) * MATRIX_ROW;
  return {
    width: CHART_WIDTH,
    height,
    option: {
      animation: false,
      textStyle: { fontFamily: 'sans-serif' },
      grid: { left: 140, right: 16, top: 16, bottom: 56 },
      xAxis: { ...categoryAxis(chart.series.map((s) => s.name)), splitArea: { show: false } },
      yAxis: { ...categoryAxis(chart.categories), inverse: true, axisLabel: { ...text, width: 128, overflow: 'truncate' } },
      visualMap: { show: false, min: 0, max, inRange: { color: [...matrixScale] } },
      series: [
        {
          ...still,
          type: 'heatmap',
          data: cells.map((c) => [c.series, c.category, c.value]),
          label: { show: true, fontSize: 12 },
          itemStyle: { borderColor: inkColours.grid, borderWidth: 1 },
        },
      ],
    },
    markOf(seriesIndex, dataIndex) {
      return seriesIndex === 0 ? cells[dataIndex] : undefined;
    },
  };
}

export function chartOption(chart: ChartData): ChartOption {
  return chart.kind === 'matrix' ? matrixChart(chart) : seriesChart(chart);
}
