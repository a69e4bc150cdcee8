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
  /** metric|node|period|dimension -> value, and metric|node|dimension -> total over the months (a board reads thousands of figures). */
  at: Map<string, number | null>;
  total: Map<string, number>;
}

const cell = (...parts: string[]) => parts.join('\u0000');

/** Rows and columns of the feedback matrix at most (the largest groups of the partition). */
const MATRIX_MAX = 30;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Where the flow matrix looks: a node's own nodes; for the workspace, the partition that covers the
 * most people among each entity's top nodes. An entity often has one root (the company), and a 1x1
 * matrix of it says nothing: a single root stands for its own nodes (down to where there are two or
 * more), hidden and shown exactly as on that root's board (its own frame: the same threshold and
 * complementary suppression), which whoever sees the workspace may open anyway.
 */
async function matrixFrameOf(input: BehaviourInput, frame: Frame): Promise<{ frame: Frame; ids: string[] }> {
  const { groups } = input;
  if (input.scope !== WORKSPACE) return { frame, ids: partitionsOf(groups, input.scope)[0]?.childIds ?? [] };
  const size = (key: string) => groups.people.get(key)?.size ?? 0;
  const candidates = partitionsOf(groups, WORKSPACE)
    .filter((p) => p.childIds.length > 0)
    .map((p) => {
      let scope = WORKSPACE;
      let ids = p.childIds;
      while (ids.length === 1 && (groups.children.get(ids[0]!)?.length ?? 0) >= 2) {
        scope = ids[0]!;
        ids = groups.children.get(scope)!.map((n) => n.id);
      }
      return { scope, ids, people: ids.reduce((total, id) => total + size(id), 0) };
    });
  const best = candidates.reduce<(typeof candidates)[number] | undefined>((most, c) => (!most || c.people > most.people ? c : most), undefined);
  if (!best) return { frame, ids: [] };
  if (best.scope === WORKSPACE) return { frame, ids: best.ids };
  return { frame: await frameOf({ ...input, scope: best.scope, scopeName: groups.nodes.get(best.scope)!.name }, ['feedback_given']), ids: best.ids };
}

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
  const at = new Map<string, number | null>();
  const total = new Map<string, number>();
  for (const f of figures) {
    at.set(cell(f.metric, f.nodeId, f.period, f.dimension), f.value);
    if (!isDaily(f.metric)) total.set(cell(f.metric, f.nodeId, f.dimension), (total.get(cell(f.metric, f.nodeId, f.dimension)) ?? 0) + (f.value ?? 0));
  }
  const daily = (metric: string, key: string) => at.get(cell(metric, key, input.day ?? '', '')) ?? 0;
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
    at,
    total,
  };
}

const dailyMetrics = new Set(['people', 'pair_people', 'residual', 'pairs', 'pairs_met_14', 'pairs_met_30', 'median_gap_days', 'open_items', 'open_item_age_days']);
const isDaily = (metric: string) => dailyMetrics.has(metric);

function dailyValue(frame: Frame, day: string | undefined, metric: string, key: string): number | null {
  if (frame.hidden.has(key)) return null;
  const value = frame.at.get(cell(metric, key, day ?? '', ''));
  return value !== undefined ? value : metric.startsWith('median') || metric.endsWith('_days') ? null : 0;
}

function monthlyTotal(frame: Frame, metric: string, key: string, dimension = ''): number | null {
  if (frame.hidden.has(key)) return null;
  return frame.total.get(cell(metric, key, dimension)) ?? 0;
}

function monthlySeries(frame: Frame, metric: string, key: string): Array<number | null> {
  return frame.months.map((m) => (frame.hidden.has(key) ? null : (frame.at.get(cell(metric, key, m, '')) ?? 0)));
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
      const frame = await frameOf(input, ['feedback_given', 'feedback_received', 'feedback_value']);
      const overTime = { labels: frame.months };
      const valueNames = [...new Set(frame.figures.filter((f) => f.metric === 'feedback_value' && f.nodeId === input.scope).map((f) => f.dimension))].sort();
      // The matrix reads one partition (matrixFrameOf), its largest groups first.
      const { frame: matrixFrame, ids } = await matrixFrameOf(input, frame);
      const partition = new Set(ids);
      const size = (key: string) => input.groups.people.get(key)?.size ?? 0;
      const children = matrixFrame.keys.slice(1).filter((k) => partition.has(k)).sort((a, b) => size(b) - size(a)).slice(0, MATRIX_MAX);
      const flowLabels = { labels: children.map((k) => input.groups.nodes.get(k)!.name), links: children.map((k) => `/org/nodes/${k}`) };
      // Only the matrix's rows are read (a workspace has hundreds of top nodes, each with a row per sibling and month).
      const flowTotals = new Map<string, number>();
      if (input.day && children.length) {
        for (const f of await input.repo.figures(input.workspaceId, ['feedback_flow'], children, frame.months[0]!, frame.months.at(-1)!)) flowTotals.set(cell(f.nodeId, f.dimension), (flowTotals.get(cell(f.nodeId, f.dimension)) ?? 0) + (f.value ?? 0));
      }
      return {
        charts: [
          chart('feedback-given', t, 'recognition.given', 'line', overTime, frame.keys.map((k, i) => ({ name: frame.labels[i]!, values: monthlySeries(frame, 'feedback_given', k) })), 'feedback'),
          chart('feedback-received', t, 'recognition.received', 'line', overTime, frame.keys.map((k, i) => ({ name: frame.labels[i]!, values: monthlySeries(frame, 'feedback_received', k) })), 'feedback'),
          chart('values', t, 'recognition.values', 'bar', { labels: valueNames }, [{ name: t('insights.series.feedback'), values: valueNames.map((v) => monthlyTotal(frame, 'feedback_value', input.scope, v)) }], 'feedback'),
          chart('flow', t, 'recognition.flow', 'matrix', flowLabels, children.map((to, j) => ({ name: flowLabels.labels[j]!, values: children.map((from) => (matrixFrame.hidden.has(from) || matrixFrame.hidden.has(to) ? null : (flowTotals.get(cell(from, to)) ?? 0))) })), 'feedback'),
        ],
        lists: [],
      };
    }
    case 'knowledge': {
      const frame = await frameOf(input, ['discussions']);
      // Per node first, then per group over its subtree (thousands of nodes, hundreds of groups).
      const byNode = new Map<string, Map<string, { count: number; stale: number }>>();
      for (const s of input.sections) {
        const kinds = byNode.get(s.nodeId) ?? byNode.set(s.nodeId, new Map()).get(s.nodeId)!;
        kinds.set(s.kind, { count: s.count, stale: s.stale });
      }
      const perGroup = new Map(
        frame.keys.map((k) => {
          const totals = new Map<string, { count: number; stale: number }>(sectionKinds.map((kind) => [kind, { count: 0, stale: 0 }]));
          for (const node of subtreeOf(input.groups, k)) {
            for (const [kind, n] of byNode.get(node) ?? []) {
              const t = totals.get(kind);
              if (t) {
                t.count += n.count;
                t.stale += n.stale;
              }
            }
          }
          return [k, totals];
        }),
      );
      const count = (key: string, kind: string, field: 'count' | 'stale') => perGroup.get(key)!.get(kind)![field];
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
      // The last snapshot of each month, by node.
      const lastOfMonth = new Map<string, FigureRow>();
      for (const f of snapshots) {
        const key = cell(f.nodeId, f.period.slice(0, 7));
        if (f.period <= input.to && (lastOfMonth.get(key)?.period ?? '') < f.period) lastOfMonth.set(key, f);
      }
      const headcount = (key: string) =>
        frame.months.map((m) => {
          const day = lastOfMonth.get(cell(key, m));
          if (day) return day.value;
          const rebuilt = frame.at.get(cell('headcount_rebuilt', key, m, ''));
          return rebuilt !== undefined ? rebuilt : startOfMonth(m) > Date.parse(input.to) ? null : 0;
        });
      const scopeHidden = frame.hidden.has(input.scope);
      const movement = (metric: string) => frame.months.map((m) => (scopeHidden ? null : (frame.at.get(cell(metric, input.scope, m, '')) ?? 0)));
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
