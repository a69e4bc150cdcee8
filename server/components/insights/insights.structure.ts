// The Structure board, computed on request from the live org (nodes, memberships, reporting lines
// as the people chart draws them, node sections): span of control, depth, and what needs attention.
// Structure is not behaviour: lists may name leads and nodes. Restricted people are left out.
import type { Translate } from '../../platform/i18n.js';
import { reportingLines } from '../org/org.chart.service.js';
import type { InsightsConfig } from './insights.config.js';
import type { OrgGroups } from './insights.groups.js';
import { subtreeOf, WORKSPACE } from './insights.groups.js';
import type { MemberRow } from './insights.repository.js';
import type { InsightChart, InsightList } from './insights.types.js';

export interface StructureInput {
  groups: OrgGroups;
  scope: string;
  memberships: MemberRow[];
  restricted: Set<string>;
  /** Node sections by kind (counts). */
  sections: Array<{ nodeId: string; kind: string; count: number }>;
  names: (ids: string[]) => Promise<Map<string, string>>;
  config: InsightsConfig;
  t: Translate;
}

const nodeLink = (id: string) => `/org/nodes/${id}`;
const personLink = (id: string) => `/people/${id}`;
/** The histogram's last bin gathers everything from here up. */
const MAX_BIN = 30;

export async function structureParts(input: StructureInput): Promise<{ charts: InsightChart[]; lists: InsightList[] }> {
  const { groups, scope, config, t } = input;
  const inScope = new Set(subtreeOf(groups, scope));
  // Active people who are not restricted (the workspace group), in live nodes.
  const counted = groups.people.get(WORKSPACE)!;
  const memberships = input.memberships.filter((m) => counted.has(m.userId) && groups.nodes.has(m.nodeId));
  const leadsOf = new Map<string, string[]>();
  const membersOf = new Map<string, number>();
  const ledBy = new Map<string, string[]>();
  for (const m of memberships) {
    membersOf.set(m.nodeId, (membersOf.get(m.nodeId) ?? 0) + 1);
    if (m.role !== 'lead') continue;
    (leadsOf.get(m.nodeId) ?? leadsOf.set(m.nodeId, []).get(m.nodeId)!).push(m.userId);
    if (inScope.has(m.nodeId)) (ledBy.get(m.userId) ?? ledBy.set(m.userId, []).get(m.userId)!).push(m.nodeId);
  }

  // Span of control: direct reports of each lead of the scope, as the reporting lines give them.
  const rank = new Map([...groups.nodes.keys()].map((id, i) => [id, i]));
  for (const nodes of ledBy.values()) nodes.sort((a, b) => rank.get(a)! - rank.get(b)!);
  const graph = reportingLines(
    [...groups.nodes.values()].map((n) => ({ id: n.id, parentId: n.parentId, entityId: n.entityId, name: n.name, rank: rank.get(n.id)! })),
    memberships.map((m) => ({ userId: m.userId, nodeId: m.nodeId, role: m.role })),
  );
  const leads = [...ledBy.keys()];
  const span = new Map(leads.map((id) => [id, (graph.reports.get(id) ?? []).length]));
  const top = Math.min(MAX_BIN, Math.max(0, ...span.values()));
  const bins = Array.from({ length: top + 1 }, () => 0);
  for (const n of span.values()) bins[Math.min(n, MAX_BIN)]! += 1;
  const overLimit = leads.filter((id) => span.get(id)! > config.spanOfControlLimit).sort((a, b) => span.get(b)! - span.get(a)!);

  const depthBins: number[] = [];
  for (const id of inScope) {
    const d = groups.depth.get(id) ?? 0;
    while (depthBins.length <= d) depthBins.push(0);
    depthBins[d]! += 1;
  }

  const scopeNodes = [...inScope].map((id) => groups.nodes.get(id)!).filter(Boolean);
  const noLead = scopeNodes.filter((n) => !(leadsOf.get(n.id) ?? []).length);
  const manyNodes = [...ledBy].filter(([, nodes]) => nodes.length > config.maxLedNodes).sort((a, b) => b[1].length - a[1].length);
  const largeSingle = scopeNodes.filter((n) => (leadsOf.get(n.id) ?? []).length === 1 && (membersOf.get(n.id) ?? 0) >= config.largeNodeSize);
  const kinds = new Map<string, Set<string>>();
  for (const s of input.sections) if (s.count > 0) (kinds.get(s.nodeId) ?? kinds.set(s.nodeId, new Set()).get(s.nodeId)!).add(s.kind);
  const missing = scopeNodes
    .map((n) => ({ node: n, purpose: !kinds.get(n.id)?.has('purpose'), goals: !kinds.get(n.id)?.has('goals') }))
    .filter((m) => m.purpose || m.goals);
  const inNoNode = scope === WORKSPACE ? [...groups.people.get(WORKSPACE)!].filter((id) => !groups.groupsOf.has(id)) : [];

  // Names only of the people the lists show.
  const names = await input.names([...new Set([...overLimit, ...manyNodes.map(([id]) => id), ...inNoNode, ...largeSingle.map((n) => leadsOf.get(n.id)![0]!)])]);
  const name = (id: string) => names.get(id) ?? '';
  const nodeName = (id: string) => groups.nodes.get(id)?.name ?? '';

  const charts: InsightChart[] = [
    {
      id: 'span-of-control',
      title: t('insights.structure.span.title'),
      sentence: t('insights.structure.span.sentence', { limit: config.spanOfControlLimit, count: overLimit.length }),
      kind: 'histogram',
      categories: bins.map((_, i) => (i === MAX_BIN ? `${MAX_BIN}+` : String(i))),
      series: [{ name: t('insights.series.leads'), values: bins }],
      unit: 'people',
      suppressed: false,
    },
    {
      id: 'depth',
      title: t('insights.structure.depth.title'),
      sentence: t('insights.structure.depth.sentence', { depth: Math.max(0, depthBins.length - 1) }),
      kind: 'histogram',
      categories: depthBins.map((_, i) => String(i)),
      series: [{ name: t('insights.series.nodes'), values: depthBins }],
      unit: 'nodes',
      suppressed: false,
    },
    {
      id: 'attention',
      title: t('insights.structure.attention.title'),
      sentence: t('insights.structure.attention.sentence'),
      kind: 'bar',
      categories: [
        t('insights.structure.noLead.title'),
        t('insights.structure.noNode.title'),
        t('insights.structure.manyNodes.title', { max: config.maxLedNodes }),
        t('insights.structure.largeSingle.title', { size: config.largeNodeSize }),
        t('insights.structure.noPurpose'),
        t('insights.structure.noGoals'),
      ],
      series: [{ name: t('insights.series.count'), values: [noLead.length, inNoNode.length, manyNodes.length, largeSingle.length, missing.filter((m) => m.purpose).length, missing.filter((m) => m.goals).length] }],
      unit: 'items',
      suppressed: false,
    },
  ];

  const lists: InsightList[] = [
    {
      id: 'leads-over-limit',
      title: t('insights.structure.overLimit.title', { limit: config.spanOfControlLimit }),
      sentence: t('insights.structure.overLimit.sentence'),
      columns: [t('insights.columns.lead'), t('insights.columns.nodes'), t('insights.columns.directReports')],
      rows: overLimit.map((id) => ({ cells: [name(id), (ledBy.get(id) ?? []).map(nodeName).join(', '), span.get(id)!], link: personLink(id) })),
    },
    {
      id: 'nodes-without-lead',
      title: t('insights.structure.noLead.title'),
      sentence: t('insights.structure.noLead.sentence'),
      columns: [t('insights.columns.node'), t('insights.columns.members')],
      rows: noLead.map((n) => ({ cells: [n.name, membersOf.get(n.id) ?? 0], link: nodeLink(n.id) })),
    },
    {
      id: 'people-in-no-node',
      title: t('insights.structure.noNode.title'),
      sentence: t('insights.structure.noNode.sentence'),
      columns: [t('insights.columns.person')],
      rows: inNoNode.map((id) => ({ cells: [name(id)], link: personLink(id) })).sort((a, b) => String(a.cells[0]).localeCompare(String(b.cells[0]))),
    },
    {
      id: 'leading-many-nodes',
      title: t('insights.structure.manyNodes.title', { max: config.maxLedNodes }),
      sentence: t('insights.structure.manyNodes.sentence'),
      columns: [t('insights.columns.lead'), t('insights.columns.nodes'), t('insights.columns.count')],
      rows: manyNodes.map(([id, nodes]) => ({ cells: [name(id), nodes.map(nodeName).join(', '), nodes.length], link: personLink(id) })),
    },
    {
      id: 'large-single-lead',
      title: t('insights.structure.largeSingle.title', { size: config.largeNodeSize }),
      sentence: t('insights.structure.largeSingle.sentence'),
      columns: [t('insights.columns.node'), t('insights.columns.lead'), t('insights.columns.members')],
      rows: largeSingle.map((n) => ({ cells: [n.name, name(leadsOf.get(n.id)![0]!), membersOf.get(n.id) ?? 0], link: nodeLink(n.id) })),
    },
    {
      id: 'missing-sections',
      title: t('insights.structure.missing.title'),
      sentence: t('insights.structure.missing.sentence'),
      columns: [t('insights.columns.node'), t('insights.columns.missing')],
      rows: missing.map((m) => ({ cells: [m.node.name, [m.purpose ? t('sections.kinds.purpose') : '', m.goals ? t('sections.kinds.goals') : ''].filter(Boolean).join(', ')], link: nodeLink(m.node.id) })),
    },
  ];
  return { charts, lists };
}
