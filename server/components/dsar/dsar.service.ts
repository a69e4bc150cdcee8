// The register of data subject requests: opening (due date = received + N business days), the
// status steps, assignment, notes, extension, closing; rectification, restriction, the access
// export and the reminders. Every step writes an audit entry in the same transaction; chained
// entries hold ids, types and hashes, never names, emails or free text (they cannot be erased).
import type { AuditAction } from '../audit/audit-actions.js';
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, now, sha256 } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { BusinessCalendar } from './business-days.js';
import type { DsarConfig } from './dsar.config.js';
import { closedStatuses, type DsarNote, type DsarRepository, type DsarRequest, type DsarResult, type RequestType } from './dsar.repository.js';
import { rectifiable, type OpenInput, type RectifyInput } from './dsar.schema.js';
import type { AccessExporter, ExportSubject, ExportSummary } from './export.js';

/** Who handles a request: a privacy contact or admin in the browser, the CLI, or the subject (self-service). */
export interface Handler {
  userId: string | null;
  role: 'admin' | 'privacy' | 'member' | 'cli';
  label: string;
  /** The handler's workspace; null for the CLI (every workspace). */
  workspaceId: string | null;
}

export const cliHandler = (label: string): Handler => ({ userId: null, role: 'cli', label, workspaceId: null });
export const handlerOf = (user: User): Handler => ({ userId: user.id, role: user.role as Handler['role'], label: user.role === 'admin' || user.role === 'privacy' ? `${user.role} ${user.id}` : 'self', workspaceId: user.workspaceId });
export const auditActor = (h: Handler): Actor => (h.userId ? { kind: 'user', userId: h.userId } : { kind: 'cli' });

export interface RequestView extends DsarRequest {
  /** Business days until the due date (0 = due today; negative = overdue by that many). */
  businessDaysLeft: number;
  overdue: boolean;
  open: boolean;
}

export interface RequestDetail {
  request: RequestView;
  notes: DsarNote[];
  results: DsarResult[];
  restricted: boolean;
}

/** Ends a writable and waits until everything is flushed (a file is complete, a response sent). */
function endStream(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

export class DsarService {
  constructor(
    private readonly knex: Knex,
    private readonly repo: DsarRepository,
    private readonly users: UsersRepository,
    private readonly workspaces: WorkspacesService,
    private readonly calendar: BusinessCalendar,
    private readonly config: DsarConfig,
    private readonly audit: AuditService,
    private readonly exporter: AccessExporter,
    private readonly notifications: NotificationsService,
    private readonly logger: Logger,
  ) {}

  /** The person a request is about hears of each change of its status, in the app (and by email once mail delivery lands). */
  private async tellSubject(r: DsarRequest, trx: Knex.Transaction): Promise<void> {
    if (r.subjectUserId) await this.notifications.recordDsarUpdate(trx, { workspaceId: r.workspaceId, userId: r.subjectUserId, requestId: r.id });
  }

  today(at = now()): string {
    return this.calendar.dayOf(at);
  }

  view(r: DsarRequest, at = now()): RequestView {
    const open = !closedStatuses.includes(r.status);
    const left = this.calendar.businessDaysBetween(this.today(at), r.dueOn);
    return { ...r, businessDaysLeft: left, overdue: open && this.today(at) > r.dueOn, open };
  }

  private record(h: Handler, action: AuditAction, r: Pick<DsarRequest, 'id' | 'workspaceId'>, details: Record<string, unknown>, trx?: Knex.Transaction) {
    return this.audit.record(auditActor(h), action, { workspaceId: r.workspaceId, target: { type: 'dsar_request', id: r.id }, details }, trx);
  }

  // ---- the register ------------------------------------------------------------------------

  async open(input: OpenInput, h: Handler): Promise<RequestView> {
    let subject: User | undefined;
    if (input.user) {
      subject = await this.users.findByEmail(input.user);
      if (!subject || (h.workspaceId && subject.workspaceId !== h.workspaceId)) throw new ValidationError({ user: 'dsar.errors.unknownSubject' });
    } else if (input.email) {
      const account = await this.users.findByEmail(input.email);
      if (account && (!h.workspaceId || account.workspaceId === h.workspaceId)) subject = account;
    }
    if (subject && subject.status === 'deleted' && (await this.knex('users').where({ id: subject.id }).whereNotNull('purged_at').first())) throw new ValidationError({ user: 'dsar.errors.alreadyErased' });
    const at = now();
    let receivedAt = at;
    if (input.received) {
      if (input.received > this.today(at)) throw new ValidationError({ received: 'dsar.errors.future' });
      receivedAt = input.received === this.today(at) ? at : Date.parse(`${input.received}T12:00:00Z`);
    }
    const receivedOn = input.received ?? this.today(receivedAt);
    const dueOn = this.calendar.addBusinessDays(receivedOn, this.config.businessDays);
    const workspaceId = subject?.workspaceId ?? h.workspaceId ?? (await this.workspaces.getPrimary()).id;
    const request = {
      id: newId(),
      workspaceId,
      type: input.type,
      subjectUserId: subject?.id ?? null,
      subjectEmail: subject?.email ?? input.email ?? null,
      subjectName: subject ? `${subject.firstName} ${subject.lastName}` : null,
      channel: h.role === 'cli' && input.channel === 'other' ? 'cli' : input.channel,
      filedByUserId: h.userId,
      filedByLabel: h.label.slice(0, 200),
      details: input.details || null,
      receivedAt,
      receivedOn,
      dueOn,
      originalDueOn: dueOn,
      status: 'received' as const,
      createdAt: at,
    };
    await this.knex.transaction(async (trx) => {
      await this.repo.insert(request, trx);
      await this.record(h, 'dsar.open', request, { type: request.type, channel: request.channel, subject: subject ? 'account' : 'email', receivedOn, dueOn }, trx);
    });
    return this.view((await this.repo.find(workspaceId, request.id))!);
  }

  /** A request the handler may see: their workspace's (the CLI sees every workspace). */
  async find(id: string, h: Handler): Promise<DsarRequest> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.knex('dsar_requests').where({ id }).select('workspace_id').first() : undefined;
    const found = row && (!h.workspaceId || row.workspace_id === h.workspaceId) ? await this.repo.find(row.workspace_id, id) : undefined;
    if (!found) throw new NotFoundError('dsar.errors.notFound');
    if (h.role === 'member' && found.subjectUserId !== h.userId) throw new NotFoundError('dsar.errors.notFound');
    return found;
  }

  private async findOpen(id: string, h: Handler, types?: RequestType[]): Promise<DsarRequest> {
    const r = await this.find(id, h);
    if (closedStatuses.includes(r.status)) throw new ConflictError('dsar.errors.closed');
    if (types && !types.includes(r.type)) throw new ConflictError('dsar.errors.wrongType', { type: 'dsar.errors.wrongType' });
    return r;
  }

  async detail(id: string, h: Handler): Promise<RequestDetail> {
    const r = await this.find(id, h);
    return { request: this.view(r), notes: await this.repo.notes(r.id), results: await this.repo.results(r.id), restricted: Boolean(r.subjectUserId && (await this.repo.activeRestriction(r.subjectUserId))) };
  }

  async list(h: Handler, filter: { open?: boolean } = {}): Promise<RequestView[]> {
    const workspaceId = h.workspaceId ?? (await this.workspaces.getPrimary()).id;
    const at = now();
    return (await this.repo.list(workspaceId, filter)).map((r) => this.view(r, at));
  }

  /** The subject's own requests (the privacy center). */
  async mine(user: User): Promise<RequestView[]> {
    const at = now();
    return (await this.repo.list(user.workspaceId, { subjectUserId: user.id })).map((r) => this.view(r, at));
  }

  async setStatus(id: string, status: 'verifying_identity' | 'in_progress', h: Handler): Promise<RequestView> {
    const r = await this.findOpen(id, h);
    await this.knex.transaction(async (trx) => {
      await this.repo.update(r.id, { status }, now(), trx);
      await this.record(h, 'dsar.status', r, { from: r.status, to: status }, trx);
      if (status !== r.status) await this.tellSubject(r, trx);
    });
    return this.view((await this.find(id, h)));
  }

  async extend(id: string, input: { reason: string; days?: number; due?: string }, h: Handler): Promise<RequestView> {
    const r = await this.findOpen(id, h);
    const dueOn = input.due ?? this.calendar.addBusinessDays(r.dueOn, input.days!);
    if (dueOn <= r.dueOn) throw new ValidationError({ due: 'dsar.errors.extendEarlier' });
    await this.knex.transaction(async (trx) => {
      await this.repo.update(r.id, { status: 'extended', statusReason: input.reason, dueOn }, now(), trx);
      await this.record(h, 'dsar.extend', r, { from: r.dueOn, to: dueOn, reasonSha256: sha256(input.reason) }, trx);
      await this.tellSubject(r, trx);
    });
    return this.view(await this.find(id, h));
  }

  async close(id: string, input: { outcome: 'completed' | 'rejected'; reason?: string }, h: Handler): Promise<RequestView> {
    const r = await this.findOpen(id, h);
    if (input.outcome === 'rejected' && (!input.reason || input.reason.length < 3)) throw new ValidationError({ reason: 'dsar.errors.reason' });
    // An erasure completes only when its check found no residue and every mention to review is resolved.
    if (input.outcome === 'completed' && r.type === 'erasure') {
      const open = await this.knex('dsar_mentions').where({ request_id: r.id, status: 'open' }).first(this.knex.raw('1 as hit'));
      const report = await this.knex('dsar_results').where({ request_id: r.id, kind: 'erasure_report' }).orderBy('created_at', 'desc').first('summary');
      if (open || !report || Number(JSON.parse(report.summary).residue ?? 1) !== 0) throw new ConflictError('dsar.errors.hitsOpen');
    }
    await this.knex.transaction(async (trx) => {
      const at = now();
      await this.repo.update(r.id, { status: input.outcome, statusReason: input.reason ?? r.statusReason, closedAt: at }, at, trx);
      await this.record(h, input.outcome === 'completed' ? 'dsar.complete' : 'dsar.reject', r, { from: r.status, onTime: this.today(at) <= r.dueOn, ...(input.reason ? { reasonSha256: sha256(input.reason) } : {}) }, trx);
      await this.tellSubject(r, trx);
    });
    return this.view(await this.find(id, h));
  }

  async assign(id: string, assigneeEmail: string | null, h: Handler): Promise<RequestView> {
    const r = await this.findOpen(id, h);
    let assigneeId: string | null = null;
    if (assigneeEmail) {
      const assignee = await this.users.findByEmail(assigneeEmail);
      if (!assignee || assignee.workspaceId !== r.workspaceId || assignee.status !== 'active' || (assignee.role !== 'admin' && assignee.role !== 'privacy')) throw new ValidationError({ assignee: 'dsar.errors.assignee' });
      assigneeId = assignee.id;
    }
    await this.knex.transaction(async (trx) => {
      await this.repo.update(r.id, { assigneeId }, now(), trx);
      await this.record(h, 'dsar.assign', r, { assignee: assigneeId }, trx);
    });
    return this.view(await this.find(id, h));
  }

  async note(id: string, body: string, h: Handler): Promise<DsarNote[]> {
    const r = await this.find(id, h);
    await this.knex.transaction(async (trx) => {
      const noteId = newId();
      await this.repo.addNote({ id: noteId, workspaceId: r.workspaceId, requestId: r.id, authorId: h.userId, body, createdAt: now() }, trx);
      await this.record(h, 'dsar.note', r, { note: noteId }, trx);
    });
    return this.repo.notes(r.id);
  }

  /** Attaches a result (counts, hashes, reports) to a request, audited. */
  async attach(r: DsarRequest, kind: string, summary: Record<string, unknown>, h: Handler, trx?: Knex.Transaction): Promise<string> {
    const id = newId();
    const run = async (t: Knex.Transaction) => {
      await this.repo.addResult({ id, workspaceId: r.workspaceId, requestId: r.id, kind, summary, createdBy: h.userId, createdAt: now() }, t);
      await this.record(h, 'dsar.result', r, { result: id, kind }, t);
    };
    await (trx ? run(trx) : this.knex.transaction(run));
    return id;
  }

  // ---- access and portability ---------------------------------------------------------------

  async subjectOf(r: DsarRequest): Promise<ExportSubject> {
    const user = r.subjectUserId ? await this.users.findById(r.subjectUserId) : undefined;
    if (!user && !r.subjectEmail) throw new ConflictError('dsar.errors.subjectErased');
    return { userId: user?.id ?? null, email: user?.email ?? r.subjectEmail, workspaceId: r.workspaceId, role: user?.role ?? 'member', name: user ? `${user.firstName} ${user.lastName}` : r.subjectName, language: user?.language };
  }

  /** Throws the refusal an export would meet (unknown, closed, wrong type, subject erased) before anything is sent. */
  async assertExportable(id: string, h: Handler): Promise<void> {
    await this.subjectOf(await this.findOpen(id, h, ['access', 'portability']));
  }

  /** The devices last used by a person (the privacy center). */
  async devicesOf(userId: string): Promise<Array<{ id: string; deviceType: string | null; os: string | null; browser: string | null; lastSeenAt: number }>> {
    return this.repo.devicesOf(userId);
  }

  /** Streams the export of an access or portability request into `out`; the result is attached to the request. */
  async export(id: string, out: Writable, h: Handler, options: { end?: boolean } = {}): Promise<ExportSummary> {
    const r = await this.findOpen(id, h, ['access', 'portability']);
    const subject = await this.subjectOf(r);
    // The destination is ended only once the export is recorded: whoever has the whole file finds it in the register.
    const summary = await this.exporter.write(subject, out, { requestId: r.id, end: false });
    await this.knex.transaction(async (trx) => {
      if (r.status === 'received' || r.status === 'verifying_identity') await this.repo.update(r.id, { status: 'in_progress' }, now(), trx);
      await this.attach(r, 'export', { rows: summary.rows, bytes: summary.bytes, sha256: summary.sha256, categories: summary.categories, tables: summary.tables.map((t) => ({ table: t.table, rows: t.rows })) }, h, trx);
    });
    if (options.end !== false) await endStream(out);
    return summary;
  }

  /**
   * Self-service download: files an access request on the employee's behalf, streams the same
   * export and completes the request, so the register proves the answer.
   */
  async selfExport(user: User, out: Writable): Promise<{ request: RequestView; summary: ExportSummary }> {
    const h = handlerOf({ ...user, role: 'member' });
    const opened = await this.open({ type: 'access', user: user.email, channel: 'self_service' }, { ...h, label: 'self-service' });
    const summary = await this.export(opened.id, out, h, { end: false });
    await this.close(opened.id, { outcome: 'completed' }, h);
    await endStream(out);
    return { request: this.view(await this.find(opened.id, h)), summary };
  }

  /** What the privacy center shows: counts of the employee's data per table and category. */
  async overview(user: User) {
    return this.exporter.counts({ userId: user.id, email: user.email, workspaceId: user.workspaceId, role: user.role, name: `${user.firstName} ${user.lastName}` });
  }

  /** The employee asks for a correction, an erasure, a restriction...: files a request in the register. */
  async selfRequest(user: User, input: { type: RequestType; details?: string }): Promise<RequestView> {
    const h: Handler = { userId: user.id, role: 'member', label: 'self-service', workspaceId: user.workspaceId };
    return this.open({ type: input.type, user: user.email, channel: 'self_service', details: input.details }, h);
  }

  // ---- rectification and restriction -------------------------------------------------------

  /** Edits the subject's account and profile; old and new values are attached to the request, their hashes audited. */
  async rectify(id: string, input: RectifyInput, h: Handler): Promise<{ request: RequestView; changes: Array<{ field: string; old: unknown; new: unknown }> }> {
    const r = await this.findOpen(id, h, ['rectification']);
    if (!r.subjectUserId) throw new ConflictError('dsar.errors.noAccount');
    const changes: Array<{ field: string; column: string; old: unknown; new: unknown }> = [];
    await this.knex.transaction(async (trx) => {
      const row = await trx('users').where({ id: r.subjectUserId! }).first();
      if (!row) throw new ConflictError('dsar.errors.noAccount');
      const update: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(rectifiable)) {
        const value = input[field as keyof RectifyInput];
        if (value === undefined) continue;
        const next = value === '' && column !== 'first_name' && column !== 'last_name' ? null : value;
        if ((row[column] ?? null) === next) continue;
        changes.push({ field, column, old: row[column] ?? null, new: next });
        update[column] = next;
        if (column === 'email') {
          const taken = await trx('users').where({ email_lower: String(next).toLowerCase() }).whereNot({ id: row.id }).first();
          if (taken) throw new ConflictError('dsar.errors.emailTaken', { email: 'dsar.errors.emailTaken' });
          update.email_lower = String(next).toLowerCase();
        }
      }
      if (!changes.length) throw new ValidationError({ _: 'dsar.errors.nothingToChange' });
      await trx('users').where({ id: row.id }).update({ ...update, updated_at: now() });
      if (update.email) await this.repo.update(r.id, { subjectEmail: String(update.email) }, now(), trx);
      if (update.first_name || update.last_name) await this.repo.update(r.id, { subjectName: `${update.first_name ?? row.first_name} ${update.last_name ?? row.last_name}` }, now(), trx);
      if (r.status !== 'in_progress') await this.repo.update(r.id, { status: 'in_progress' }, now(), trx);
      await this.attach(r, 'rectification', { table: 'users', changes: changes.map((c) => ({ field: c.field, old: c.old, new: c.new })) }, h, trx);
      await this.record(h, 'dsar.rectify', r, { table: 'users', changes: changes.map((c) => ({ column: c.column, oldSha256: c.old === null ? null : sha256(String(c.old)), newSha256: c.new === null ? null : sha256(String(c.new)) })) }, trx);
    });
    return { request: this.view(await this.find(id, h)), changes: changes.map((c) => ({ field: c.field, old: c.old, new: c.new })) };
  }

  /** Restricts (or lifts the restriction of) the subject's processing: usage analytics, insights, notifications. */
  async restrict(id: string, options: { lift?: boolean }, h: Handler): Promise<RequestDetail> {
    const r = await this.findOpen(id, h, ['restriction', 'objection']);
    if (!r.subjectUserId) throw new ConflictError('dsar.errors.noAccount');
    await this.knex.transaction(async (trx) => {
      const active = await this.repo.activeRestriction(r.subjectUserId!, trx);
      if (options.lift) {
        if (!active) throw new ConflictError('dsar.errors.notRestricted');
        await this.repo.lift(r.subjectUserId!, now(), trx);
      } else {
        if (active) throw new ConflictError('dsar.errors.alreadyRestricted');
        await this.repo.restrict({ id: newId(), workspaceId: r.workspaceId, userId: r.subjectUserId!, requestId: r.id, createdAt: now() }, trx);
      }
      if (r.status !== 'in_progress') await this.repo.update(r.id, { status: 'in_progress' }, now(), trx);
      await this.attach(r, options.lift ? 'restriction_lifted' : 'restriction', { scope: ['usage analytics', 'insights', 'notifications'] }, h, trx);
      await this.record(h, options.lift ? 'dsar.restriction.lift' : 'dsar.restriction.add', r, { target: 'subject' }, trx);
    });
    this.restrictedCache.clear();
    return this.detail(id, h);
  }

  private readonly restrictedCache = new Map<string, { restricted: boolean; at: number }>();

  /** Whether a person's processing is restricted (usage and notifications ask; cached a few seconds per replica). */
  async isRestricted(userId: string): Promise<boolean> {
    const cached = this.restrictedCache.get(userId);
    if (cached && Date.now() - cached.at < 5000) return cached.restricted;
    const restricted = Boolean(await this.repo.activeRestriction(userId));
    if (this.restrictedCache.size > 10_000) this.restrictedCache.clear();
    this.restrictedCache.set(userId, { restricted, at: Date.now() });
    return restricted;
  }

  /** Of these people, those whose processing is restricted (inside the caller's transaction). */
  restrictedAmong(userIds: string[], trx?: Knex.Transaction): Promise<Set<string>> {
    return this.repo.restrictedAmong(userIds, trx);
  }

  // ---- reminders and metrics -----------------------------------------------------------------

  /**
   * Reminds the privacy contacts (the assignee, else the workspace's privacy role, else its admins)
   * of open requests due within the configured business days. Each reminder is sent once, even
   * with several replicas (a conditional update marks it). Returns how many were sent.
   */
  async remind(at = now()): Promise<number> {
    const today = this.today(at);
    const thresholds = [...new Set(this.config.reminders)].sort((a, b) => b - a);
    let sent = 0;
    for (const r of await this.repo.allOpen()) {
      const left = this.calendar.businessDaysBetween(today, r.dueOn);
      const due = thresholds.filter((d) => left <= d && !r.remindersSent.includes(d));
      if (!due.length) continue;
      // Thresholds already passed (a request opened late) are marked together: one reminder, not several.
      if (!(await this.repo.markReminder(r.id, r.remindersSent, due))) continue;
      const recipients = r.assigneeId ? [r.assigneeId] : await this.repo.privacyContacts(r.workspaceId);
      await this.knex.transaction(async (trx) => {
        await this.notifications.recordDsarReminder(trx, { workspaceId: r.workspaceId, recipients, requestId: r.id });
        await this.audit.record({ kind: 'system' }, 'dsar.remind', { workspaceId: r.workspaceId, target: { type: 'dsar_request', id: r.id }, details: { businessDaysLeft: left, recipients: recipients.length } }, trx);
      });
      sent += 1;
    }
    return sent;
  }

  counts(at = now()): Promise<{ open: number; overdue: number }> {
    return this.repo.countOpen(this.today(at));
  }

  assertStaff(h: Handler): void {
    if (h.role !== 'admin' && h.role !== 'privacy' && h.role !== 'cli') throw new ForbiddenError();
  }

  get log(): Logger {
    return this.logger;
  }
}
