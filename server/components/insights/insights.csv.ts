// The CSV of one chart or list of a board: the same figures the chart and its table view show.
// A suppressed value is an empty cell (never a zero, which would read as a figure). Cells go
// through the export's csvCell (RFC 4180, spreadsheet formulas neutralised).
import { csvCell, csvHeader } from '../dsar/export-rows.common.js';
import type { Board } from './insights.types.js';

const line = (cells: unknown[]) => cells.map(csvCell).join(',') + '\r\n';

/** The CSV of the chart or list `id` of the board, or undefined when the board has none by that id. */
export function boardCsv(board: Board, id: string): string | undefined {
  const chart = board.charts.find((c) => c.id === id);
  if (chart) {
    let out = csvHeader(['', ...chart.series.map((s) => s.name)]);
    chart.categories.forEach((category, i) => {
      out += line([category, ...chart.series.map((s) => s.values[i] ?? null)]);
    });
    return out;
  }
  const list = board.lists.find((l) => l.id === id);
  if (!list) return undefined;
  return csvHeader(list.columns) + list.rows.map((r) => line(r.cells)).join('');
}

/** The file name of a chart's download: <board>-<chart>.csv. */
export const csvFileName = (board: Board, id: string) => `${board.id}-${id}.csv`;
