// Comments on nodes and sections, and their mentions. Reads go through the policy's SQL filters:
// a comment is readable exactly when its node or section is.
import type { Knex } from 'knex';
import { filters, type Actor } from '../policy/policy.js';
import { photoVersionColumn } from '../accounts/photo.repository.js';
import type { TargetType } from './discussions.schema.js';

export interface Target {
  type: TargetType;
  id: string;
  workspaceId: string;
  /** The node's name, or the section's title (null for an untitled section: see sectionKind). */
  title: string | null;
  /** A section's kind, which names it when it has no title (sections/section-title.ts). */
  sectionKind: string | null;
  /** Where the target is shown: a node page, or a person page for person sections. */
  nodeId: string | null;
  personId: string | null;
}

export interface Comment {
  id: string;
  workspaceId: string;
  nodeId: string | null;
  sectionId: string | null;
  authorId: string | null;
  body: string;
  createdAt: number;
  updatedAt: number;
  editedAt: number | null;
}

export interface CommentView extends Comment {
  /** With the version of their photo (null: none), for the avatar beside the comment. */
  author: { id: string; firstName: string; lastName: string; photo: string | null } | null;
  mentions: Array<{ id: string; email: string; firstName: string; lastName: string }>;
}

type Row = Record<string, any>;
type Db = Knex | Knex.Transaction;

const fromRow = (r: Row): Comment => ({
  id: r.id,
  workspaceId: r.workspace_id,
  nodeId: r.node_id ?? null,
  sectionId: r.section_id ?? null,
  authorId: r.author_id ?? null,
  body: r.body,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  editedAt: r.edited_at == null ? null : Number(r.edited_at),
});

export class DiscussionsRepository {
  constructor(private readonly knex: Knex) {}

  /** The node or section, when the actor may read it. */
  async readableTarget(actor: Actor, type: TargetType, id: string, db: Db = this.knex): Promise<Target | undefined> {
    if (type === 'node') {
      const row = await db('org_nodes').where({ id, workspace_id: actor.workspaceId }).first();
      return row ? { type, id: row.id, workspaceId: row.workspace_id, title: row.name, sectionKind: null, nodeId: row.id, personId: null } : undefined;
    }
    const row = await db('sections as s').modify(filters.readableSections(actor, 's')).where('s.id', id).select('s.*').first();
    return row ? { type, id: row.id, workspaceId: row.workspace_id, title: row.title ?? null, sectionKind: row.kind, nodeId: row.node_id ?? null, personId: row.person_id ?? null } : undefined;
  }

  private column(type: TargetType): 'node_id' | 'section_id' {
    return type === 'node' ? 'node_id' : 'section_id';
  }

  async thread(target: Target): Promise<CommentView[]> {
    const rows: Row[] = await this.knex('comments as c')
      .leftJoin('users as u', 'u.id', 'c.author_id')
      .where({ [`c.${this.column(target.type)}`]: target.id, 'c.workspace_id': target.workspaceId })
      .select('c.*', 'u.first_name', 'u.last_name', photoVersionColumn(this.knex, 'c.author_id'))
      .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }])
      .limit(1000);
    return this.withMentions(rows);
  }

  private async withMentions(rows: Row[]): Promise<CommentView[]> {
    const mentions: Row[] = rows.length
      ? await this.knex('comment_mentions as m').join('users as u', 'u.id', 'm.user_id').whereIn('m.comment_id', rows.map((r) => r.id)).select('m.comment_id', 'u.id', 'u.email', 'u.first_name', 'u.last_name')
      : [];
    return rows.map((r) => ({
      ...fromRow(r),
      author: r.author_id ? { id: r.author_id, firstName: r.first_name, lastName: r.last_name, photo: r.photo_etag ?? null } : null,
      mentions: mentions.filter((m) => m.comment_id === r.id).map((m) => ({ id: m.id, email: m.email, firstName: m.first_name, lastName: m.last_name })),
    }));
  }

  /** A comment the actor may read. */
  async findReadable(actor: Actor, id: string): Promise<CommentView | undefined> {
    const rows: Row[] = await this.knex('comments as c')
      .modify(filters.readableComments(actor, 'c'))
      .leftJoin('users as u', 'u.id', 'c.author_id')
      .where('c.id', id)
      .select('c.*', 'u.first_name', 'u.last_name', photoVersionColumn(this.knex, 'c.author_id'));
    return (await this.withMentions(rows))[0];
  }

  async insert(comment: Comment, mentionIds: string[], trx: Knex.Transaction): Promise<void> {
    await trx('comments').insert({
      id: comment.id,
      workspace_id: comment.workspaceId,
      node_id: comment.nodeId,
      section_id: comment.sectionId,
      author_id: comment.authorId,
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      edited_at: null,
    });
    await this.setMentions(comment.id, comment.workspaceId, mentionIds, trx);
  }

  async update(id: string, body: string, at: number, trx: Knex.Transaction): Promise<void> {
    await trx('comments').where({ id }).update({ body, updated_at: at, edited_at: at });
  }

  async setMentions(commentId: string, workspaceId: string, userIds: string[], trx: Knex.Transaction): Promise<void> {
    await trx('comment_mentions').where({ comment_id: commentId }).delete();
    if (userIds.length) await trx('comment_mentions').insert(userIds.map((user_id) => ({ comment_id: commentId, user_id, workspace_id: workspaceId })));
  }

  async delete(id: string): Promise<void> {
    await this.knex('comments').where({ id }).delete();
  }

  /** Everyone who wrote in the thread (they are told about replies). */
  async participants(target: Target, trx: Db = this.knex): Promise<string[]> {
    const rows: Row[] = await trx('comments').where({ [this.column(target.type)]: target.id, workspace_id: target.workspaceId }).whereNotNull('author_id').distinct('author_id');
    return rows.map((r) => r.author_id as string);
  }

  /** Active colleagues of the workspace with these emails (a mention of anyone else is plain text). */
  async usersByEmail(workspaceId: string, emails: string[]): Promise<Array<{ id: string; workspaceId: string; role: 'member' | 'admin' }>> {
    if (!emails.length) return [];
    const rows: Row[] = await this.knex('users').where({ workspace_id: workspaceId, status: 'active' }).whereIn('email_lower', emails).select('id', 'workspace_id', 'role');
    return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, role: r.role }));
  }

  async usersByIds(workspaceId: string, ids: string[]): Promise<Array<{ id: string; workspaceId: string; role: 'member' | 'admin' }>> {
    if (!ids.length) return [];
    const rows: Row[] = await this.knex('users').where({ workspace_id: workspaceId, status: 'active' }).whereIn('id', ids).select('id', 'workspace_id', 'role');
    return rows.map((r) => ({ id: r.id, workspaceId: r.workspace_id, role: r.role }));
  }

  async countFor(actor: Actor, type: TargetType, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const column = this.column(type);
    const rows: Row[] = await this.knex('comments').where({ workspace_id: actor.workspaceId }).whereIn(column, ids).groupBy(column).select(column).count({ n: '*' });
    return new Map(rows.map((r) => [r[column] as string, Number(r.n)]));
  }
}
