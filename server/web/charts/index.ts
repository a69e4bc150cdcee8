// The design system's chart component: an InsightChart drawn on the server (ECharts' SVG renderer),
// with its legend, table view and CSV link. See /_styleguide for an example of every kind.
export { chartFigure, chartTable, markTip, type ChartLabels, type ChartFigureOptions } from './figure.js';
export { chartLabels, chartUnits } from './labels.js';
export { renderChartSvg } from './svg.js';
export type { ChartData, ChartKind } from './types.js';
export { seriesColours, inkColours } from './palette.js';
