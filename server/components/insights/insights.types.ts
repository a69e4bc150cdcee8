// The shape every insights board is computed into: what the service returns, what the pages draw
// (server-side SVG through server/web/charts), what /api/v1/insights/... answers and what the CSV
// download writes. One shape, so the API, the chart, its table view and its CSV can never disagree.
import type { ChartData, ChartKind } from '../../web/charts/types.js';

/** The five boards, in the order of the Insights navigation. */
export const boardIds = ['structure', 'rhythm', 'recognition', 'knowledge', 'growth'] as const;
export type BoardId = (typeof boardIds)[number];

// A chart is the design system's ChartData (server/web/charts/types.ts) as it is: the insights
// contract adds nothing to it, so the chart component draws an InsightChart without a mapping.

export type { ChartKind };
/** One series: one value per category, `null` = suppressed (group below k, or complementary suppression). */
export type Series = ChartData['series'][number];
/** Its unit says what a value counts: 'people', 'nodes', 'percent', 'days', 'items', 'sections', 'feedback', 'discussions'. */
export type InsightChart = ChartData;

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
