// Audit log storage: knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';

export type ActorKind = 'user' | 'system' | 'cli';

export interface AuditEntryRow {
  id: string;
  seq: number;
  workspaceId: string | null;
  createdAt: number;
  action: string;
  actorKind: ActorKind;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: string;
  prevHash: string;
  hash: string;
}

export interface AuditActor {
  id: string;
  workspaceId: string | null;
  userId: string | null;
  email: string | null;
  displayName: string | null;
  createdAt: number;
  erasedAt: number | null;
}

export interface ChainHead {
  firstSeq: number;
  anchorHash: string;
  lastSeq: number;
  lastHash: string;
}

export interface AuditFilter {
  action?: string;
  /** Matches the actor's email or name (case-insensitive substring), or an exact audit actor id. */
  actor?: string;
  from?: number;
  to?: number;
  workspaceId?: string;
}

type Row = Record<string, unknown>;
const nullable = (v: unknown) => (v === null || v === undefined ? null : (v as string));

const entryFromRow = (r: Row): AuditEntryRow => ({
  id: r.id as string,
  seq: Number(r.seq),
  workspaceId: nullable(r.workspace_id),
  createdAt: Number(r.created_at),
  action: r.action as string,
  actorKind: r.actor_kind as ActorKind,
  actorId: nullable(r.actor_id),
  targetType: nullable(r.target_type),
  targetId: nullable(r.target_id),
  details: r.details as string,
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
});

const actorFromRow = (r: Row): AuditActor => ({
  id: r.id as string,
  workspaceId: nullable(r.workspace_id),
  userId: nullable(r.user_id),
  email: nullable(r.email),
  displayName: nullable(r.display_name),
  createdAt: Number(r.created_at),
  erasedAt: r.erased_at === null || r.erased_at === undefined ? null : Number(r.erased_at),
});

const HEAD = 'main';

export class AuditRepository {
  constructor(private readonly knex: Knex) {}

  private db(trx?: Knex.Transaction) {
    return trx ?? this.knex;
  }

  /**
   * Takes the chain's write lock: a write to the head row first, so that on PostgreSQL the row lock
   * and on SQLite the database write lock are held before anything is read (no stale snapshot).
   */
  async lockHead(trx: Knex.Transaction): Promise<ChainHead> {
    await trx('audit_chain').where({ id: HEAD }).update({ updated_at: Date.now() });
    return this.head(trx);
  }

  async head(trx?: Knex.Transaction): Promise<ChainHead> {
    const r = await this.db(trx)('audit_chain').where({ id: HEAD }).first();
    if (!r) throw new Error('audit_chain head row is missing: run the migrations');
    return { firstSeq: Number(r.first_seq), anchorHash: r.anchor_hash, lastSeq: Number(r.last_seq), lastHash: r.last_hash };
  }

  async setHead(head: ChainHead, trx: Knex.Transaction): Promise<void> {
    await trx('audit_chain').where({ id: HEAD }).update({ first_seq: head.firstSeq, anchor_hash: head.anchorHash, last_seq: head.lastSeq, last_hash: head.lastHash, updated_at: Date.now() });
  }

  async insertEntry(e: AuditEntryRow, trx: Knex.Transaction): Promise<void> {
    await trx('audit_entries').insert({
      id: e.id,
      seq: e.seq,
      workspace_id: e.workspaceId,
      created_at: e.createdAt,
      action: e.action,
      actor_kind: e.actorKind,
      actor_id: e.actorId,
      target_type: e.targetType,
      target_id: e.targetId,
      details: e.details,
      prev_hash: e.prevHash,
      hash: e.hash,
    });
  }

  /** Entries in chain order, from seq `after` (exclusive), at most `limit`. */
  async entriesAfter(after: number, limit: number, trx?: Knex.Transaction): Promise<AuditEntryRow[]> {
    return (await this.db(trx)('audit_entries').where('seq', '>', after).orderBy('seq').limit(limit)).map(entryFromRow);
  }

  async entriesSince(since: number, afterSeq: number, limit: number): Promise<AuditEntryRow[]> {
    return (await this.knex('audit_entries').where('created_at', '>=', since).andWhere('seq', '>', afterSeq).orderBy('seq').limit(limit)).map(entryFromRow);
  }

  private filtered(filter: AuditFilter) {
    const q = this.knex('audit_entries as e').leftJoin('audit_actors as a', 'a.id', 'e.actor_id');
    if (filter.action) q.where((w) => w.where('e.action', filter.action!).orWhere('e.action', 'like', `${filter.action!.replace(/[\\%_]/g, '\\$&')}.%`));
    if (filter.actor) {
      const needle = `%${filter.actor.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      q.where((w) =>
        w
          .where('e.actor_id', filter.actor!)
          .orWhereRaw(`lower(a.email) like ? escape '\\'`, [needle])
          .orWhereRaw(`lower(a.display_name) like ? escape '\\'`, [needle])
          .orWhere('e.actor_kind', filter.actor!.toLowerCase()),
      );
    }
    if (filter.from !== undefined) q.where('e.created_at', '>=', filter.from);
    if (filter.to !== undefined) q.where('e.created_at', '<', filter.to);
    if (filter.workspaceId) q.where((w) => w.where('e.workspace_id', filter.workspaceId!).orWhereNull('e.workspace_id'));
    return q;
  }

  async search(filter: AuditFilter, offset: number, limit: number): Promise<Array<AuditEntryRow & { actor: AuditActor | null }>> {
    const rows = await this.filtered(filter)
      .select('e.*', 'a.id as a_id', 'a.workspace_id as a_workspace_id', 'a.user_id as a_user_id', 'a.email as a_email', 'a.display_name as a_display_name', 'a.created_at as a_created_at', 'a.erased_at as a_erased_at')
      .orderBy('e.seq', 'desc')
      .offset(offset)
      .limit(limit);
    return rows.map((r: Row) => ({
      ...entryFromRow(r),
      actor: r.a_id ? actorFromRow({ id: r.a_id, workspace_id: r.a_workspace_id, user_id: r.a_user_id, email: r.a_email, display_name: r.a_display_name, created_at: r.a_created_at, erased_at: r.a_erased_at }) : null,
    }));
  }

  async count(filter: AuditFilter): Promise<number> {
    const row = await this.filtered(filter).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async distinctActions(): Promise<string[]> {
    return (await this.knex('audit_entries').distinct('action').orderBy('action')).map((r: Row) => r.action as string);
  }

  async actorByUser(userId: string, trx?: Knex.Transaction): Promise<AuditActor | undefined> {
    const r = await this.db(trx)('audit_actors').where({ user_id: userId }).first();
    return r ? actorFromRow(r) : undefined;
  }

  async actorsByIds(ids: string[]): Promise<Map<string, AuditActor>> {
    const map = new Map<string, AuditActor>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await this.knex('audit_actors').whereIn('id', ids.slice(i, i + 500))) map.set(r.id, actorFromRow(r));
    }
    return map;
  }

  async insertActor(a: AuditActor, trx: Knex.Transaction): Promise<void> {
    await trx('audit_actors').insert({ id: a.id, workspace_id: a.workspaceId, user_id: a.userId, email: a.email, display_name: a.displayName, created_at: a.createdAt, erased_at: a.erasedAt });
  }

  /** Blanks the identity behind a user's audit id; the chained entries are untouched. */
  async eraseActor(userId: string, at: number, trx?: Knex.Transaction): Promise<number> {
    return this.db(trx)('audit_actors').where({ user_id: userId }).update({ user_id: null, email: null, display_name: null, erased_at: at });
  }

  /** The oldest entries (from the chain's start) created before `cutoff`: at most `limit`, in order. */
  async oldestBefore(cutoff: number, fromSeq: number, limit: number, trx?: Knex.Transaction): Promise<Array<{ seq: number; createdAt: number; hash: string }>> {
    const rows = await this.db(trx)('audit_entries').select('seq', 'created_at', 'hash').where('seq', '>=', fromSeq).orderBy('seq').limit(limit);
    const prefix: Array<{ seq: number; createdAt: number; hash: string }> = [];
    for (const r of rows) {
      if (Number(r.created_at) >= cutoff) break;
      prefix.push({ seq: Number(r.seq), createdAt: Number(r.created_at), hash: r.hash });
    }
    return prefix;
  }

  async deleteUpTo(seq: number, trx: Knex.Transaction): Promise<number> {
    return trx('audit_entries').where('seq', '<=', seq).delete();
  }

  async countBefore(cutoff: number): Promise<number> {
    const row = await this.knex('audit_entries').where('created_at', '<', cutoff).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}
