// What the chart component draws. Declared here, in web/, because web/ sits below the components and
// imports none of them; the insights contract (components/insights/insights.types.ts) takes it as its
// InsightChart, and any other page may draw one too.

export type ChartKind = 'bar' | 'stackedBar' | 'histogram' | 'line' | 'matrix';

export interface ChartData {
  /** Stable id within its page. */
  id: string;
  title: string;
  /** One sentence: what it shows and what to do about it. */
  sentence: string;
  kind: ChartKind;
  /** Axis labels; for a matrix, its rows. */
  categories: string[];
  /** Optional links for categories (the table view's row headers link to them). */
  categoryLinks?: Array<string | null>;
  /** For a matrix, its columns. A null value is suppressed: drawn as a gap, never as a figure. */
  series: Array<{ name: string; values: Array<number | null> }>;
  /** What a value counts (see chartUnits in labels.ts). */
  unit: string;
  /** True when at least one value is null: the legend gets its hatched "hidden" entry. */
  suppressed: boolean;
}
