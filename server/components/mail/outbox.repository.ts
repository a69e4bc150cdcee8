// The outbox table: queueing (in the caller's transaction), claiming rows for one sender at a time,
// and recording each delivery's outcome. Knex only, plain objects.
import type { Knex } from 'knex';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';
export const outboxStatuses: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'skipped'];

export interface OutboxRow {
  id: string;
  workspaceId: string;
  userId: string | null;
  to: string;
  category: string;
  template: string;
  language: string;
  timeZone: string | null;
  data: Record<string, unknown> | null;
  subject: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** What became of one claimed row (the sender records a batch's outcomes together). */
export type Outcome =
  | { kind: 'sent'; id: string; at: number; subject: string; messageId: string | null; attempts: number }
  | { kind: 'retry'; id: string; attempts: number; nextAttemptAt: number; error: string; subject: string | null }
  | { kind: 'failed'; id: string; at: number; attempts: number; error: string; subject: string | null }
  | { kind: 'skipped'; id: string; at: number; reason: string };

export type NewOutboxRow = Pick<OutboxRow, 'id' | 'workspaceId' | 'userId' | 'to' | 'category' | 'template' | 'language' | 'timeZone' | 'data' | 'createdAt'> & { subject?: string | null };

type Db = Knex | Knex.Transaction;
type Row = Record<string, any>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function fromRow(r: Row): OutboxRow {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    userId: r.user_id,
    to: r.to_address,
    category: r.category,
    template: r.template,
    language: r.language,
    timeZone: r.time_zone,
    data: r.data ? JSON.parse(r.data) : null,
    subject: r.subject,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: r.last_error,
    messageId: r.message_id,
    createdAt: Number(r.created_at),
    finishedAt: num(r.finished_at),
  };
}

export interface OutboxSearch {
  recipient?: string;
  category?: string;
  status?: OutboxStatus;
  limit?: number;
}

export class OutboxRepository {
  constructor(private readonly knex: Knex) {}

  async insertMany(rows: NewOutboxRow[], db: Db = this.knex): Promise<void> {
    if (!rows.length) return;
    const records = rows.map((r) => ({
      id: r.id,
      workspace_id: r.workspaceId,
      user_id: r.userId,
      to_address: r.to,
      to_lower: r.to.toLowerCase(),
      category: r.category,
      template: r.template,
      language: r.language,
      time_zone: r.timeZone,
      data: r.data ? JSON.stringify(r.data) : null,
      subject: r.subject ?? null,
      status: 'queued',
      attempts: 0,
      next_attempt_at: r.createdAt,
      created_at: r.createdAt,
    }));
    // Announcements to a whole workspace: bounded statements (SQLite's variable limit).
    for (let i = 0; i < records.length; i += 500) await db('email_outbox').insert(records.slice(i, i + 500));
  }

  /**
   * Claims up to `limit` due rows for this sender until `claimedUntil`: queued rows whose time has
   * come, and rows left `sending` by a sender that died (its claim expired). The update re-checks
   * the status, so a row claimed by someone else in between is not taken twice.
   */
  async claim(at: number, claimedUntil: number, limit: number, onlyIds?: string[]): Promise<OutboxRow[]> {
    const candidates: Row[] = await this.knex('email_outbox')
      .where((due) => due.where((w) => w.where({ status: 'queued' }).andWhere('next_attempt_at', '<=', at)).orWhere((w) => w.where({ status: 'sending' }).andWhere('claimed_until', '<', at)))
      .modify((q) => {
        if (onlyIds) q.whereIn('id', onlyIds);
      })
      .orderBy('next_attempt_at')
      .limit(limit)
      .select('id', 'status', 'claimed_until');
    if (!candidates.length) return [];
    const claimed: string[] = [];
    await this.knex.transaction(async (trx) => {
      const queued = candidates.filter((c) => c.status === 'queued').map((c) => c.id);
      for (let i = 0; i < queued.length; i += 500) {
        const ids = queued.slice(i, i + 500);
        await trx('email_outbox').whereIn('id', ids).where({ status: 'queued' }).update({ status: 'sending', claimed_until: claimedUntil });
      }
      for (const stale of candidates.filter((c) => c.status === 'sending')) {
        await trx('email_outbox').where({ id: stale.id, status: 'sending', claimed_until: stale.claimed_until }).update({ claimed_until: claimedUntil });
      }
      // What this transaction now holds: rows it moved to `sending` with its own claim time.
      for (let i = 0; i < candidates.length; i += 500) {
        const rows: Row[] = await trx('email_outbox').whereIn('id', candidates.slice(i, i + 500).map((c) => c.id)).where({ status: 'sending', claimed_until: claimedUntil }).select('id');
        claimed.push(...rows.map((r) => r.id));
      }
    });
    const rows: Row[] = [];
    for (let i = 0; i < claimed.length; i += 500) rows.push(...(await this.knex('email_outbox').whereIn('id', claimed.slice(i, i + 500))));
    return rows.map(fromRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  }

  /**
   * Records a batch's outcomes in one transaction: on SQLite one commit for a batch instead of one
   * per email (the delivery rate depended on it). Each update still checks the row is `sending`.
   */
  async record(outcomes: Outcome[]): Promise<void> {
    if (!outcomes.length) return;
    await this.knex.transaction(async (trx) => {
      for (const o of outcomes) {
        const row = trx('email_outbox').where({ id: o.id, status: 'sending' });
        if (o.kind === 'sent') await row.update({ status: 'sent', subject: o.subject, message_id: o.messageId, data: null, attempts: o.attempts, finished_at: o.at, claimed_until: null, last_error: null });
        else if (o.kind === 'retry') await row.update({ status: 'queued', attempts: o.attempts, next_attempt_at: o.nextAttemptAt, last_error: o.error, claimed_until: null, subject: o.subject });
        else if (o.kind === 'failed') await row.update({ status: 'failed', attempts: o.attempts, finished_at: o.at, last_error: o.error, claimed_until: null, subject: o.subject });
        else await row.update({ status: 'skipped', finished_at: o.at, last_error: o.reason, claimed_until: null, data: null });
      }
    });
  }

  /** An admin's retry: a failed email (its content is kept until it is sent or ages out) goes back to the queue, due now. */
  async requeue(id: string, at: number): Promise<boolean> {
    const changed = await this.knex('email_outbox').where({ id }).whereIn('status', ['failed']).whereNotNull('data').update({ status: 'queued', next_attempt_at: at, finished_at: null, attempts: 0 });
    return changed === 1;
  }

  async find(id: string): Promise<OutboxRow | undefined> {
    const row = await this.knex('email_outbox').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async search(workspaceId: string | null, query: OutboxSearch): Promise<OutboxRow[]> {
    const q = this.knex('email_outbox').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(query.limit ?? 100);
    if (workspaceId) q.where({ workspace_id: workspaceId });
    if (query.recipient) q.where('to_lower', 'like', `%${query.recipient.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    if (query.category) q.where({ category: query.category });
    if (query.status) q.where({ status: query.status });
    return (await q).map(fromRow);
  }

  async counts(): Promise<{ byStatus: Record<string, number>; oldestQueuedAt: number | null }> {
    const rows: Row[] = await this.knex('email_outbox').select('status').count({ n: '*' }).groupBy('status');
    const oldest = await this.knex('email_outbox').whereIn('status', ['queued', 'sending']).min({ at: 'created_at' }).first();
    return { byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), oldestQueuedAt: num(oldest?.at) };
  }
}
