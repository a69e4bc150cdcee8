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
/** Labels are turned when they would not fit side by side (about 7 px a character at 12 px). */
const PLOT_WIDTH = CHART_WIDTH - 64;
const turned = (categories: string[]) =>
  Math.max(0, ...categories.map((c) => c.length)) * 7 > PLOT_WIDTH / Math.max(categories.length, 1) - 8;

/** Long node names are cut in the drawing; the table view has them in full. */
const categoryLabels = (categories: string[]) => ({
  ...text,
  interval: 0,
  rotate: turned(categories) ? 35 : 0,
  width: turned(categories) ? 110 : Math.max(40, Math.floor(PLOT_WIDTH / Math.max(categories.length, 1)) - 8),
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
  axisLabel: categoryLabels(categories),
  axisLine: { lineStyle: { color: inkColours.axis } },
  axisTick: { show: false },
});

/**
 * More series than colours: each further round of the palette draws its lines dashed, then dotted,
 * with another point shape, so two series never look the same (the legend shows the same look).
 */
export const lineLooks = [
  { type: 'solid', symbol: 'circle' },
  { type: 'dashed', symbol: 'rect' },
  { type: 'dotted', symbol: 'triangle' },
] as const;
export const lookOf = (seriesIndex: number) => Math.floor(seriesIndex / seriesColours.length) % lineLooks.length;

/** Drawn charts carry no interaction of ECharts' own (the page adds tooltips from data attributes). */
const still = { silent: true, emphasis: { disabled: true }, animation: false };

function seriesChart(chart: ChartData): ChartOption {
  const stacked = chart.kind === 'stackedBar';
  const line = chart.kind === 'line';
  const rotated = turned(chart.categories);
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
      series: chart.series.map((s, i) => ({
        ...still,
        type: line ? 'line' : 'bar',
        name: s.name,
        data: s.values.map((v) => (v === null ? '-' : v)),
        ...(stacked ? { stack: 'total' } : {}),
        ...(chart.kind === 'histogram' ? { barCategoryGap: '8%' } : {}),
        ...(line ? { connectNulls: false, showSymbol: true, symbol: lineLooks[lookOf(i)]!.symbol, symbolSize: 7, lineStyle: { width: 2, type: lineLooks[lookOf(i)]!.type } } : {}),
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
  const bottom = turned(chart.series.map((s) => s.name)) ? 88 : 40;
  const height = 16 + bottom + Math.max(1, chart.categories.length) * MATRIX_ROW;
  return {
    width: CHART_WIDTH,
    height,
    option: {
      animation: false,
      textStyle: { fontFamily: 'sans-serif' },
      grid: { left: 140, right: 16, top: 16, bottom },
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
