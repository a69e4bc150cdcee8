// The shape every insights board is computed into: what the service returns, what the pages draw
// (server-side SVG through server/web/charts), what /api/v1/insights/... answers and what the CSV
// download writes. One shape, so the API, the chart, its table view and its CSV can never disagree.

/** The five boards, in the order of the Insights navigation. */
export const boardIds = ['structure', 'rhythm', 'recognition', 'knowledge', 'growth'] as const;
export type BoardId = (typeof boardIds)[number];

/** How a chart is drawn; every kind also has a table view built from the same categories and series. */
export type ChartKind =
  | 'bar' // one bar per category (several series side by side)
  | 'stackedBar' // categories stacked by series
  | 'histogram' // bins as categories (e.g. span of control: 1, 2, ... direct reports)
  | 'line' // categories are ISO dates or months (YYYY-MM), in order
  | 'matrix'; // categories are rows, series are columns (e.g. feedback from node -> to node)

export interface Series {
  /** Shown in the legend and as a table column header (already translated). */
  name: string;
  /** One value per category. `null` = suppressed (group below k, or complementary suppression). */
  values: Array<number | null>;
}

export interface InsightChart {
  /** Stable id within the board (also the CSV file name: <board>-<chart>.csv). */
  id: string;
  /** Translated title. */
  title: string;
  /** One sentence: what it shows and what to do about it (translated). */
  sentence: string;
  kind: ChartKind;
  /** Axis or row labels (translated where they are words; node names as they are). */
  categories: string[];
  /** Optional links for categories (e.g. a node's page), same length as categories. */
  categoryLinks?: Array<string | null>;
  series: Series[];
  /** What a value counts, for the axis and the tooltip: 'people', 'nodes', 'percent', 'days', 'items', 'sections', 'feedback', 'discussions'. */
  unit: string;
  /** True when at least one value was suppressed: the page says why ("groups under k people are hidden"). */
  suppressed: boolean;
}

/** A list of named things that need attention (e.g. nodes without a lead): shown as a table below the charts. */
export interface InsightList {
  id: string;
  title: string;
  sentence: string;
  columns: string[];
  rows: Array<{ cells: Array<string | number>; link?: string | null }>;
}

export interface Board {
  id: BoardId;
  title: string;
  /** One sentence for the whole board. */
  sentence: string;
  /** The scope the figures cover: the workspace or a node's subtree. */
  scope: { kind: 'workspace' } | { kind: 'node'; nodeId: string; name: string };
  /** Period for time-based charts (ISO dates, inclusive). */
  period: { from: string; to: string };
  /** The anonymity threshold applied (config insights.minGroupSize). */
  k: number;
  charts: InsightChart[];
  lists: InsightList[];
  /** When the behavioural snapshot these figures come from was taken (ISO), or null for computed-on-request boards. */
  snapshotAt: string | null;
}
