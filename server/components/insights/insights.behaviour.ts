// The Rhythm, Recognition, Knowledge and Growth boards, read from the snapshot tables. Figures about
// what people did go through the anonymity threshold and complementary suppression
// (insights.privacy.ts): the group sizes of the snapshot decide, for each partition of the scope
// (its children), which groups are hidden, and a hidden group's figures are null in every chart.
import type { Translate } from '../../platform/i18n.js';
import type { OrgGroups } from './insights.groups.js';
import { partitionsOf, subtreeOf, WORKSPACE } from './insights.groups.js';
import { monthsBetween, monthOf, startOfMonth } from './insights.periods.js';
import { suppressedKeys } from './insights.privacy.js';
import type { FigureRow, InsightsRepository } from './insights.repository.js';
import type { BoardId, InsightChart, InsightList, Series } from './insights.types.js';
import { sectionKinds } from '../sections/sections.schema.js';

export interface BehaviourInput {
  repo: InsightsRepository;
  workspaceId: string;
  groups: OrgGroups;
  scope: string;
  scopeName: string;
  /** The snapshot day the daily figures come from, or undefined when none was taken yet. */
  day: string | undefined;
  from: string;
  to: string;
  k: number;
  t: Translate;
  /** Node sections by kind, with how many were not updated for 90 days (Knowledge). */
  sections: Array<{ nodeId: string; kind: string; count: number; stale: number }>;
}

interface Frame {
  /** Scope first, then its children (for the workspace: the top nodes of every entity). */
  keys: string[];
  labels: string[];
  links: Array<string | null>;
  hidden: Set<string>;
  months: string[];
  figures: FigureRow[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Reads the figures of the scope and its children and decides what is hidden. */
async function frameOf(input: BehaviourInput, metrics: string[], sizeMetric: 'people' | 'pair_people' = 'people'): Promise<Frame> {
  const { groups, scope, k } = input;
  const partitions = partitionsOf(groups, scope);
  const children = partitions.flatMap((p) => p.childIds);
  const keys = [scope, ...children];
  const months = monthsBetween(monthOf(Date.parse(input.from)), monthOf(Date.parse(input.to)));
  const figures = input.day
    ? [
        ...(await input.repo.figures(input.workspaceId, ['people', 'pair_people', ...metrics.filter((m) => isDaily(m))], keys, input.day, input.day)),
        ...(await input.repo.figures(input.workspaceId, ['residual'], partitions.map((p) => p.key), input.day, input.day)),
        ...(await input.repo.figures(input.workspaceId, metrics.filter((m) => !isDaily(m)), keys, months[0]!, months.at(-1)!)),
      ]
    : [];
  const daily = (metric: string, key: string) => figures.find((f) => f.metric === metric && f.nodeId === key && f.period === input.day)?.value ?? 0;
  const hidden = new Set<string>();
  for (const p of partitions) {
    const parentSize = daily(sizeMetric, scope);
    let residual = daily('residual', p.key);
    if (sizeMetric === 'pair_people') residual = Math.max(0, parentSize - sum(p.childIds.map((c) => daily(sizeMetric, c))));
    for (const key of suppressedKeys({ parent: { key: scope, size: parentSize }, children: p.childIds.map((c) => ({ key: c, size: daily(sizeMetric, c) })), residual }, k)) hidden.add(key);
    // What one size hides, the other must hide too (a group with enough people but too few in 1:1s).
    if (sizeMetric === 'pair_people') for (const key of suppressedKeys({ parent: { key: scope, size: daily('people', scope) }, children: p.childIds.map((c) => ({ key: c, size: daily('people', c) })), residual: daily('residual', p.key) }, k)) hidden.add(key);
  }
  if (!partitions.length && daily(sizeMetric, scope) < k) hidden.add(scope);
  const scopeLabel = scope === WORKSPACE ? input.t('insights.scope.workspace') : input.t('insights.scope.all', { name: input.scopeName });
  return {
    keys,
    labels: [scopeLabel, ...children.map((c) => groups.nodes.get(c)!.name)],
    links: [null, ...children.map((c) => `/org/nodes/${c}`)],
    hidden,
    months,
    figures,
  };
}

const dailyMetrics = new Set(['people', 'pair_people', 'residual', 'pairs', 'pairs_met_14', 'pairs_met_30', 'median_gap_days', 'open_items', 'open_item_age_days']);
const isDaily = (metric: string) => dailyMetrics.has(metric);

function dailyValue(frame: Frame, day: string | undefined, metric: string, key: string): number | null {
  if (frame.hidden.has(key)) return null;
  const f = frame.figures.find((x) => x.metric === metric && x.nodeId === key && x.period === day);
  return f ? f.value : metric.startsWith('median') || metric.endsWith('_days') ? null : 0;
}

function monthlyTotal(frame: Frame, metric: string, key: string, dimension = ''): number | null {
  if (frame.hidden.has(key)) return null;
  return sum(frame.figures.filter((f) => f.metric === metric && f.nodeId === key && f.dimension === dimension).map((f) => f.value ?? 0));
}

function monthlySeries(frame: Frame, metric: string, key: string): Array<number | null> {
  return frame.months.map((m) => (frame.hidden.has(key) ? null : sum(frame.figures.filter((f) => f.metric === metric && f.nodeId === key && f.period === m && f.dimension === '').map((f) => f.value ?? 0))));
}

const anyNull = (series: Series[]) => series.some((s) => s.values.some((v) => v === null));
const percent = (part: number | null, whole: number | null) => (part === null || whole === null ? null : whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

function chart(id: string, t: Translate, key: string, kind: InsightChart['kind'], frame: { labels: string[]; links?: Array<string | null> }, series: Series[], unit: string, vars: Record<string, unknown> = {}): InsightChart {
  return { id, title: t(`insights.${key}.title`, vars), sentence: t(`insights.${key}.sentence`, vars), kind, categories: frame.labels, ...(frame.links ? { categoryLinks: frame.links } : {}), series, unit, suppressed: anyNull(series) };
}

export async function behaviourParts(board: Exclude<BoardId, 'structure'>, input: BehaviourInput): Promise<{ charts: InsightChart[]; lists: InsightList[] }> {
  const { t } = input;
  switch (board) {
    case 'rhythm': {
      const frame = await frameOf(input, ['pairs', 'pairs_met_14', 'pairs_met_30', 'median_gap_days', 'open_items', 'open_item_age_days'], 'pair_people');
      const v = (metric: string, key: string) => dailyValue(frame, input.day, metric, key);
      return {
        charts: [
          chart('cadence', t, 'rhythm.cadence', 'bar', frame, [
            { name: t('insights.series.met14'), values: frame.keys.map((k) => percent(v('pairs_met_14', k), v('pairs', k))) },
            { name: t('insights.series.met30'), values: frame.keys.map((k) => percent(v('pairs_met_30', k), v('pairs', k))) },
          ], 'percent'),
          chart('meeting-gap', t, 'rhythm.gap', 'bar', frame, [{ name: t('insights.series.medianGap'), values: frame.keys.map((k) => v('median_gap_days', k)) }], 'days'),
          chart('open-items', t, 'rhythm.items', 'bar', frame, [{ name: t('insights.series.openItems'), values: frame.keys.map((k) => v('open_items', k)) }], 'items'),
          chart('item-age', t, 'rhythm.itemAge', 'bar', frame, [{ name: t('insights.series.itemAge'), values: frame.keys.map((k) => v('open_item_age_days', k)) }], 'days'),
        ],
        lists: [],
      };
    }
    case 'recognition': {
      const frame = await frameOf(input, ['feedback_given', 'feedback_received', 'feedback_value', 'feedback_flow']);
      const overTime = { labels: frame.months };
      const valueNames = [...new Set(frame.figures.filter((f) => f.metric === 'feedback_value' && f.nodeId === input.scope).map((f) => f.dimension))].sort();
      const children = frame.keys.slice(1);
      const flowLabels = { labels: frame.labels.slice(1), links: frame.links.slice(1) };
      return {
        charts: [
          chart('feedback-given', t, 'recognition.given', 'line', overTime, frame.keys.map((k, i) => ({ name: frame.labels[i]!, values: monthlySeries(frame, 'feedback_given', k) })), 'feedback'),
          chart('feedback-received', t, 'recognition.received', 'line', overTime, frame.keys.map((k, i) => ({ name: frame.labels[i]!, values: monthlySeries(frame, 'feedback_received', k) })), 'feedback'),
          chart('values', t, 'recognition.values', 'bar', { labels: valueNames }, [{ name: t('insights.series.feedback'), values: valueNames.map((v) => monthlyTotal(frame, 'feedback_value', input.scope, v)) }], 'feedback'),
          chart('flow', t, 'recognition.flow', 'matrix', flowLabels, children.map((to, j) => ({ name: flowLabels.labels[j]!, values: children.map((from) => (frame.hidden.has(from) || frame.hidden.has(to) ? null : monthlyTotal(frame, 'feedback_flow', from, to))) })), 'feedback'),
        ],
        lists: [],
      };
    }
    case 'knowledge': {
      const frame = await frameOf(input, ['discussions']);
      const subtrees = new Map(frame.keys.map((k) => [k, new Set(subtreeOf(input.groups, k))]));
      const count = (key: string, kind: string, field: 'count' | 'stale') => sum(input.sections.filter((s) => s.kind === kind && subtrees.get(key)!.has(s.nodeId)).map((s) => s[field]));
      const open = { labels: frame.labels, links: frame.links };
      return {
        charts: [
          chart('sections-by-kind', t, 'knowledge.kinds', 'stackedBar', open, sectionKinds.map((kind) => ({ name: t(`sections.kinds.${kind}`), values: frame.keys.map((k) => count(k, kind, 'count')) })), 'sections'),
          chart('stale-sections', t, 'knowledge.stale', 'bar', open, [{ name: t('insights.series.stale'), values: frame.keys.map((k) => sum(sectionKinds.map((kind) => count(k, kind, 'stale')))) }], 'sections'),
          chart('discussions', t, 'knowledge.discussions', 'bar', frame, [{ name: t('insights.series.discussions'), values: frame.keys.map((k) => monthlyTotal(frame, 'discussions', k)) }], 'discussions'),
        ],
        lists: [],
      };
    }
    case 'growth': {
      const frame = await frameOf(input, ['joiners', 'headcount_rebuilt', 'leavers']);
      // Headcount is structure, not behaviour: every group is shown. The daily snapshots of a month win over the rebuilt figure.
      const snapshots = input.day ? await input.repo.figures(input.workspaceId, ['people'], frame.keys, `${frame.months[0]}-01`, `${frame.months.at(-1)}-31`) : [];
      const headcount = (key: string) =>
        frame.months.map((m) => {
          const days = snapshots.filter((f) => f.nodeId === key && f.period.startsWith(m)).sort((a, b) => a.period.localeCompare(b.period));
          if (days.length) return days.at(-1)!.value;
          const rebuilt = frame.figures.find((f) => f.metric === 'headcount_rebuilt' && f.nodeId === key && f.period === m);
          return rebuilt ? rebuilt.value : startOfMonth(m) > Date.parse(input.to) ? null : 0;
        });
      const scopeHidden = frame.hidden.has(input.scope);
      const movement = (metric: string) => frame.months.map((m) => (scopeHidden ? null : sum(frame.figures.filter((f) => f.metric === metric && f.nodeId === input.scope && f.period === m).map((f) => f.value ?? 0))));
      const series: Series[] = [{ name: t('insights.series.joiners'), values: movement('joiners') }];
      if (input.scope === WORKSPACE) series.push({ name: t('insights.series.leavers'), values: movement('leavers') });
      return {
        charts: [
          { ...chart('headcount', t, 'growth.headcount', 'line', { labels: frame.months }, frame.keys.map((k, i) => ({ name: frame.labels[i]!, values: headcount(k) })), 'people'), suppressed: false },
          chart('joiners-leavers', t, 'growth.movement', 'bar', { labels: frame.months }, series, 'people'),
        ],
        lists: [],
      };
    }
  }
}
