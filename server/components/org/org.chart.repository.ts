// What the two org charts read, a few queries per view whatever the organization's size: the live
// nodes of an entity with their stored headcounts, the leads of the nodes shown, the links of those
// nodes, and, for the people chart, every live membership of the workspace. Knex only; every query
// is scoped to the workspace; archived nodes and entities, and people who are not active, are left
// out as on every other org read.
import type { Knex } from 'knex';

export interface ChartNodeRow {
  id: string;
  parentId: string | null;
  name: string;
  position: number;
  memberCount: number;
  totalCount: number;
}

export interface ChartPerson {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
}

export interface MembershipRow {
  userId: string;
  nodeId: string;
  role: 'lead' | 'member';
}

export interface GraphNodeRow {
  id: string;
  parentId: string | null;
  entityId: string;
  name: string;
  /** Entity position then node position: the order in which a person's memberships are considered. */
  rank: number;
}

const CHUNK = 500;

export class OrgChartRepository {
  constructor(private readonly knex: Knex) {}

  /** The live nodes of one entity (one query, stored headcounts included). */
  async entityNodes(workspaceId: string, entityId: string): Promise<ChartNodeRow[]> {
    const rows = await this.knex('org_nodes')
      .where({ workspace_id: workspaceId, entity_id: entityId })
      .whereNull('archived_at')
      .orderBy([{ column: 'position' }, { column: 'name' }])
      .select('id', 'parent_id', 'name', 'position', 'member_count', 'total_count');
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id ?? null, name: r.name, position: Number(r.position), memberCount: Number(r.member_count), totalCount: Number(r.total_count) }));
  }

  /** Unique people with a membership of a live node of the entity (its box at the top of the chart). */
  async entityHeadcount(workspaceId: string, entityId: string): Promise<number> {
    const row = await this.knex('org_memberships as m')
      .join('org_nodes as n', 'n.id', 'm.node_id')
      .where({ 'n.workspace_id': workspaceId, 'n.entity_id': entityId })
      .whereNull('n.archived_at')
      .countDistinct<{ n: number }[]>({ n: 'm.user_id' })
      .first();
    return Number(row?.n ?? 0);
  }

  /**
   * The leads of the given nodes, by node, in name order (active people only). Driven by the node
   * ids (the nodes are this workspace's): a condition on users.workspace_id made SQLite walk the
   * workspace's users for every chunk, 30 s at 10,000 people.
   */
  async leadsOf(workspaceId: string, nodeIds: string[]): Promise<Map<string, ChartPerson[]>> {
    const out = new Map<string, ChartPerson[]>();
    for (let i = 0; i < nodeIds.length; i += CHUNK) {
      const rows = await this.knex('org_memberships as m')
        .join('users as u', 'u.id', 'm.user_id')
        .where({ 'm.role': 'lead', 'u.status': 'active' })
        .whereIn('m.node_id', nodeIds.slice(i, i + CHUNK))
        .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }, { column: 'u.id' }])
        .select('m.node_id', 'u.id', 'u.workspace_id', 'u.first_name', 'u.last_name', 'u.title');
      for (const r of rows) {
        if (r.workspace_id !== workspaceId) continue;
        const list = out.get(r.node_id) ?? [];
        list.push({ id: r.id, firstName: r.first_name, lastName: r.last_name, title: r.title ?? null });
        out.set(r.node_id, list);
      }
    }
    return out;
  }

  /** The leads of every live node of an entity, in one query (the top view of a large entity: one query instead of one per 500 nodes). */
  async leadsOfEntity(workspaceId: string, entityId: string): Promise<Map<string, ChartPerson[]>> {
    const rows = await this.knex('org_nodes as n')
      .join('org_memberships as m', 'm.node_id', 'n.id')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'n.workspace_id': workspaceId, 'n.entity_id': entityId, 'm.role': 'lead', 'u.status': 'active' })
      .whereNull('n.archived_at')
      .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }, { column: 'u.id' }])
      .select('m.node_id', 'u.id', 'u.first_name', 'u.last_name', 'u.title');
    const out = new Map<string, ChartPerson[]>();
    for (const r of rows) {
      const list = out.get(r.node_id) ?? [];
      list.push({ id: r.id, firstName: r.first_name, lastName: r.last_name, title: r.title ?? null });
      out.set(r.node_id, list);
    }
    return out;
  }

  /** Cross-entity links touching the given nodes, with the other end's name and entity. */
  async linksOf(workspaceId: string, nodeIds: string[]): Promise<Array<{ nodeId: string; other: { id: string; name: string; entityId: string } }>> {
    const out: Array<{ nodeId: string; other: { id: string; name: string; entityId: string } }> = [];
    const wanted = new Set(nodeIds);
    for (let i = 0; i < nodeIds.length; i += CHUNK) {
      const chunk = nodeIds.slice(i, i + CHUNK);
      const rows = await this.knex('org_links as l')
        .join('org_nodes as f', 'f.id', 'l.from_node_id')
        .join('org_nodes as t', 't.id', 'l.to_node_id')
        .where('l.workspace_id', workspaceId)
        .whereNull('f.archived_at')
        .whereNull('t.archived_at')
        .andWhere((w) => w.whereIn('l.from_node_id', chunk).orWhereIn('l.to_node_id', chunk))
        .select('l.from_node_id', 'f.name as from_name', 'f.entity_id as from_entity', 'l.to_node_id', 't.name as to_name', 't.entity_id as to_entity');
      for (const r of rows) {
        if (wanted.has(r.from_node_id)) out.push({ nodeId: r.from_node_id, other: { id: r.to_node_id, name: r.to_name, entityId: r.to_entity } });
        if (wanted.has(r.to_node_id)) out.push({ nodeId: r.to_node_id, other: { id: r.from_node_id, name: r.from_name, entityId: r.from_entity } });
      }
    }
    // A link found from both ends of one chunk pair is listed once per end.
    const seen = new Set<string>();
    return out.filter((l) => !seen.has(`${l.nodeId}>${l.other.id}`) && Boolean(seen.add(`${l.nodeId}>${l.other.id}`)));
  }

  /** Every live node of the workspace (ids, parents and order) for the reporting lines. */
  async graphNodes(workspaceId: string): Promise<GraphNodeRow[]> {
    const rows = await this.knex('org_nodes as n')
      .join('org_entities as e', 'e.id', 'n.entity_id')
      .where('n.workspace_id', workspaceId)
      .whereNull('n.archived_at')
      .whereNull('e.archived_at')
      .orderBy([{ column: 'e.position' }, { column: 'n.position' }, { column: 'n.name' }])
      .select('n.id', 'n.parent_id', 'n.entity_id', 'n.name');
    return rows.map((r, rank) => ({ id: r.id, parentId: r.parent_id ?? null, entityId: r.entity_id, name: r.name, rank }));
  }

  /** Every link between live nodes of the workspace. */
  async graphLinks(workspaceId: string): Promise<Array<{ from: string; to: string }>> {
    const rows = await this.knex('org_links').where({ workspace_id: workspaceId }).select('from_node_id', 'to_node_id');
    return rows.map((r) => ({ from: r.from_node_id, to: r.to_node_id }));
  }

  /**
   * Every membership of an active person in the workspace, leads first in name order (the order that
   * makes someone a node's first lead). Three light queries rather than one join sorted by name over
   * every membership (half a second at 10,000 people).
   */
  async memberships(workspaceId: string): Promise<MembershipRow[]> {
    const [leads, all, inactive] = await Promise.all([
      this.knex('org_memberships as m')
        .join('users as u', 'u.id', 'm.user_id')
        .where({ 'm.workspace_id': workspaceId, 'm.role': 'lead', 'u.status': 'active' })
        .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }, { column: 'u.id' }])
        .select('m.user_id', 'm.node_id'),
      this.knex('org_memberships').where({ workspace_id: workspaceId, role: 'member' }).select('user_id', 'node_id'),
      this.knex('users').where({ workspace_id: workspaceId }).whereNot({ status: 'active' }).select('id'),
    ]);
    const gone = new Set(inactive.map((r) => r.id as string));
    return [
      ...leads.map((r) => ({ userId: r.user_id, nodeId: r.node_id, role: 'lead' as const })),
      ...all.filter((r) => !gone.has(r.user_id)).map((r) => ({ userId: r.user_id, nodeId: r.node_id, role: 'member' as const })),
    ];
  }

  /** Names and titles of the given active people of the workspace. */
  async people(workspaceId: string, ids: string[]): Promise<Map<string, ChartPerson>> {
    const out = new Map<string, ChartPerson>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      // By primary key only (a workspace condition would walk the workspace's users per chunk), then checked.
      const rows = await this.knex('users').whereIn('id', ids.slice(i, i + CHUNK)).select('id', 'workspace_id', 'status', 'first_name', 'last_name', 'title');
      for (const r of rows) if (r.workspace_id === workspaceId && r.status === 'active') out.set(r.id, { id: r.id, firstName: r.first_name, lastName: r.last_name, title: r.title ?? null });
    }
    return out;
  }
}
