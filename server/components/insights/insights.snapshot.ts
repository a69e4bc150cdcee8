// The daily snapshot's figures, computed in memory from whole-workspace reads (insights.repository.ts):
// - every day (period = the day): the people of each group, the residual of each partition, the
//   1:1 cadence of each group (pairs, pairs that met in the last 14 and 30 days, median days
//   between meetings, open action items and their median age);
// - by month (period = YYYY-MM, the months being recomputed): feedback given and received, the
//   Values tagged in feedback received, feedback between sibling nodes, discussions on the
//   group's nodes, joiners and leavers, and the headcount that membership dates allow to rebuild.
// Restricted people are left out before anything is counted; counts of zero are not stored (a
// missing figure reads as 0; the group sizes of the day decide what is shown).
import type { FigureRow, InsightsRepository } from './insights.repository.js';
import { buildGroups, partitionsOf, residualOf, WORKSPACE, type OrgGroups } from './insights.groups.js';
import { DAY, dayOf, daysBetween, median, monthOf, monthsBetween, shiftMonth, startOfDay, startOfMonth } from './insights.periods.js';

export interface SnapshotPlan {
  at: number;
  day: string;
  /** The months recomputed: a year on a workspace's first snapshot, then the current and the previous month. */
  months: string[];
}

export function planSnapshot(at: number, firstRun: boolean): SnapshotPlan {
  const month = monthOf(at);
  return { at, day: dayOf(at), months: monthsBetween(shiftMonth(month, firstRun ? 12 : 1), month) };
}

export async function computeFigures(repo: InsightsRepository, workspaceId: string, plan: SnapshotPlan): Promise<FigureRow[]> {
  const from = startOfMonth(plan.months[0]!);
  const [nodes, memberships, people, restricted, pairs, meetings, items, feedback, values, discussions, departures] = await Promise.all([
    repo.nodes(workspaceId),
    repo.memberships(workspaceId),
    repo.activePeople(workspaceId),
    repo.restricted(workspaceId),
    repo.pairs(workspaceId),
    repo.meetings(workspaceId, plan.at - 365 * DAY),
    repo.openActionItems(workspaceId),
    repo.feedback(workspaceId, from),
    repo.feedbackValues(workspaceId, from),
    repo.discussions(workspaceId, from),
    repo.departures(workspaceId, from),
  ]);
  const groups = buildGroups(nodes, memberships, people.map((p) => p.id), restricted);
  const counted = groups.people.get(WORKSPACE)!;
  const out = new Figures(plan);
  const groupKeys = [WORKSPACE, ...groups.nodes.keys()];
  const groupsOfPerson = (id: string) => (counted.has(id) ? [WORKSPACE, ...(groups.groupsOf.get(id) ?? [])] : []);

  // Group sizes and residuals of the day: what decides which figures are shown.
  for (const key of groupKeys) out.day(key, 'people', groups.people.get(key)!.size, groups.people.get(key)!.size);
  for (const scope of groupKeys) for (const p of partitionsOf(groups, scope)) out.day(p.key, 'residual', residualOf(groups, scope, p.childIds), groups.people.get(scope)!.size);

  rhythm(out, groupsOfPerson, pairs, meetings, items, plan.at);
  monthly(out, groups, groupsOfPerson, feedback, values, discussions, restricted);
  growth(out, groups, groupKeys, memberships, people, restricted, departures, plan);
  return out.rows;
}

class Figures {
  readonly rows: FigureRow[] = [];
  private readonly months: Set<string>;
  constructor(private readonly plan: SnapshotPlan) {
    this.months = new Set(plan.months);
  }
  day(nodeId: string, metric: string, value: number | null, groupSize: number, dimension = ''): void {
    this.rows.push({ nodeId, metric, period: this.plan.day, dimension, value, groupSize, periodStart: startOfDay(this.plan.day) });
  }
  month(nodeId: string, metric: string, month: string, value: number, groupSize: number, dimension = ''): void {
    if (!this.months.has(month) || value === 0) return;
    this.rows.push({ nodeId, metric, period: month, dimension, value, groupSize, periodStart: startOfMonth(month) });
  }
}

/** Adds `by` to map[a][b]. */
function bump(map: Map<string, Map<string, number>>, a: string, b: string, by = 1): void {
  const inner = map.get(a) ?? new Map<string, number>();
  inner.set(b, (inner.get(b) ?? 0) + by);
  map.set(a, inner);
}

function rhythm(out: Figures, groupsOfPerson: (id: string) => string[], pairs: Array<{ id: string; a: string; b: string }>, meetings: Array<{ pairId: string; heldOn: number }>, items: Array<{ pairId: string; createdAt: number }>, at: number): void {
  const dates = new Map<string, number[]>();
  for (const m of meetings) if (m.heldOn <= at) (dates.get(m.pairId) ?? dates.set(m.pairId, []).get(m.pairId)!).push(m.heldOn);
  const openByPair = new Map<string, number[]>();
  for (const i of items) (openByPair.get(i.pairId) ?? openByPair.set(i.pairId, []).get(i.pairId)!).push(i.createdAt);
  const acc = new Map<string, { pairs: number; met14: number; met30: number; gaps: number[]; people: Set<string>; open: number; ages: number[] }>();
  for (const pair of pairs) {
    // A pair counts when both people are counted (active, not restricted).
    const ga = groupsOfPerson(pair.a);
    const gb = groupsOfPerson(pair.b);
    if (!ga.length || !gb.length) continue;
    const held = (dates.get(pair.id) ?? []).sort((x, y) => x - y);
    const last = held.at(-1);
    const gaps = held.slice(1).map((h, i) => daysBetween(held[i]!, h));
    const open = openByPair.get(pair.id) ?? [];
    for (const key of new Set([...ga, ...gb])) {
      const a = acc.get(key) ?? { pairs: 0, met14: 0, met30: 0, gaps: [], people: new Set<string>(), open: 0, ages: [] };
      a.pairs += 1;
      if (last !== undefined && last >= at - 14 * DAY) a.met14 += 1;
      if (last !== undefined && last >= at - 30 * DAY) a.met30 += 1;
      a.gaps.push(...gaps);
      if (ga.includes(key)) a.people.add(pair.a);
      if (gb.includes(key)) a.people.add(pair.b);
      a.open += open.length;
      a.ages.push(...open.map((c) => daysBetween(c, at)));
      acc.set(key, a);
    }
  }
  for (const [key, a] of acc) {
    const size = a.people.size;
    out.day(key, 'pair_people', size, size);
    out.day(key, 'pairs', a.pairs, size);
    out.day(key, 'pairs_met_14', a.met14, size);
    out.day(key, 'pairs_met_30', a.met30, size);
    out.day(key, 'median_gap_days', median(a.gaps), size);
    out.day(key, 'open_items', a.open, size);
    out.day(key, 'open_item_age_days', median(a.ages), size);
  }
}

function monthly(
  out: Figures,
  groups: OrgGroups,
  groupsOfPerson: (id: string) => string[],
  feedback: Array<{ id: string; giverId: string | null; recipientId: string; createdAt: number }>,
  values: Array<{ feedbackId: string; value: string }>,
  discussions: Array<{ nodeId: string; authorId: string | null; createdAt: number }>,
  restricted: Set<string>,
): void {
  const size = (key: string) => groups.people.get(key)?.size ?? 0;
  const given = new Map<string, Map<string, number>>();
  const received = new Map<string, Map<string, number>>();
  const tagged = new Map<string, Map<string, number>>();
  const flow = new Map<string, Map<string, number>>();
  const valuesOf = new Map<string, string[]>();
  for (const v of values) (valuesOf.get(v.feedbackId) ?? valuesOf.set(v.feedbackId, []).get(v.feedbackId)!).push(v.value);
  const parentOf = (id: string) => {
    const n = groups.nodes.get(id)!;
    return n.parentId && groups.nodes.has(n.parentId) ? n.parentId : null;
  };
  for (const f of feedback) {
    const month = monthOf(f.createdAt);
    const to = groupsOfPerson(f.recipientId);
    // Feedback about a restricted (or departed) person is left out; so is feedback a restricted person gave.
    if (!to.length) continue;
    // Feedback a restricted person gave counts for no one; a giver who left counts on the receiving side only.
    if (f.giverId && restricted.has(f.giverId)) continue;
    const from = f.giverId ? groupsOfPerson(f.giverId) : [];
    for (const g of from) bump(given, g, month);
    for (const g of to) {
      bump(received, g, month);
      for (const value of valuesOf.get(f.id) ?? []) bump(tagged, g, `${month}\u0000${value}`);
    }
    // Between siblings (and within a node): what a matrix of a scope's children reads.
    for (const a of from) {
      if (a === WORKSPACE) continue;
      for (const b of to) if (b !== WORKSPACE && parentOf(a) === parentOf(b)) bump(flow, a, `${month}\u0000${b}`);
    }
  }
  const discussed = new Map<string, Map<string, number>>();
  for (const d of discussions) {
    if (!groups.nodes.has(d.nodeId)) continue;
    if (d.authorId && restricted.has(d.authorId)) continue;
    const month = monthOf(d.createdAt);
    bump(discussed, WORKSPACE, month);
    for (let at: string | null = d.nodeId, hops = 0; at && groups.nodes.has(at) && hops < 200; at = groups.nodes.get(at)!.parentId, hops += 1) bump(discussed, at, month);
  }
  for (const [metric, map] of [['feedback_given', given], ['feedback_received', received], ['discussions', discussed]] as const) {
    for (const [key, byMonth] of map) for (const [month, n] of byMonth) out.month(key, metric, month, n, size(key));
  }
  for (const [metric, map] of [['feedback_value', tagged], ['feedback_flow', flow]] as const) {
    for (const [key, byDim] of map) {
      for (const [dim, n] of byDim) {
        const [month, dimension] = dim.split('\u0000') as [string, string];
        out.month(key, metric, month, n, metric === 'feedback_flow' ? Math.min(size(key), size(dimension)) : size(key), dimension);
      }
    }
  }
}

function growth(
  out: Figures,
  groups: OrgGroups,
  groupKeys: string[],
  memberships: Array<{ userId: string; nodeId: string; createdAt: number }>,
  people: Array<{ id: string; createdAt: number }>,
  restricted: Set<string>,
  departures: Array<{ id: string; at: number }>,
  plan: SnapshotPlan,
): void {
  const size = (key: string) => groups.people.get(key)?.size ?? 0;
  // When each person joined each group: their account for the workspace, their earliest membership in the subtree for a node.
  const joined = new Map<string, number[]>();
  for (const p of people) if (!restricted.has(p.id)) (joined.get(WORKSPACE) ?? joined.set(WORKSPACE, []).get(WORKSPACE)!).push(p.createdAt);
  const earliest = new Map<string, number>();
  const counted = groups.people.get(WORKSPACE)!;
  for (const m of memberships) {
    if (!counted.has(m.userId)) continue;
    for (let at: string | null = m.nodeId, hops = 0; at && groups.nodes.has(at) && hops < 200; at = groups.nodes.get(at)!.parentId, hops += 1) {
      const key = `${at}\u0000${m.userId}`;
      earliest.set(key, Math.min(earliest.get(key) ?? Number.POSITIVE_INFINITY, m.createdAt));
    }
  }
  for (const [key, t] of earliest) {
    const node = key.slice(0, key.indexOf('\u0000'));
    (joined.get(node) ?? joined.set(node, []).get(node)!).push(t);
  }
  for (const key of groupKeys) {
    const times = joined.get(key) ?? [];
    for (const month of plan.months) {
      const start = startOfMonth(month);
      const end = startOfMonth(shiftMonth(month, -1));
      out.month(key, 'joiners', month, times.filter((t) => t >= start && t < end).length, size(key));
      out.month(key, 'headcount_rebuilt', month, times.filter((t) => t < Math.min(end, plan.at + 1)).length, size(key));
    }
  }
  const left = new Map<string, number>();
  for (const d of departures) if (!restricted.has(d.id)) left.set(monthOf(d.at), (left.get(monthOf(d.at)) ?? 0) + 1);
  for (const [month, n] of left) out.month(WORKSPACE, 'leavers', month, n, size(WORKSPACE));
}
