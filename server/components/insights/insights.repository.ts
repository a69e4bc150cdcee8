// What the insights boards and the snapshot job read and write. Knex only, scoped to a workspace.
// Reads are a few whole-workspace queries each (nodes, memberships, ...), grouped in memory: at
// 10,000 people that is a few thousand nodes and some ten thousand memberships, cheaper than one
// query per node. Archived nodes and entities and people who are not active are left out, as on
// every other org read. Nothing here reads an agenda, a note, a title or a feedback body.
import type { Knex } from 'knex';

export interface NodeRow {
  id: string;
  parentId: string | null;
  entityId: string;
  name: string;
  memberCount: number;
}

export interface MemberRow {
  userId: string;
  nodeId: string;
  role: 'lead' | 'member';
  createdAt: number;
}

export interface FigureRow {
  nodeId: string;
  metric: string;
  period: string;
  dimension: string;
  value: number | null;
  groupSize: number;
  periodStart: number;
}

export interface PairRow {
  id: string;
  a: string;
  b: string;
}

export class InsightsRepository {
  constructor(private readonly knex: Knex) {}

  async workspaceIds(): Promise<string[]> {
    return (await this.knex('workspaces').select('id').orderBy('id')).map((r) => r.id as string);
  }

  /** Live nodes of live entities, in entity then node order. */
  async nodes(workspaceId: string): Promise<NodeRow[]> {
    const rows = await this.knex('org_nodes as n')
      .join('org_entities as e', 'e.id', 'n.entity_id')
      .where('n.workspace_id', workspaceId)
      .whereNull('n.archived_at')
      .whereNull('e.archived_at')
      .orderBy([{ column: 'e.position' }, { column: 'n.position' }, { column: 'n.name' }])
      .select('n.id', 'n.parent_id', 'n.entity_id', 'n.name', 'n.member_count');
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id ?? null, entityId: r.entity_id, name: r.name, memberCount: Number(r.member_count) }));
  }

  /** Memberships of the workspace (the caller keeps those of active, unrestricted people): one light query, no join. */
  async memberships(workspaceId: string): Promise<MemberRow[]> {
    const rows = await this.knex('org_memberships').where({ workspace_id: workspaceId }).select('user_id', 'node_id', 'role', 'created_at');
    return rows.map((r) => ({ userId: r.user_id, nodeId: r.node_id, role: r.role, createdAt: Number(r.created_at) }));
  }

  /** People whose processing is restricted now (a data subject request): left out of every aggregate. */
  async restricted(workspaceId: string): Promise<Set<string>> {
    const rows = await this.knex('processing_restrictions').where({ workspace_id: workspaceId }).whereNull('lifted_at').select('user_id');
    return new Set(rows.map((r) => r.user_id as string));
  }

  /** Whether a restriction was placed or lifted since `at`: figures stored before then may count the wrong people. */
  async restrictionsChangedSince(workspaceId: string, at: number): Promise<boolean> {
    const row = await this.knex('processing_restrictions')
      .where({ workspace_id: workspaceId })
      .andWhere((q) => q.where('created_at', '>', at).orWhere('lifted_at', '>', at))
      .first('id');
    return Boolean(row);
  }

  /** Drops the daily figures of days before `day` (one statement): kept day figures must not count a person restricted since. */
  async removeDaysBefore(workspaceId: string, day: string): Promise<number> {
    return this.knex('insights_figures').where({ workspace_id: workspaceId }).where('period', '<', day).whereRaw('length(period) = 10').delete();
  }

  /** Active people of the workspace, with when their account was made. */
  async activePeople(workspaceId: string): Promise<Array<{ id: string; createdAt: number }>> {
    const rows = await this.knex('users').where({ workspace_id: workspaceId, status: 'active' }).select('id', 'created_at');
    return rows.map((r) => ({ id: r.id, createdAt: Number(r.created_at) }));
  }

  /** When accounts that left were deleted, since `from` (leavers per month). */
  async departures(workspaceId: string, from: number): Promise<Array<{ id: string; at: number }>> {
    const rows = await this.knex('users').where({ workspace_id: workspaceId }).where('deleted_at', '>=', from).select('id', 'deleted_at');
    return rows.map((r) => ({ id: r.id, at: Number(r.deleted_at) }));
  }

  /** Whether the person leads this node or a node above it (org_node_paths, the closure table). */
  async leadsAbove(workspaceId: string, userId: string, nodeId: string): Promise<boolean> {
    const row = await this.knex('org_node_paths as p')
      .join('org_memberships as m', 'm.node_id', 'p.ancestor_id')
      .where({ 'p.workspace_id': workspaceId, 'p.descendant_id': nodeId, 'm.user_id': userId, 'm.role': 'lead' })
      .first('p.ancestor_id');
    return Boolean(row);
  }

  /** The live nodes the person leads. */
  async ledNodes(workspaceId: string, userId: string): Promise<Array<{ id: string; name: string }>> {
    return this.knex('org_memberships as m')
      .join('org_nodes as n', 'n.id', 'm.node_id')
      .join('org_entities as e', 'e.id', 'n.entity_id')
      .where({ 'm.workspace_id': workspaceId, 'm.user_id': userId, 'm.role': 'lead' })
      .whereNull('n.archived_at')
      .whereNull('e.archived_at')
      .orderBy([{ column: 'e.position' }, { column: 'n.position' }, { column: 'n.name' }])
      .select('n.id', 'n.name');
  }

  /** Node sections by kind, and how many were not updated since `staleBefore`. */
  async sectionsByNode(workspaceId: string, staleBefore: number): Promise<Array<{ nodeId: string; kind: string; count: number; stale: number }>> {
    const rows = await this.knex('sections')
      .where({ workspace_id: workspaceId })
      .whereNotNull('node_id')
      .groupBy('node_id', 'kind')
      .select('node_id', 'kind', this.knex.raw('count(*) as n'), this.knex.raw('sum(case when updated_at < ? then 1 else 0 end) as stale', [staleBefore]));
    return rows.map((r: Record<string, unknown>) => ({ nodeId: r.node_id as string, kind: r.kind as string, count: Number(r.n), stale: Number(r.stale) }));
  }

  /** First and last names of people of the workspace, by id. */
  async names(workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.knex('users').whereIn('id', ids.slice(i, i + 500)).select('id', 'workspace_id', 'first_name', 'last_name');
      for (const r of rows) if (r.workspace_id === workspaceId) out.set(r.id, `${r.first_name} ${r.last_name}`);
    }
    return out;
  }

  // ---- what people did (read by the snapshot job only) ----

  async pairs(workspaceId: string): Promise<PairRow[]> {
    const rows = await this.knex('one_on_ones').where({ workspace_id: workspaceId }).select('id', 'person_a_id', 'person_b_id');
    return rows.map((r) => ({ id: r.id, a: r.person_a_id, b: r.person_b_id }));
  }

  /** When each pair met, since `from`. */
  async meetings(workspaceId: string, from: number): Promise<Array<{ pairId: string; heldOn: number }>> {
    const rows = await this.knex('one_on_one_meetings').where({ workspace_id: workspaceId }).where('held_on', '>=', from).select('one_on_one_id', 'held_on');
    return rows.map((r) => ({ pairId: r.one_on_one_id, heldOn: Number(r.held_on) }));
  }

  /** Open action items: their pair and when they were written (never their text). */
  async openActionItems(workspaceId: string): Promise<Array<{ pairId: string; createdAt: number }>> {
    const rows = await this.knex('one_on_one_items as i')
      .join('one_on_one_meetings as m', 'm.id', 'i.meeting_id')
      .where({ 'i.workspace_id': workspaceId, 'i.kind': 'action_item', 'i.done': false })
      .select('m.one_on_one_id', 'i.created_at');
    return rows.map((r) => ({ pairId: r.one_on_one_id, createdAt: Number(r.created_at) }));
  }

  /** Feedback since `from`: who gave it, to whom, when (never its body). */
  async feedback(workspaceId: string, from: number): Promise<Array<{ id: string; giverId: string | null; recipientId: string; createdAt: number }>> {
    const rows = await this.knex('feedback').where({ workspace_id: workspaceId }).where('created_at', '>=', from).select('id', 'giver_id', 'recipient_id', 'created_at');
    return rows.map((r) => ({ id: r.id, giverId: r.giver_id ?? null, recipientId: r.recipient_id, createdAt: Number(r.created_at) }));
  }

  async feedbackValues(workspaceId: string, from: number): Promise<Array<{ feedbackId: string; value: string }>> {
    const rows = await this.knex('feedback_values as v').join('feedback as f', 'f.id', 'v.feedback_id').where({ 'v.workspace_id': workspaceId }).where('f.created_at', '>=', from).select('v.feedback_id', 'v.value');
    return rows.map((r) => ({ feedbackId: r.feedback_id, value: r.value }));
  }

  /** Comments on a node's page or on one of its sections, since `from`: the node, the author, when. */
  async discussions(workspaceId: string, from: number): Promise<Array<{ nodeId: string; authorId: string | null; createdAt: number }>> {
    const rows = await this.knex('comments as c')
      .leftJoin('sections as s', 's.id', 'c.section_id')
      .where({ 'c.workspace_id': workspaceId })
      .where('c.created_at', '>=', from)
      .select('c.node_id', 's.node_id as section_node_id', 'c.author_id', 'c.created_at');
    return rows.filter((r) => r.node_id || r.section_node_id).map((r) => ({ nodeId: (r.node_id ?? r.section_node_id) as string, authorId: r.author_id ?? null, createdAt: Number(r.created_at) }));
  }

  // ---- snapshot tables ----

  async lastSnapshot(workspaceId: string): Promise<{ day: string; takenAt: number } | undefined> {
    const row = await this.knex('insights_snapshots').where({ workspace_id: workspaceId }).orderBy('day', 'desc').first();
    return row ? { day: row.day, takenAt: Number(row.taken_at) } : undefined;
  }

  /** Writes figures in one short transaction (the caller passes a few hundred at a time). */
  async upsertFigures(workspaceId: string, figures: FigureRow[], takenAt: number): Promise<void> {
    if (!figures.length) return;
    await this.knex.transaction(async (trx) => {
      await trx('insights_figures')
        .insert(figures.map((f) => ({ workspace_id: workspaceId, node_id: f.nodeId, metric: f.metric, period: f.period, dimension: f.dimension, value: f.value, group_size: f.groupSize, period_start: f.periodStart, taken_at: takenAt })))
        .onConflict(['workspace_id', 'metric', 'node_id', 'period', 'dimension'])
        .merge(['value', 'group_size', 'period_start', 'taken_at']);
    });
  }

  /** Removes figures of the recomputed periods that this run did not write (a node gone, a Value no longer tagged). */
  async removeStale(workspaceId: string, period: string, takenAt: number): Promise<number> {
    return this.knex('insights_figures').where({ workspace_id: workspaceId, period }).where('taken_at', '<', takenAt).delete();
  }

  /** The latest snapshot taken on or before `day`. */
  async snapshotOnOrBefore(workspaceId: string, day: string): Promise<{ day: string; takenAt: number } | undefined> {
    const row = await this.knex('insights_snapshots').where({ workspace_id: workspaceId }).where('day', '<=', day).orderBy('day', 'desc').first();
    return row ? { day: row.day, takenAt: Number(row.taken_at) } : undefined;
  }

  async recordSnapshot(workspaceId: string, day: string, takenAt: number, rows: number, durationMs: number): Promise<void> {
    await this.knex('insights_snapshots').insert({ workspace_id: workspaceId, day, taken_at: takenAt, rows, duration_ms: durationMs }).onConflict(['workspace_id', 'day']).merge(['taken_at', 'rows', 'duration_ms']);
  }

  /** Figures of some nodes for some metrics between two periods (inclusive; periods compare as text). */
  async figures(workspaceId: string, metrics: string[], nodeIds: string[], fromPeriod: string, toPeriod: string): Promise<FigureRow[]> {
    const out: FigureRow[] = [];
    for (let i = 0; i < nodeIds.length; i += 500) {
      const rows = await this.knex('insights_figures')
        .where({ workspace_id: workspaceId })
        .whereIn('metric', metrics)
        .whereIn('node_id', nodeIds.slice(i, i + 500))
        .where('period', '>=', fromPeriod)
        .where('period', '<=', toPeriod)
        .select('node_id', 'metric', 'period', 'dimension', 'value', 'group_size', 'period_start');
      for (const r of rows) out.push({ nodeId: r.node_id, metric: r.metric, period: r.period, dimension: r.dimension, value: r.value === null ? null : Number(r.value), groupSize: Number(r.group_size), periodStart: Number(r.period_start) });
    }
    return out;
  }
}
