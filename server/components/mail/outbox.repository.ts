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
const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
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
   * Records a batch's outcomes in one short transaction: one UPDATE per kind of outcome and 50 rows,
   * each row's own values picked with CASE (whose cost grows with the rows it lists: 50 was the
   * quickest of 25, 50 and 100). On SQLite the one connection is held while this runs and every
   * page's query waits for it: 200 awaited updates held it 27-95 ms on a busy machine, this 11-21 ms
   * (bench mail-outbox-record). Each update still checks the row is `sending`.
   */
  async record(outcomes: Outcome[]): Promise<void> {
    if (!outcomes.length) return;
    const of = <K extends Outcome['kind']>(kind: K) => outcomes.filter((o): o is Extract<Outcome, { kind: K }> => o.kind === kind);
    await this.knex.transaction(async (trx) => {
      for (const chunk of chunks(of('sent'), 50)) {
        await this.updateEach(trx, chunk, { status: 'sent', data: null, claimed_until: null, last_error: null }, { subject: ['text', (o) => o.subject], message_id: ['text', (o) => o.messageId], attempts: ['bigint', (o) => o.attempts], finished_at: ['bigint', (o) => o.at] });
      }
      for (const chunk of chunks(of('retry'), 50)) {
        await this.updateEach(trx, chunk, { status: 'queued', claimed_until: null }, { attempts: ['bigint', (o) => o.attempts], next_attempt_at: ['bigint', (o) => o.nextAttemptAt], last_error: ['text', (o) => o.error], subject: ['text', (o) => o.subject] });
      }
      for (const chunk of chunks(of('failed'), 50)) {
        await this.updateEach(trx, chunk, { status: 'failed', claimed_until: null }, { attempts: ['bigint', (o) => o.attempts], finished_at: ['bigint', (o) => o.at], last_error: ['text', (o) => o.error], subject: ['text', (o) => o.subject] });
      }
      for (const chunk of chunks(of('skipped'), 50)) {
        await this.updateEach(trx, chunk, { status: 'skipped', claimed_until: null, data: null }, { finished_at: ['bigint', (o) => o.at], last_error: ['text', (o) => o.reason] });
      }
    });
  }

  /** One UPDATE of `sending` rows: the same values for all, and per-row values as CASE id WHEN ... (typed for PostgreSQL). */
  private async updateEach<O extends { id: string }>(trx: Knex.Transaction, rows: O[], same: Row, each: Record<string, ['text' | 'bigint', (o: O) => string | number | null]>): Promise<void> {
    const changes: Row = { ...same };
    for (const [column, [type, value]] of Object.entries(each)) {
      const cases = rows.map(() => `WHEN ? THEN CAST(? AS ${type})`).join(' ');
      changes[column] = trx.raw(`CASE id ${cases} END`, rows.flatMap((o) => [o.id, value(o)]));
    }
    await trx('email_outbox').whereIn('id', rows.map((o) => o.id)).where({ status: 'sending' }).update(changes);
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
