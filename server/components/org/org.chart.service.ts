// The data of the two org charts, one call per view, trimmed by depth:
// - the node chart of an entity: its nodes (from a root node or the top), each with leads, direct
//   and total headcount and how many sub-nodes it has (shown or not), and on demand the links to
//   other entities;
// - the people chart: reporting lines derived from node leads. A member reports to the first lead
//   of their node (or of the nearest node above with one); a lead to the first lead of the nearest
//   node above with a lead. A person's
//   first such line (entities in their order, then nodes) is their solid line; a second lead of the
//   same node is a dotted line, and a line through another node is a cross-entity line.
// Every read is scoped to the reader's workspace, like every other org read.
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import type { Actor } from '../policy/policy.js';
import { authorize } from '../policy/policy.js';
import type { OrgEntity, OrgRepository } from './org.repository.js';
import type { ChartNodeRow, ChartPerson, GraphNodeRow, MembershipRow, OrgChartRepository } from './org.chart.repository.js';

export interface ChartNode extends Omit<ChartNodeRow, 'position'> {
  level: number;
  leads: ChartPerson[];
  /** Sub-nodes, whether or not this view includes them. */
  childCount: number;
  links?: Array<{ id: string; name: string; entityId: string }>;
}

export interface EntityChart {
  entity: OrgEntity;
  /** Unique people in the entity's live nodes. */
  headcount: number;
  rootId: string | null;
  depth: number;
  /** From the top of the entity down to the root's parent (the breadcrumb). */
  ancestors: Array<{ id: string; name: string }>;
  nodes: ChartNode[];
  /** Nodes of the entity below the depth shown. */
  hidden: number;
}

export type LineKind = 'solid' | 'dotted' | 'cross';

export interface ChartPersonNode extends ChartPerson {
  managerId: string | null;
  /** How the line to the manager is drawn: solid, or cross when it comes through a link to another entity. */
  line: 'solid' | 'cross' | null;
  level: number;
  /** The node that gives the solid line (the person's team, for example). */
  nodeName: string | null;
  directReports: number;
  /** Everyone below in the reporting tree, shown or not. */
  totalReports: number;
}

export interface PeopleChart {
  rootId: string | null;
  depth: number;
  ancestors: Array<{ id: string; name: string }>;
  people: ChartPersonNode[];
  /** Dotted (second lead) and cross-entity lines between people of this view. */
  lines: Array<{ from: string; to: string; kind: Exclude<LineKind, 'solid'> }>;
  hidden: number;
}

export const chartDepth = { default: 4, max: 12 };
const fullName = (p: ChartPerson) => `${p.firstName} ${p.lastName}`;

export class OrgChartService {
  constructor(
    private readonly repo: OrgChartRepository,
    private readonly org: OrgRepository,
  ) {}

  async entityChart(actor: Actor, entityId: string, options: { root?: string; depth: number; links?: boolean }): Promise<EntityChart> {
    authorize(actor, 'read', { kind: 'entity', workspaceId: actor.workspaceId });
    const entity = await this.org.findEntity(actor.workspaceId, entityId);
    if (!entity) throw new NotFoundError('org.entityNotFound');
    const rows = await this.repo.entityNodes(actor.workspaceId, entity.id);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const children = new Map<string | null, ChartNodeRow[]>();
    for (const r of rows) {
      const parent = r.parentId && byId.has(r.parentId) ? r.parentId : null;
      pushTo(children, parent, r);
    }
    if (options.root !== undefined && !byId.has(options.root)) throw new ValidationError({ root: 'org.unknownNode' });
    const ancestors: Array<{ id: string; name: string }> = [];
    for (let at = options.root ? byId.get(options.root)!.parentId : null; at && byId.has(at) && ancestors.length < 100; at = byId.get(at)!.parentId) {
      if (ancestors.some((a) => a.id === at)) break;
      ancestors.unshift({ id: at, name: byId.get(at)!.name });
    }
    const shown: Array<{ row: ChartNodeRow; level: number }> = [];
    const seen = new Set<string>();
    let frontier = options.root ? [byId.get(options.root)!] : (children.get(null) ?? []);
    for (let level = 0; level < options.depth && frontier.length; level += 1) {
      const next: ChartNodeRow[] = [];
      for (const row of frontier) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        shown.push({ row, level });
        next.push(...(children.get(row.id) ?? []));
      }
      frontier = next;
    }
    const ids = shown.map((s) => s.row.id);
    // Most of the entity in view: its leads in one query; a small part of it: by node.
    const leads = ids.length > 500 ? await this.repo.leadsOfEntity(actor.workspaceId, entity.id) : await this.repo.leadsOf(actor.workspaceId, ids);
    const links = options.links ? await this.repo.linksOf(actor.workspaceId, ids) : [];
    const headcount = await this.repo.entityHeadcount(actor.workspaceId, entity.id);
    const nodes = shown.map(({ row, level }) => {
      const node: ChartNode = { id: row.id, parentId: level === 0 ? null : row.parentId, name: row.name, memberCount: row.memberCount, totalCount: row.totalCount, level, leads: leads.get(row.id) ?? [], childCount: children.get(row.id)?.length ?? 0 };
      if (options.links) node.links = links.filter((l) => l.nodeId === row.id).map((l) => l.other);
      return node;
    });
    const inScope = options.root ? countSubtree(options.root, children) : rows.length;
    return { entity, headcount, rootId: options.root ?? null, depth: options.depth, ancestors, nodes, hidden: Math.max(0, inScope - nodes.length) };
  }

  async peopleChart(actor: Actor, options: { root?: string; depth: number }): Promise<PeopleChart> {
    authorize(actor, 'read', { kind: 'entity', workspaceId: actor.workspaceId });
    const [nodes, memberships, links] = await Promise.all([this.repo.graphNodes(actor.workspaceId), this.repo.memberships(actor.workspaceId), this.repo.graphLinks(actor.workspaceId)]);
    const graph = reportingLines(nodes, memberships, links);
    const everyone = new Set(memberships.map((m) => m.userId));
    let rootId = options.root ?? null;
    if (rootId !== null && !everyone.has(rootId)) {
      // A person of the workspace without any membership is a chart of one; anyone else is unknown.
      if (!(await this.repo.people(actor.workspaceId, [rootId])).size) throw new ValidationError({ root: 'org.personNotFound' });
    }
    rootId ??= topOf(graph, everyone);
    if (rootId === null) return { rootId: null, depth: options.depth, ancestors: [], people: [], lines: [], hidden: 0 };

    // The reporting tree below the root: each person once, at their first (shortest) place.
    const placed = new Map<string, { managerId: string | null; level: number }>([[rootId, { managerId: null, level: 0 }]]);
    const order = [rootId];
    for (let i = 0; i < order.length; i += 1) {
      const id = order[i]!;
      for (const report of graph.reports.get(id) ?? []) {
        if (placed.has(report)) continue;
        placed.set(report, { managerId: id, level: placed.get(id)!.level + 1 });
        order.push(report);
      }
    }
    const totals = new Map<string, number>();
    for (let i = order.length - 1; i >= 0; i -= 1) {
      const id = order[i]!;
      const managerId = placed.get(id)!.managerId;
      if (managerId) totals.set(managerId, (totals.get(managerId) ?? 0) + 1 + (totals.get(id) ?? 0));
    }
    const shownIds = order.filter((id) => placed.get(id)!.level < options.depth);
    const shown = new Set(shownIds);
    const ancestorIds: string[] = [];
    for (let at = graph.manager.get(rootId)?.id; at && ancestorIds.length < 100 && at !== rootId && !ancestorIds.includes(at); at = graph.manager.get(at)?.id) ancestorIds.unshift(at);
    const names = await this.repo.people(actor.workspaceId, [...shownIds, ...ancestorIds]);
    const people = shownIds
      .filter((id) => names.has(id))
      .map((id) => {
        const place = placed.get(id)!;
        const direct = (graph.reports.get(id) ?? []).filter((r) => placed.get(r)?.managerId === id).length;
        return { ...names.get(id)!, managerId: place.managerId, line: place.managerId ? (graph.manager.get(id)?.kind ?? 'solid') : null, level: place.level, nodeName: graph.manager.get(id)?.nodeName ?? graph.ownNode.get(id) ?? null, directReports: direct, totalReports: totals.get(id) ?? 0 };
      });
    const lines = graph.otherLines.filter((l) => shown.has(l.from) && shown.has(l.to) && placed.get(l.to)?.managerId !== l.from);
    return {
      rootId,
      depth: options.depth,
      ancestors: ancestorIds.filter((id) => names.has(id)).map((id) => ({ id, name: fullName(names.get(id)!) })),
      people,
      lines,
      hidden: order.length - shownIds.length,
    };
  }
}

/** Appends to a list in a map (copying the list each time made the reporting lines quadratic). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function countSubtree(rootId: string, children: Map<string | null, ChartNodeRow[]>): number {
  const seen = new Set([rootId]);
  const stack = [rootId];
  while (stack.length) for (const child of children.get(stack.pop()!) ?? []) if (!seen.has(child.id)) seen.add(child.id) && stack.push(child.id);
  return seen.size;
}

interface ReportingGraph {
  /** Each person's solid line: their manager and the node it comes from. */
  manager: Map<string, { id: string; nodeId: string; nodeName: string; kind: 'solid' | 'cross' }>;
  /** Solid reports of each manager, in a stable order. */
  reports: Map<string, string[]>;
  otherLines: Array<{ from: string; to: string; kind: Exclude<LineKind, 'solid'> }>;
  /** A person's first node, for people who report to nobody. */
  ownNode: Map<string, string>;
}

/**
 * Derives every reporting line of the workspace from memberships, node leads and links (in memory: a
 * few ms for 10,000 people). A person's primary entity is the one of their first membership (entities
 * in their order): a member there reports to the node's first lead (its other leads are dotted lines),
 * a lead to the first lead of the nearest node above with one. Someone who leads a top node there
 * reports, through a cross-entity link of that node, to the lead of the linked node of an earlier
 * entity (a team group linked to its department, say): a cross line, when it makes no loop.
 */
export function reportingLines(nodes: GraphNodeRow[], memberships: MembershipRow[], links: Array<{ from: string; to: string }> = []): ReportingGraph {
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const leadsOf = new Map<string, string[]>();
  for (const m of memberships) if (m.role === 'lead' && nodeById.has(m.nodeId)) pushTo(leadsOf, m.nodeId, m.userId);
  const byPerson = new Map<string, MembershipRow[]>();
  for (const m of memberships) if (nodeById.has(m.nodeId)) pushTo(byPerson, m.userId, m);
  const linked = new Map<string, GraphNodeRow[]>();
  for (const l of links) {
    const [a, b] = [nodeById.get(l.from), nodeById.get(l.to)];
    if (!a || !b) continue;
    pushTo(linked, a.id, b);
    pushTo(linked, b.id, a);
  }
  const graph: ReportingGraph = { manager: new Map(), reports: new Map(), otherLines: [], ownNode: new Map() };
  const assign = (person: string, lead: string, source: GraphNodeRow, kind: 'solid' | 'cross') => {
    graph.manager.set(person, { id: lead, nodeId: source.id, nodeName: source.name, kind });
    pushTo(graph.reports, lead, person);
  };
  const tops: Array<{ person: string; node: GraphNodeRow }> = [];
  for (const [person, list] of byPerson) {
    list.sort((a, b) => nodeById.get(a.nodeId)!.rank - nodeById.get(b.nodeId)!.rank);
    const primary = nodeById.get(list[0]!.nodeId)!;
    graph.ownNode.set(person, primary.name);
    for (const m of list) {
      const node = nodeById.get(m.nodeId)!;
      if (node.entityId !== primary.entityId) break;
      // A member looks to their node's leads, a lead to the node above; either way up to the nearest node with a lead.
      let source: GraphNodeRow | undefined = m.role === 'lead' ? (node.parentId ? nodeById.get(node.parentId) : undefined) : node;
      for (let hops = 0; source && !(leadsOf.get(source.id) ?? []).some((l) => l !== person) && hops < 100; hops += 1) source = source.parentId ? nodeById.get(source.parentId) : undefined;
      const leads = source ? (leadsOf.get(source.id) ?? []).filter((l) => l !== person) : [];
      if (!source || !leads.length) continue;
      assign(person, leads[0]!, source, 'solid');
      for (const other of leads.slice(1)) graph.otherLines.push({ from: other, to: person, kind: 'dotted' });
      break;
    }
    if (!graph.manager.has(person) && list[0]!.role === 'lead') tops.push({ person, node: primary });
  }
  // Two leads who each lead a node under the other's make a loop, which no chart could reach from the
  // top: each loop is cut at the person where it closes, who then reports through a link, if any.
  const state = new Map<string, 'walking' | 'done'>();
  for (const start of graph.manager.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at && !state.has(at)) {
      state.set(at, 'walking');
      path.push(at);
      at = graph.manager.get(at)?.id;
    }
    if (at && state.get(at) === 'walking') {
      const closer = path[path.length - 1]!;
      const manager = graph.manager.get(closer)!;
      graph.manager.delete(closer);
      const reports = graph.reports.get(manager.id)!;
      reports.splice(reports.indexOf(closer), 1);
      const primary = byPerson.get(closer)![0]!;
      tops.push({ person: closer, node: nodeById.get(primary.nodeId)! });
    }
    for (const id of path) state.set(id, 'done');
  }
  // Leads of top nodes, through links to earlier entities, once every solid line is known (no loops).
  const reaches = (from: string, target: string) => {
    const seen = new Set<string>();
    for (let at: string | undefined = from; at && !seen.has(at); at = graph.manager.get(at)?.id) {
      if (at === target) return true;
      seen.add(at);
    }
    return false;
  };
  for (const { person, node } of tops) {
    let top = node;
    for (let hops = 0; top.parentId && nodeById.has(top.parentId) && hops < 100; hops += 1) top = nodeById.get(top.parentId)!;
    const candidates = [...(linked.get(node.id) ?? []), ...(top === node ? [] : (linked.get(top.id) ?? []))].filter((n) => n.rank < node.rank).sort((a, b) => a.rank - b.rank);
    for (const other of candidates) {
      const lead = (leadsOf.get(other.id) ?? []).find((l) => l !== person && !reaches(l, person));
      if (!lead) continue;
      assign(person, lead, other, 'cross');
      break;
    }
  }
  return graph;
}

/** The default root: among people who report to nobody, the one with the largest reporting tree. */
function topOf(graph: ReportingGraph, everyone: Set<string>): string | null {
  let best: string | null = null;
  let bestSize = -1;
  for (const id of everyone) {
    if (graph.manager.has(id)) continue;
    const seen = new Set([id]);
    const stack = [id];
    while (stack.length) for (const r of graph.reports.get(stack.pop()!) ?? []) if (!seen.has(r)) seen.add(r) && stack.push(r);
    if (seen.size > bestSize) [best, bestSize] = [id, seen.size];
  }
  // Everyone reports to someone (a loop of leads): start anywhere rather than show nothing.
  return best ?? [...everyone].sort()[0] ?? null;
}
