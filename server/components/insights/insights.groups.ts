// The groups figures are computed over: the workspace ('' below) and each live node's subtree
// (everyone with a membership of the node or of a node under it). Restricted people are left out
// before anything is counted. A board's categories are the scope and its children: the children of
// a node, or for the workspace the top nodes of each entity (one partition per entity).
import type { MemberRow, NodeRow } from './insights.repository.js';

export const WORKSPACE = '';
/** The key under which an entity's residual (people in none of its top nodes) is stored. */
export const entityKey = (entityId: string) => `e:${entityId}`;

export interface OrgGroups {
  nodes: Map<string, NodeRow>;
  children: Map<string | null, NodeRow[]>;
  /** Distinct people of each node's subtree, and of the workspace (''). */
  people: Map<string, Set<string>>;
  /** The nodes whose subtree holds each person (their membership nodes and every node above). */
  groupsOf: Map<string, string[]>;
  /** Depth from the entity's top node (0 at the top). */
  depth: Map<string, number>;
}

export function buildGroups(nodeRows: NodeRow[], memberships: MemberRow[], everyone: string[], restricted: Set<string>): OrgGroups {
  const nodes = new Map(nodeRows.map((n) => [n.id, n]));
  const children = new Map<string | null, NodeRow[]>();
  const parentOf = (n: NodeRow) => (n.parentId && nodes.has(n.parentId) ? n.parentId : null);
  for (const n of nodeRows) push(children, parentOf(n), n);
  // Ancestors, self first; a cycle (never expected) stops the walk.
  const ancestors = new Map<string, string[]>();
  const depth = new Map<string, number>();
  for (const n of nodeRows) {
    const line: string[] = [];
    for (let at: NodeRow | undefined = n; at && !line.includes(at.id) && line.length < 200; at = parentOf(at) ? nodes.get(at.parentId!) : undefined) line.push(at.id);
    ancestors.set(n.id, line);
    depth.set(n.id, line.length - 1);
  }
  const counted = new Set(everyone.filter((id) => !restricted.has(id)));
  const people = new Map<string, Set<string>>([[WORKSPACE, counted]]);
  for (const n of nodeRows) people.set(n.id, new Set());
  const groupsOf = new Map<string, Set<string>>();
  for (const m of memberships) {
    // Only active people who are not restricted count (memberships of others are left out here).
    if (!counted.has(m.userId) || !nodes.has(m.nodeId)) continue;
    const mine = groupsOf.get(m.userId) ?? new Set<string>();
    for (const id of ancestors.get(m.nodeId)!) {
      people.get(id)!.add(m.userId);
      mine.add(id);
    }
    groupsOf.set(m.userId, mine);
  }
  return { nodes, children, people, groupsOf: new Map([...groupsOf].map(([k, v]) => [k, [...v]])), depth };
}

/** People of the scope in none of the given child groups: their figures show only in the scope's total. */
export function residualOf(groups: OrgGroups, scope: string, childIds: string[]): number {
  const covered = new Set<string>();
  for (const id of childIds) for (const p of groups.people.get(id) ?? []) covered.add(p);
  let residual = 0;
  for (const p of groups.people.get(scope) ?? []) if (!covered.has(p)) residual += 1;
  return residual;
}

/** The partitions of a scope: for a node, its children; for the workspace, the top nodes of each entity. */
export function partitionsOf(groups: OrgGroups, scope: string): Array<{ key: string; childIds: string[] }> {
  if (scope !== WORKSPACE) return [{ key: scope, childIds: (groups.children.get(scope) ?? []).map((n) => n.id) }];
  const byEntity = new Map<string, string[]>();
  for (const n of groups.children.get(null) ?? []) push(byEntity, n.entityId, n.id);
  return [...byEntity].map(([entityId, childIds]) => ({ key: entityKey(entityId), childIds }));
}

export function subtreeOf(groups: OrgGroups, scope: string): string[] {
  if (scope === WORKSPACE) return [...groups.nodes.keys()];
  const out: string[] = [];
  const walk = [scope];
  const seen = new Set<string>();
  while (walk.length) {
    const id = walk.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    for (const c of groups.children.get(id) ?? []) walk.push(c.id);
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
