// The org model in the database: entities, nodes, memberships, links, editors. Knex only, plain
// objects; every query is scoped to a workspace so another workspace's ids are simply not found.
import type { Knex } from 'knex';
import { photoVersionColumn } from '../accounts/photo.repository.js';
import type { NodeRelation } from '../policy/policy.js';

export type MemberRole = 'lead' | 'member';

export interface OrgEntity {
  id: string;
  workspaceId: string;
  systemKey: string | null;
  name: string | null;
  position: number;
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface OrgNode {
  id: string;
  workspaceId: string;
  entityId: string;
  parentId: string | null;
  name: string;
  description: string | null;
  position: number;
  archivedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface PersonRef {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  /** The version of the person's profile photo where the read included it (null: initials). */
  photo?: string | null;
}

export interface Membership extends PersonRef {
  role: MemberRole;
  since: number;
}

/** A node as the explorer shows it: its leads and how many people belong to it and to its subtree. */
export interface NodeSummary extends OrgNode {
  leads: PersonRef[];
  /** Direct headcount: people with a membership of this node. */
  memberCount: number;
  /** Total headcount: unique people in this node and every node below it (kept by triggers). */
  totalCount: number;
}

export type Headcounts = Map<string, { direct: number; total: number }>;
const headcountsOf = (rows: Row[]): Headcounts => new Map(rows.map((r) => [r.id as string, { direct: Number(r.member_count), total: Number(r.total_count) }]));

export interface NodeLink {
  id: string;
  /** The node at the other end, seen from the node asked about. */
  other: { id: string; name: string; entityId: string };
  direction: 'from' | 'to';
  createdAt: number;
}

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const entityFromRow = (r: Row): OrgEntity => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  systemKey: (r.system_key as string) ?? null,
  name: (r.name as string) ?? null,
  position: Number(r.position),
  archivedAt: num(r.archived_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const nodeFromRow = (r: Row): OrgNode => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  entityId: r.entity_id as string,
  parentId: (r.parent_id as string) ?? null,
  name: r.name as string,
  description: (r.description as string) ?? null,
  position: Number(r.position),
  archivedAt: num(r.archived_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const personFromRow = (r: Row): PersonRef => ({ id: r.user_id as string, firstName: r.first_name as string, lastName: r.last_name as string, title: (r.title as string) ?? null, ...(r.photo_etag !== undefined ? { photo: (r.photo_etag as string | null) ?? null } : {}) });

export class OrgRepository {
  constructor(private readonly knex: Knex) {}

  private db(trx?: Db): Db {
    return trx ?? this.knex;
  }

  // ---- entities ----

  async listEntities(workspaceId: string, options: { includeArchived?: boolean } = {}, trx?: Db): Promise<OrgEntity[]> {
    const q = this.db(trx)('org_entities').where({ workspace_id: workspaceId }).orderBy([{ column: 'position' }, { column: 'created_at' }]);
    if (!options.includeArchived) q.whereNull('archived_at');
    return (await q).map(entityFromRow);
  }

  async findEntity(workspaceId: string, id: string, trx?: Db): Promise<OrgEntity | undefined> {
    const row = await this.db(trx)('org_entities').where({ workspace_id: workspaceId, id }).first();
    return row ? entityFromRow(row) : undefined;
  }

  async countEntities(workspaceId: string, trx?: Db): Promise<number> {
    const row = await this.db(trx)('org_entities').where({ workspace_id: workspaceId }).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  /** Nodes in use (not archived) per entity, for the manage page; an entity without any is absent. */
  async nodeCountsByEntity(workspaceId: string, trx?: Db): Promise<Map<string, number>> {
    const rows = await this.db(trx)('org_nodes').where({ workspace_id: workspaceId }).whereNull('archived_at').groupBy('entity_id').select('entity_id').count<{ entity_id: string; n: number }[]>({ n: '*' });
    return new Map(rows.map((r) => [r.entity_id, Number(r.n)]));
  }

  async insertEntity(e: OrgEntity, trx?: Db): Promise<void> {
    await this.db(trx)('org_entities').insert({
      id: e.id,
      workspace_id: e.workspaceId,
      system_key: e.systemKey,
      name: e.name,
      position: e.position,
      archived_at: e.archivedAt,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    });
  }

  async updateEntity(workspaceId: string, id: string, changes: Partial<Pick<OrgEntity, 'name' | 'position' | 'archivedAt'>>, at: number, trx?: Db): Promise<void> {
    const row: Row = { updated_at: at };
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.position !== undefined) row.position = changes.position;
    if (changes.archivedAt !== undefined) row.archived_at = changes.archivedAt;
    await this.db(trx)('org_entities').where({ workspace_id: workspaceId, id }).update(row);
  }

  // ---- nodes ----

  async findNode(workspaceId: string, id: string, trx?: Db): Promise<OrgNode | undefined> {
    const row = await this.db(trx)('org_nodes').where({ workspace_id: workspaceId, id }).first();
    return row ? nodeFromRow(row) : undefined;
  }

  async findNodes(workspaceId: string, ids: string[], trx?: Db): Promise<OrgNode[]> {
    if (!ids.length) return [];
    return (await this.db(trx)('org_nodes').where({ workspace_id: workspaceId }).whereIn('id', ids)).map(nodeFromRow);
  }

  async listNodes(workspaceId: string, filter: { entityId?: string; parentId?: string | null; includeArchived?: boolean } = {}, trx?: Db): Promise<OrgNode[]> {
    const q = this.db(trx)('org_nodes').where({ workspace_id: workspaceId }).orderBy([{ column: 'position' }, { column: 'name' }]);
    if (filter.entityId) q.where({ entity_id: filter.entityId });
    if (filter.parentId !== undefined) filter.parentId === null ? q.whereNull('parent_id') : q.where({ parent_id: filter.parentId });
    if (!filter.includeArchived) q.whereNull('archived_at');
    return (await q).map(nodeFromRow);
  }

  /** The nodes of an entity with their leads and member counts: three queries, whatever the size. */
  async summaries(workspaceId: string, entityId: string, trx?: Db): Promise<NodeSummary[]> {
    return this.summariesOf(workspaceId, await this.listNodes(workspaceId, { entityId }, trx), trx);
  }

  /**
   * The top-level nodes of an entity (at most `limit`), with leads, member counts and how many
   * sub-nodes each has, and how many top-level nodes there are in all: the explorer's overview stays
   * the same size however large the organization grows.
   */
  async topLevel(workspaceId: string, entityId: string, limit: number, trx?: Db): Promise<{ nodes: Array<NodeSummary & { childCount: number }>; total: number }> {
    // Member counts come with the rows (kept there by triggers): no query for them.
    const base = () => this.db(trx)('org_nodes').where({ workspace_id: workspaceId, entity_id: entityId }).whereNull('parent_id').whereNull('archived_at');
    const rows: Row[] = await base().orderBy([{ column: 'position' }, { column: 'name' }]).limit(limit);
    const totalRow = await base().count<{ n: number }[]>({ n: '*' }).first();
    const roots = rows.map(nodeFromRow);
    const summaries = await this.summariesOf(workspaceId, roots, trx, headcountsOf(rows));
    const children = roots.length
      ? // The parents are this workspace's nodes: by parent alone, so the parent_id index answers.
        await this.db(trx)('org_nodes').whereIn('parent_id', roots.map((r) => r.id)).whereNull('archived_at').groupBy('parent_id').select('parent_id').count<{ parent_id: string; n: number }[]>({ n: '*' })
      : [];
    const childCount = new Map(children.map((c) => [c.parent_id, Number(c.n)]));
    return { nodes: summaries.map((n) => ({ ...n, childCount: childCount.get(n.id) ?? 0 })), total: Number(totalRow?.n ?? 0) };
  }

  /** Leads and headcounts of the nodes; `memberCounts`, when the caller read them with the nodes, saves a query. */
  async summariesOf(workspaceId: string, nodes: OrgNode[], trx?: Db, memberCounts?: Headcounts): Promise<NodeSummary[]> {
    if (!nodes.length) return [];
    const ids = nodes.map((n) => n.id);
    // Chunked so a large entity never exceeds a dialect's bound-parameter limit. The nodes come from
    // this workspace and so do their memberships: no workspace condition, so the leads are read
    // through the (node_id, role) index, however large a node is.
    const counts: Row[] = [];
    const leads: Row[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      // member_count is kept by triggers on org_memberships (migration 20261130090100).
      if (!memberCounts) counts.push(...(await this.db(trx)('org_nodes').whereIn('id', chunk).select('id', 'member_count', 'total_count')));
      leads.push(
        ...(await this.db(trx)('org_memberships as m')
          .join('users as u', 'u.id', 'm.user_id')
          .where('m.role', 'lead')
          .whereIn('m.node_id', chunk)
          .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }])
          .select('m.node_id', 'm.user_id', 'u.first_name', 'u.last_name', 'u.title')),
      );
    }
    const countOf = memberCounts ?? headcountsOf(counts);
    const leadsOf = new Map<string, PersonRef[]>();
    for (const row of leads) {
      const list = leadsOf.get(row.node_id as string) ?? [];
      list.push(personFromRow(row));
      leadsOf.set(row.node_id as string, list);
    }
    return nodes.map((n) => ({ ...n, leads: leadsOf.get(n.id) ?? [], memberCount: countOf.get(n.id)?.direct ?? 0, totalCount: countOf.get(n.id)?.total ?? 0 }));
  }

  async insertNode(n: OrgNode, trx?: Db): Promise<void> {
    await this.db(trx)('org_nodes').insert({
      id: n.id,
      workspace_id: n.workspaceId,
      entity_id: n.entityId,
      parent_id: n.parentId,
      name: n.name,
      description: n.description,
      position: n.position,
      archived_at: n.archivedAt,
      created_at: n.createdAt,
      updated_at: n.updatedAt,
    });
  }

  async updateNode(workspaceId: string, id: string, changes: Partial<Pick<OrgNode, 'name' | 'description' | 'parentId' | 'archivedAt' | 'position'>>, at: number, trx?: Db): Promise<void> {
    const row: Row = { updated_at: at };
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.parentId !== undefined) row.parent_id = changes.parentId;
    if (changes.archivedAt !== undefined) row.archived_at = changes.archivedAt;
    if (changes.position !== undefined) row.position = changes.position;
    await this.db(trx)('org_nodes').where({ workspace_id: workspaceId, id }).update(row);
  }

  async nextNodePosition(workspaceId: string, entityId: string, trx?: Db): Promise<number> {
    const row = await this.db(trx)('org_nodes').where({ workspace_id: workspaceId, entity_id: entityId }).max<{ m: number | null }[]>({ m: 'position' }).first();
    return Number(row?.m ?? -1) + 1;
  }

  /** The chain of ancestors of a node, nearest first (bounded, in case of bad data). */
  async ancestors(workspaceId: string, nodeId: string, trx?: Db): Promise<OrgNode[]> {
    const chain: OrgNode[] = [];
    let current = await this.findNode(workspaceId, nodeId, trx);
    while (current?.parentId && chain.length < 100) {
      const parent = await this.findNode(workspaceId, current.parentId, trx);
      if (!parent || chain.some((n) => n.id === parent.id)) break;
      chain.push(parent);
      current = parent;
    }
    return chain;
  }

  // ---- memberships ----

  async members(workspaceId: string, nodeId: string, trx?: Db): Promise<Membership[]> {
    const rows = await this.db(trx)('org_memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'm.workspace_id': workspaceId, 'm.node_id': nodeId })
      .orderByRaw(`case when m.role = 'lead' then 0 else 1 end`)
      .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }])
      .select('m.user_id', 'm.role', 'm.created_at', 'u.first_name', 'u.last_name', 'u.title', photoVersionColumn(this.knex, 'u.id'));
    return rows.map((r) => ({ ...personFromRow(r), role: r.role as MemberRole, since: Number(r.created_at) }));
  }

  /** Every node a person belongs to, with the entity (for person pages and the API). */
  async membershipsOf(workspaceId: string, userId: string, trx?: Db): Promise<Array<{ node: OrgNode; role: MemberRole }>> {
    const rows = await this.db(trx)('org_memberships as m')
      .join('org_nodes as n', 'n.id', 'm.node_id')
      .where({ 'm.workspace_id': workspaceId, 'm.user_id': userId })
      .orderBy('n.name')
      .select('n.*', 'm.role as membership_role');
    return rows.map((r) => ({ node: nodeFromRow(r), role: r.membership_role as MemberRole }));
  }

  async upsertMembership(m: { id: string; workspaceId: string; nodeId: string; userId: string; role: MemberRole; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('org_memberships')
      .insert({ id: m.id, workspace_id: m.workspaceId, node_id: m.nodeId, user_id: m.userId, role: m.role, created_at: m.createdAt })
      .onConflict(['node_id', 'user_id'])
      .merge({ role: m.role });
  }

  /** Adds a plain membership unless the person belongs already (a lead stays a lead). */
  async addMembershipIfMissing(m: { id: string; workspaceId: string; nodeId: string; userId: string; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('org_memberships').insert({ id: m.id, workspace_id: m.workspaceId, node_id: m.nodeId, user_id: m.userId, role: 'member', created_at: m.createdAt }).onConflict(['node_id', 'user_id']).ignore();
  }

  /** Live nodes named by id or by exact name (config refers to nodes either way). */
  async findLiveNodesByIdOrName(workspaceId: string, refs: string[], trx?: Db): Promise<OrgNode[]> {
    if (!refs.length) return [];
    const rows = await this.db(trx)('org_nodes').where({ workspace_id: workspaceId }).whereNull('archived_at').where((q) => q.whereIn('id', refs).orWhereIn('name', refs));
    return rows.map(nodeFromRow);
  }

  async removeMembership(workspaceId: string, nodeId: string, userId: string, trx?: Db): Promise<number> {
    return this.db(trx)('org_memberships').where({ workspace_id: workspaceId, node_id: nodeId, user_id: userId }).delete();
  }

  async relationTo(workspaceId: string, userId: string, nodeId: string, trx?: Db): Promise<NodeRelation> {
    // One round trip: the membership role and whether the person is a named editor.
    const row = (await this.db(trx)
      .select(
        this.knex.raw('(select role from org_memberships where workspace_id = ? and node_id = ? and user_id = ?) as role', [workspaceId, nodeId, userId]),
        this.knex.raw('(select count(*) from org_node_editors where workspace_id = ? and node_id = ? and user_id = ?) as editors', [workspaceId, nodeId, userId]),
      )
      .first()) as { role: string | null; editors: number | string } | undefined;
    const role = row?.role ?? null;
    return { nodeId, workspaceId, isLead: role === 'lead', isMember: role !== null, isEditor: Number(row?.editors ?? 0) > 0 };
  }

  // ---- links ----

  async links(workspaceId: string, nodeId: string, trx?: Db): Promise<NodeLink[]> {
    const rows = await this.db(trx)('org_links as l')
      .join('org_nodes as f', 'f.id', 'l.from_node_id')
      .join('org_nodes as t', 't.id', 'l.to_node_id')
      .where('l.workspace_id', workspaceId)
      .andWhere((w) => w.where('l.from_node_id', nodeId).orWhere('l.to_node_id', nodeId))
      .select('l.id', 'l.created_at', 'l.from_node_id', 'f.name as from_name', 'f.entity_id as from_entity', 'l.to_node_id', 't.name as to_name', 't.entity_id as to_entity');
    return rows
      .map((r) =>
        r.from_node_id === nodeId
          ? { id: r.id, direction: 'to' as const, other: { id: r.to_node_id, name: r.to_name, entityId: r.to_entity }, createdAt: Number(r.created_at) }
          : { id: r.id, direction: 'from' as const, other: { id: r.from_node_id, name: r.from_name, entityId: r.from_entity }, createdAt: Number(r.created_at) },
      )
      .sort((a, b) => a.other.name.localeCompare(b.other.name));
  }

  async findLink(workspaceId: string, id: string, trx?: Db): Promise<{ id: string; fromNodeId: string; toNodeId: string } | undefined> {
    const row = await this.db(trx)('org_links').where({ workspace_id: workspaceId, id }).first();
    return row ? { id: row.id, fromNodeId: row.from_node_id, toNodeId: row.to_node_id } : undefined;
  }

  async linkExists(workspaceId: string, a: string, b: string, trx?: Db): Promise<boolean> {
    const row = await this.db(trx)('org_links')
      .where({ workspace_id: workspaceId })
      .andWhere((w) => w.where({ from_node_id: a, to_node_id: b }).orWhere({ from_node_id: b, to_node_id: a }))
      .first('id');
    return Boolean(row);
  }

  async insertLink(l: { id: string; workspaceId: string; fromNodeId: string; toNodeId: string; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('org_links').insert({ id: l.id, workspace_id: l.workspaceId, from_node_id: l.fromNodeId, to_node_id: l.toNodeId, created_at: l.createdAt });
  }

  async deleteLink(workspaceId: string, id: string, trx?: Db): Promise<void> {
    await this.db(trx)('org_links').where({ workspace_id: workspaceId, id }).delete();
  }

  // ---- editors ----

  async editors(workspaceId: string, nodeId: string, trx?: Db): Promise<PersonRef[]> {
    const rows = await this.db(trx)('org_node_editors as e')
      .join('users as u', 'u.id', 'e.user_id')
      .where({ 'e.workspace_id': workspaceId, 'e.node_id': nodeId })
      .orderBy([{ column: 'u.last_name' }, { column: 'u.first_name' }])
      .select('e.user_id', 'u.first_name', 'u.last_name', 'u.title', photoVersionColumn(this.knex, 'u.id'));
    return rows.map(personFromRow);
  }

  async addEditor(e: { id: string; workspaceId: string; nodeId: string; userId: string; addedBy: string | null; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('org_node_editors')
      .insert({ id: e.id, workspace_id: e.workspaceId, node_id: e.nodeId, user_id: e.userId, added_by: e.addedBy, created_at: e.createdAt })
      .onConflict(['node_id', 'user_id'])
      .ignore();
  }

  async removeEditor(workspaceId: string, nodeId: string, userId: string, trx?: Db): Promise<number> {
    return this.db(trx)('org_node_editors').where({ workspace_id: workspaceId, node_id: nodeId, user_id: userId }).delete();
  }

  // ---- people (same workspace only) ----

  async findPerson(workspaceId: string, idOrEmail: { id?: string; email?: string }, trx?: Db): Promise<PersonRef | undefined> {
    const q = this.db(trx)('users').where({ workspace_id: workspaceId, status: 'active' });
    if (idOrEmail.id) q.where({ id: idOrEmail.id });
    else if (idOrEmail.email) q.where({ email_lower: idOrEmail.email.toLowerCase() });
    else return undefined;
    const row = await q.first('id as user_id', 'first_name', 'last_name', 'title');
    return row ? personFromRow(row) : undefined;
  }
}
