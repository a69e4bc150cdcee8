// The snapshot tables of the insights boards. Figures are aggregates by node (never one row per
// person); a figure about a small group can still say something about the people in it, so the
// value columns are declared as personal data derived from content, kept under their own retention category
// (insights_snapshots) and shown only for groups of at least k people (insights.privacy.ts).
import { declareTable, personal } from '../../db/declare.js';

const aggregate = (purpose: string) => personal('content', 'insights_snapshots', purpose);

/**
 * One figure of one node's subtree for one period: metric (e.g. feedback_given), the period it
 * covers (a day YYYY-MM-DD or a month YYYY-MM), an optional dimension (a Value, the node feedback
 * went to), the value and the size of the group it was computed over.
 */
export const insightsFiguresTable = declareTable('insights_figures', 'insights', 'none', {
  workspace_id: ['string', 'not null', 'none'],
  node_id: ['string', 'not null', 'none'],
  metric: ['string', 'not null', 'none'],
  period: ['string', 'not null', 'none'],
  dimension: ['string', 'not null', 'none'],
  value: ['real', 'null', aggregate('what a group did (feedback, 1:1s, discussions), counted by node for the insights boards: shown to the leads of the node and above and to admins, never for a group under the anonymity threshold (insights.minGroupSize, at least 3) nor for people under a processing restriction')],
  group_size: ['integer', 'not null', aggregate('how many people a figure is about, which decides whether it may be shown (the anonymity threshold, with complementary suppression)')],
  period_start: ['bigint', 'not null', 'none'],
  taken_at: ['bigint', 'not null', 'none'],
}, { key: 'period', retention: { category: 'insights_snapshots', ageColumn: 'period_start' }, access: { excluded: true, rule: 'aggregates about groups of people, never about one person' } });

/** When each workspace's snapshot was last taken (what the boards show as "figures of ..."). */
export const insightsSnapshotsTable = declareTable('insights_snapshots', 'insights', 'none', {
  workspace_id: ['string', 'not null', 'none'],
  day: ['string', 'not null', 'none'],
  taken_at: ['bigint', 'not null', 'none'],
  rows: ['integer', 'not null', 'none'],
  duration_ms: ['integer', 'not null', 'none'],
}, { key: 'day', retention: { category: 'insights_snapshots', ageColumn: 'taken_at' } });
