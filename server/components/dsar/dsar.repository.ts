// The register of data subject requests, its notes and results, and processing restrictions:
// knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';

export const requestTypes = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'] as const;
export type RequestType = (typeof requestTypes)[number];
export const requestStatuses = ['received', 'verifying_identity', 'in_progress', 'extended', 'completed', 'rejected'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const closedStatuses: RequestStatus[] = ['completed', 'rejected'];
export const channels = ['self_service', 'web', 'email', 'phone', 'letter', 'cli', 'other'] as const;
export type Channel = (typeof channels)[number];

export interface DsarRequest {
  id: string;
  workspaceId: string;
  type: RequestType;
  subjectUserId: string | null;
  subjectEmail: string | null;
  subjectName: string | null;
  erasureLedgerId: string | null;
  channel: Channel;
  filedByUserId: string | null;
  filedByLabel: string;
  details: string | null;
  receivedAt: number;
  receivedOn: string;
  dueOn: string;
  originalDueOn: string;
  status: RequestStatus;
  statusReason: string | null;
  assigneeId: string | null;
  /** The assignee's name, joined for people reading the queue. */
  assigneeName: string | null;
  remindersSent: number[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export interface DsarNote {
  id: string;
  requestId: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: number;
}

export interface DsarResult {
  id: string;
  requestId: string;
  kind: string;
  summary: Record<string, unknown>;
  createdBy: string | null;
  createdAt: number;
}

type Row = Record<string, any>;
type Db = Knex | Knex.Transaction;

const fromRow = (r: Row): DsarRequest => ({
  id: r.id,
  workspaceId: r.workspace_id,
  type: r.type,
  subjectUserId: r.subject_user_id ?? null,
  subjectEmail: r.subject_email ?? null,
  subjectName: r.subject_name ?? null,
  erasureLedgerId: r.erasure_ledger_id ?? null,
  channel: r.channel,
  filedByUserId: r.filed_by_user_id ?? null,
  filedByLabel: r.filed_by_label,
  details: r.details ?? null,
  receivedAt: Number(r.received_at),
  receivedOn: r.received_on,
  dueOn: r.due_on,
  originalDueOn: r.original_due_on,
  status: r.status,
  statusReason: r.status_reason ?? null,
  assigneeId: r.assignee_id ?? null,
  assigneeName: r.assignee_first_name ? `${r.assignee_first_name} ${r.assignee_last_name}` : null,
  remindersSent: String(r.reminders_sent ?? '').split(',').filter(Boolean).map(Number),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  closedAt: r.closed_at === null || r.closed_at === undefined ? null : Number(r.closed_at),
});

export type NewRequest = Omit<DsarRequest, 'assigneeName' | 'remindersSent' | 'closedAt' | 'updatedAt' | 'erasureLedgerId' | 'statusReason' | 'assigneeId'>;
export type RequestChanges = Partial<Pick<DsarRequest, 'status' | 'statusReason' | 'dueOn' | 'assigneeId' | 'closedAt' | 'subjectUserId' | 'subjectEmail' | 'subjectName' | 'erasureLedgerId' | 'details'>>;

export class DsarRepository {
  constructor(private readonly knex: Knex) {}

  private select(db: Db = this.knex) {
    return db('dsar_requests as r').leftJoin('users as a', 'a.id', 'r.assignee_id').select('r.*', 'a.first_name as assignee_first_name', 'a.last_name as assignee_last_name');
  }

  async insert(r: NewRequest, db: Db = this.knex): Promise<void> {
    await db('dsar_requests').insert({
      id: r.id,
      workspace_id: r.workspaceId,
      type: r.type,
      subject_user_id: r.subjectUserId,
      subject_email: r.subjectEmail,
      subject_email_lower: r.subjectEmail?.toLowerCase() ?? null,
      subject_name: r.subjectName,
      channel: r.channel,
      filed_by_user_id: r.filedByUserId,
      filed_by_label: r.filedByLabel,
      details: r.details,
      received_at: r.receivedAt,
      received_on: r.receivedOn,
      due_on: r.dueOn,
      original_due_on: r.originalDueOn,
      status: r.status,
      created_at: r.createdAt,
      updated_at: r.createdAt,
    });
  }

  async find(workspaceId: string, id: string, db: Db = this.knex): Promise<DsarRequest | undefined> {
    const row = await this.select(db).where({ 'r.id': id, 'r.workspace_id': workspaceId }).first();
    return row ? fromRow(row) : undefined;
  }

  /** The queue: open requests first, by due date; closed ones after, most recently closed first. */
  async list(workspaceId: string, filter: { open?: boolean; subjectUserId?: string; limit?: number } = {}): Promise<DsarRequest[]> {
    const q = this.select().where('r.workspace_id', workspaceId);
    if (filter.open === true) q.whereNotIn('r.status', closedStatuses);
    if (filter.open === false) q.whereIn('r.status', closedStatuses);
    if (filter.subjectUserId) q.where('r.subject_user_id', filter.subjectUserId);
    q.orderByRaw(`CASE WHEN r.status IN ('completed', 'rejected') THEN 1 ELSE 0 END`).orderBy('r.due_on').orderBy('r.received_at').orderBy('r.id').limit(filter.limit ?? 500);
    return (await q).map(fromRow);
  }

  /** Every open request of every workspace (reminders, metrics). */
  async allOpen(): Promise<DsarRequest[]> {
    return (await this.select().whereNotIn('r.status', closedStatuses).orderBy('r.due_on')).map(fromRow);
  }

  async update(id: string, changes: RequestChanges, at: number, db: Db = this.knex): Promise<void> {
    const row: Row = { updated_at: at };
    const map: Record<string, string> = { status: 'status', statusReason: 'status_reason', dueOn: 'due_on', assigneeId: 'assignee_id', closedAt: 'closed_at', subjectUserId: 'subject_user_id', subjectEmail: 'subject_email', subjectName: 'subject_name', erasureLedgerId: 'erasure_ledger_id', details: 'details' };
    for (const [key, column] of Object.entries(map)) {
      const value = changes[key as keyof RequestChanges];
      if (value !== undefined) row[column] = value;
    }
    if (changes.subjectEmail !== undefined) row.subject_email_lower = changes.subjectEmail?.toLowerCase() ?? null;
    await db('dsar_requests').where({ id }).update(row);
  }

  /** Marks a reminder sent unless another process already did; true when this call marked it. */
  async markReminder(id: string, before: number[], days: number[]): Promise<boolean> {
    const encode = (list: number[]) => [...new Set(list)].sort((a, b) => b - a).join(',');
    const changed = await this.knex('dsar_requests').where({ id, reminders_sent: encode(before) }).update({ reminders_sent: encode([...before, ...days]) });
    return changed === 1;
  }

  /** Blanks the identity of an erased subject on every request about them (keeps the proof of the answer). */
  async forgetSubject(userId: string, ledgerId: string | null, email: string | null, db: Db): Promise<number> {
    const about = (w: Knex.QueryBuilder) => {
      w.where('subject_user_id', userId);
      if (email) w.orWhere('subject_email_lower', email.toLowerCase());
    };
    // Rectifications keep the old and new values: they are the subject's data too.
    await db('dsar_results').where({ kind: 'rectification' }).whereIn('request_id', (s) => s.select('id').from('dsar_requests').where(about)).delete();
    return db('dsar_requests').where(about).update({ subject_user_id: null, subject_email: null, subject_email_lower: null, subject_name: null, details: null, erasure_ledger_id: ledgerId });
  }

  async countOpen(at: string): Promise<{ open: number; overdue: number }> {
    const open = await this.knex('dsar_requests').whereNotIn('status', closedStatuses).count<{ n: number }[]>({ n: '*' }).first();
    const overdue = await this.knex('dsar_requests').whereNotIn('status', closedStatuses).where('due_on', '<', at).count<{ n: number }[]>({ n: '*' }).first();
    return { open: Number(open?.n ?? 0), overdue: Number(overdue?.n ?? 0) };
  }

  // ---- notes and results ----

  async addNote(note: { id: string; workspaceId: string; requestId: string; authorId: string | null; body: string; createdAt: number }, db: Db = this.knex): Promise<void> {
    await db('dsar_notes').insert({ id: note.id, workspace_id: note.workspaceId, request_id: note.requestId, author_id: note.authorId, body: note.body, created_at: note.createdAt });
  }

  async notes(requestId: string): Promise<DsarNote[]> {
    const rows: Row[] = await this.knex('dsar_notes as n').leftJoin('users as u', 'u.id', 'n.author_id').where('n.request_id', requestId).select('n.*', 'u.first_name', 'u.last_name').orderBy('n.created_at');
    return rows.map((r) => ({ id: r.id, requestId: r.request_id, authorId: r.author_id ?? null, authorName: r.first_name ? `${r.first_name} ${r.last_name}` : null, body: r.body, createdAt: Number(r.created_at) }));
  }

  async addResult(result: { id: string; workspaceId: string; requestId: string; kind: string; summary: Record<string, unknown>; createdBy: string | null; createdAt: number }, db: Db = this.knex): Promise<void> {
    await db('dsar_results').insert({ id: result.id, workspace_id: result.workspaceId, request_id: result.requestId, kind: result.kind, summary: JSON.stringify(result.summary), created_by: result.createdBy, created_at: result.createdAt });
  }

  async results(requestId: string): Promise<DsarResult[]> {
    const rows: Row[] = await this.knex('dsar_results').where({ request_id: requestId }).orderBy('created_at').orderBy('id');
    return rows.map((r) => ({ id: r.id, requestId: r.request_id, kind: r.kind, summary: JSON.parse(r.summary), createdBy: r.created_by ?? null, createdAt: Number(r.created_at) }));
  }

  // ---- restrictions ----

  async activeRestriction(userId: string, db: Db = this.knex): Promise<{ id: string; requestId: string | null; createdAt: number } | undefined> {
    const row = await db('processing_restrictions').where({ user_id: userId }).whereNull('lifted_at').first();
    return row ? { id: row.id, requestId: row.request_id ?? null, createdAt: Number(row.created_at) } : undefined;
  }

  async restrict(r: { id: string; workspaceId: string; userId: string; requestId: string | null; createdAt: number }, db: Db = this.knex): Promise<void> {
    await db('processing_restrictions').insert({ id: r.id, workspace_id: r.workspaceId, user_id: r.userId, request_id: r.requestId, created_at: r.createdAt });
  }

  async lift(userId: string, at: number, db: Db = this.knex): Promise<number> {
    return db('processing_restrictions').where({ user_id: userId }).whereNull('lifted_at').update({ lifted_at: at });
  }

  /** Of these people, those whose processing is restricted now. */
  async restrictedAmong(userIds: string[], db: Db = this.knex): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows: Row[] = await db('processing_restrictions').whereIn('user_id', userIds).whereNull('lifted_at').select('user_id');
    return new Set(rows.map((r) => r.user_id as string));
  }

  async devicesOf(userId: string): Promise<Array<{ id: string; deviceType: string | null; os: string | null; browser: string | null; lastSeenAt: number }>> {
    const rows: Row[] = await this.knex('devices').where({ user_id: userId }).orderBy('last_seen_at', 'desc').limit(50);
    return rows.map((r) => ({ id: r.id, deviceType: r.device_type ?? null, os: r.os ?? null, browser: r.browser ?? null, lastSeenAt: Number(r.last_seen_at) }));
  }

  /** Privacy contacts of a workspace: active users with the privacy role, else the admins. */
  async privacyContacts(workspaceId: string): Promise<string[]> {
    const rows: Row[] = await this.knex('users').where({ workspace_id: workspaceId, status: 'active' }).whereIn('role', ['privacy', 'admin']).select('id', 'role');
    const privacy = rows.filter((r) => r.role === 'privacy');
    return (privacy.length ? privacy : rows).map((r) => r.id as string);
  }
}
