// Sections, their revisions, grants and per-reader hiding. Knex only, plain objects. Every read of
// section content goes through the policy's readableSections filter, inside the query, so a
// restricted section the reader may not see is never loaded, listed or counted.
import type { Knex } from 'knex';
import { ReadTemplate } from '../../db/read-template.js';
import { filters, type Actor } from '../policy/policy.js';

export type Visibility = 'public' | 'restricted';
export type SectionOwner = { nodeId: string } | { personId: string };

export interface Section {
  id: string;
  workspaceId: string;
  nodeId: string | null;
  personId: string | null;
  kind: string;
  title: string | null;
  body: string;
  visibility: Visibility;
  position: number;
  revision: number;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ReaderSection extends Section {
  /** Hidden by this reader from their own view. */
  hidden: boolean;
  updatedByName: string | null;
}

export interface Revision {
  id: string;
  sectionId: string;
  number: number;
  title: string | null;
  body: string;
  visibility: Visibility;
  authorId: string | null;
  authorName: string | null;
  createdAt: number;
}

export interface Grant {
  id: string;
  userId: string | null;
  nodeId: string | null;
  /** The person's or node's name. */
  label: string;
  createdAt: number;
}

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

const sectionFromRow = (r: Row): Section => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  nodeId: (r.node_id as string) ?? null,
  personId: (r.person_id as string) ?? null,
  kind: r.kind as string,
  title: (r.title as string) ?? null,
  body: r.body as string,
  visibility: r.visibility as Visibility,
  position: Number(r.position),
  revision: Number(r.revision),
  createdBy: (r.created_by as string) ?? null,
  updatedBy: (r.updated_by as string) ?? null,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** A section recently edited in one of the reader's teams: what Home's "recent changes" shows. */
export interface RecentSection {
  id: string;
  nodeId: string;
  nodeName: string;
  title: string | null;
  kind: string;
  updatedAt: number;
  updatedByName: string | null;
}

// Home's "recent changes", on every view of Home: one query over all the reader's teams (it was one
// section list per team, each rendering every body's Markdown that Home never shows). Read as a
// member, whatever the reader's role: membership alone lets them read every section of their teams,
// restricted ones included, so no admin right is used and no admin read is audited; sections of
// other nodes never come in. A section the reader hid from their view, a deleted one, or one of an
// archived node is left out.
const recentInMyTeams = new ReadTemplate<{ workspaceId: string; userId: string }, { limit: number }>('sections.recentInMyTeams', (knex, v, { limit }) =>
  knex('sections')
    .join('org_nodes as n', 'n.id', 'sections.node_id')
    .leftJoin('users as ub', 'ub.id', 'sections.updated_by')
    // An IN list, not a join: SQLite then reads the sections of those nodes by index (a join made it
    // scan every section of the workspace: 0.6 ms with the demo organization, 0.07 ms this way).
    .whereIn('sections.node_id', (m) => m.select('my.node_id').from('org_memberships as my').where('my.user_id', v.userId))
    .modify(filters.readableSections({ id: v.userId, workspaceId: v.workspaceId, role: 'member' }, 'sections'))
    .whereNull('n.archived_at')
    .whereNotExists((h) => h.select(knex.raw('1')).from('section_hidden as h').whereRaw('h.section_id = sections.id').andWhere('h.user_id', v.userId))
    .orderBy([{ column: 'sections.updated_at', order: 'desc' }, { column: 'sections.id' }])
    .limit(limit)
    .select('sections.id', 'sections.node_id', 'n.name as node_name', 'sections.title', 'sections.kind', 'sections.updated_at', 'ub.first_name as ub_first', 'ub.last_name as ub_last'),
);

const ownerWhere = (owner: SectionOwner) => ('nodeId' in owner ? { 'sections.node_id': owner.nodeId } : { 'sections.person_id': owner.personId });
const name = (r: Row, prefix: string) => (r[`${prefix}_first`] ? `${r[`${prefix}_first`]} ${r[`${prefix}_last`]}` : null);

export class SectionsRepository {
  constructor(private readonly knex: Knex) {}

  private db(trx?: Db): Db {
    return trx ?? this.knex;
  }

  /** The sections of a node or person page that the actor may read, in order, with the actor's hidden flag. */
  async listReadable(actor: Actor, owner: SectionOwner, trx?: Db): Promise<ReaderSection[]> {
    const rows = await this.db(trx)('sections')
      .modify(filters.readableSections(actor, 'sections'))
      .where(ownerWhere(owner))
      .leftJoin('section_hidden as h', (j) => j.on('h.section_id', 'sections.id').andOnVal('h.user_id', actor.id))
      .leftJoin('users as ub', 'ub.id', 'sections.updated_by')
      .orderBy([{ column: 'sections.position' }, { column: 'sections.created_at' }])
      .select('sections.*', 'h.user_id as hidden_by', 'ub.first_name as ub_first', 'ub.last_name as ub_last');
    return rows.map((r: Row) => ({ ...sectionFromRow(r), hidden: Boolean(r.hidden_by), updatedByName: name(r, 'ub') }));
  }

  /** The sections last edited in the nodes the reader is a member or lead of, newest first. */
  async recentInMyTeams(actor: Pick<Actor, 'id' | 'workspaceId'>, limit: number): Promise<RecentSection[]> {
    const rows = await recentInMyTeams.rows(this.knex, { workspaceId: actor.workspaceId, userId: actor.id }, { limit });
    return rows.map((r) => ({ id: r.id, nodeId: r.node_id, nodeName: r.node_name, title: r.title ?? null, kind: r.kind, updatedAt: Number(r.updated_at), updatedByName: name(r, 'ub') }));
  }

  /** How many sections of the owner the actor may read (counts go through the same filter). */
  async countReadable(actor: Actor, owner: SectionOwner, trx?: Db): Promise<number> {
    const row = await this.db(trx)('sections').modify(filters.readableSections(actor, 'sections')).where(ownerWhere(owner)).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async findReadable(actor: Actor, id: string, trx?: Db): Promise<Section | undefined> {
    const row = await this.db(trx)('sections').modify(filters.readableSections(actor, 'sections')).where('sections.id', id).first('sections.*');
    return row ? sectionFromRow(row) : undefined;
  }

  /** Whose page a section is on, by name: the node's or the person's (a way back's label). */
  async ownerName(workspaceId: string, s: Pick<Section, 'nodeId' | 'personId'>): Promise<string | undefined> {
    if (s.nodeId) return (await this.knex('org_nodes').where({ workspace_id: workspaceId, id: s.nodeId }).first('name'))?.name;
    if (!s.personId) return undefined;
    const person = await this.knex('users').where({ workspace_id: workspaceId, id: s.personId }).first('first_name', 'last_name');
    return person ? `${person.first_name} ${person.last_name}` : undefined;
  }

  /** For writes after the policy check; also used to tell "not yours to see" from "unknown" nowhere. */
  async findInWorkspace(workspaceId: string, id: string, trx?: Db): Promise<Section | undefined> {
    const row = await this.db(trx)('sections').where({ workspace_id: workspaceId, id }).first();
    return row ? sectionFromRow(row) : undefined;
  }

  async nextPosition(owner: SectionOwner, trx?: Db): Promise<number> {
    const row = await this.db(trx)('sections').where(ownerWhere(owner)).max<{ m: number | null }[]>({ m: 'position' }).first();
    return Number(row?.m ?? -1) + 1;
  }

  async ownerSectionIds(workspaceId: string, owner: SectionOwner, trx?: Db): Promise<string[]> {
    const rows = await this.db(trx)('sections').where({ 'sections.workspace_id': workspaceId, ...ownerWhere(owner) }).whereNull('deleted_at').orderBy([{ column: 'position' }, { column: 'created_at' }]).select('id');
    return rows.map((r) => r.id as string);
  }

  async insert(s: Section, trx?: Db): Promise<void> {
    await this.db(trx)('sections').insert({
      id: s.id,
      workspace_id: s.workspaceId,
      node_id: s.nodeId,
      person_id: s.personId,
      kind: s.kind,
      title: s.title,
      body: s.body,
      visibility: s.visibility,
      position: s.position,
      revision: s.revision,
      created_by: s.createdBy,
      updated_by: s.updatedBy,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    });
  }

  async update(id: string, changes: Pick<Section, 'title' | 'body' | 'visibility' | 'revision' | 'updatedBy' | 'updatedAt'>, trx?: Db): Promise<void> {
    await this.db(trx)('sections').where({ id }).update({
      title: changes.title,
      body: changes.body,
      visibility: changes.visibility,
      revision: changes.revision,
      updated_by: changes.updatedBy,
      updated_at: changes.updatedAt,
    });
  }

  async setPosition(id: string, position: number, trx?: Db): Promise<void> {
    await this.db(trx)('sections').where({ id }).update({ position });
  }

  /** Deletes softly: the row and all that hangs on it stay until undone or aged out by retention. */
  async markDeleted(id: string, at: number, trx?: Db): Promise<void> {
    await this.db(trx)('sections').where({ id }).whereNull('deleted_at').update({ deleted_at: at });
  }

  /** A deleted section the actor could read were it not deleted (for the undo of its delete). */
  async findDeletedReadable(actor: Actor, id: string, trx?: Db): Promise<Section | undefined> {
    const row = await this.db(trx)('sections').modify(filters.readableSectionsEvenDeleted(actor, 'sections')).where('sections.id', id).whereNotNull('sections.deleted_at').first('sections.*');
    return row ? sectionFromRow(row) : undefined;
  }

  async unmarkDeleted(id: string, trx?: Db): Promise<number> {
    return this.db(trx)('sections').where({ id }).whereNotNull('deleted_at').update({ deleted_at: null });
  }

  // ---- revisions ----

  async insertRevision(r: { id: string; workspaceId: string; sectionId: string; number: number; title: string | null; body: string; visibility: Visibility; authorId: string | null; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('section_revisions').insert({
      id: r.id,
      workspace_id: r.workspaceId,
      section_id: r.sectionId,
      number: r.number,
      title: r.title,
      body: r.body,
      visibility: r.visibility,
      author_id: r.authorId,
      created_at: r.createdAt,
    });
  }

  async revisions(sectionId: string, trx?: Db): Promise<Revision[]> {
    const rows = await this.db(trx)('section_revisions as r')
      .leftJoin('users as a', 'a.id', 'r.author_id')
      .where('r.section_id', sectionId)
      .orderBy('r.number', 'desc')
      .select('r.*', 'a.first_name as a_first', 'a.last_name as a_last');
    return rows.map((r) => ({
      id: r.id,
      sectionId: r.section_id,
      number: Number(r.number),
      title: r.title ?? null,
      body: r.body,
      visibility: r.visibility,
      authorId: r.author_id ?? null,
      authorName: name(r, 'a'),
      createdAt: Number(r.created_at),
    }));
  }

  async revision(sectionId: string, number: number, trx?: Db): Promise<Revision | undefined> {
    return (await this.revisions(sectionId, trx)).find((r) => r.number === number);
  }

  // ---- grants ----

  async grants(sectionId: string, trx?: Db): Promise<Grant[]> {
    const rows = await this.db(trx)('section_grants as g')
      .leftJoin('users as u', 'u.id', 'g.user_id')
      .leftJoin('org_nodes as n', 'n.id', 'g.node_id')
      .where('g.section_id', sectionId)
      .orderBy('g.created_at')
      .select('g.id', 'g.user_id', 'g.node_id', 'g.created_at', 'u.first_name', 'u.last_name', 'n.name as node_name');
    return rows.map((r) => ({ id: r.id, userId: r.user_id ?? null, nodeId: r.node_id ?? null, label: r.user_id ? `${r.first_name} ${r.last_name}` : r.node_name, createdAt: Number(r.created_at) }));
  }

  async grantExists(sectionId: string, grantee: { userId?: string; nodeId?: string }, trx?: Db): Promise<boolean> {
    const q = this.db(trx)('section_grants').where({ section_id: sectionId });
    if (grantee.userId) q.where({ user_id: grantee.userId });
    else q.where({ node_id: grantee.nodeId! });
    return Boolean(await q.first('id'));
  }

  async insertGrant(g: { id: string; workspaceId: string; sectionId: string; userId: string | null; nodeId: string | null; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('section_grants').insert({ id: g.id, workspace_id: g.workspaceId, section_id: g.sectionId, user_id: g.userId, node_id: g.nodeId, created_at: g.createdAt });
  }

  async deleteGrant(sectionId: string, grantId: string, trx?: Db): Promise<number> {
    return this.db(trx)('section_grants').where({ section_id: sectionId, id: grantId }).delete();
  }

  // ---- hiding ----

  async hide(h: { sectionId: string; userId: string; workspaceId: string; createdAt: number }, trx?: Db): Promise<void> {
    await this.db(trx)('section_hidden')
      .insert({ section_id: h.sectionId, user_id: h.userId, workspace_id: h.workspaceId, created_at: h.createdAt })
      .onConflict(['section_id', 'user_id'])
      .ignore();
  }

  async show(sectionId: string, userId: string, trx?: Db): Promise<void> {
    await this.db(trx)('section_hidden').where({ section_id: sectionId, user_id: userId }).delete();
  }
}
