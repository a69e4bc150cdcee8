// Erasure requests: the subject's account goes through the one erasure path (subject-erasure.ts: the
// retention purge per the data map, the ledger, identifiers swept, a fresh pseudonymous id, storage
// released), legal holds are respected, then the residue check (residue.ts) looks for every
// identifier in every table and, on SQLite, in the raw bytes. Content others wrote that names the
// person is listed as mentions to review: an admin redacts or keeps each one (audited), and the
// request completes only when no residue is left and every mention is resolved.
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import { postgresLimits, sqliteLimits } from '../../db/erasure-storage.js';
import { dialectOfKnex } from '../../db/knex.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import type { AccountDeletionService } from '../accounts/deletion.service.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { HoldsService } from '../holds/holds.service.js';
import type { LegalHold } from '../holds/holds.repository.js';
import type { DsarRepository } from './dsar.repository.js';
import { auditActor, type DsarService, type Handler, type RequestView } from './dsar.service.js';
import { findResidue, needlesOf, type Needle, type ResidueReport } from './residue.js';
import type { StorageOutcome, SubjectErasure } from './subject-erasure.js';

/** A 409 that says what is held and why: erasing would destroy data a legal hold protects. */
export class DsarHeldError extends ConflictError {
  constructor(public readonly holds: Array<{ id: string; scope: 'user' | 'workspace'; reason: string; until: number | null; placedBy: string }>) {
    super('dsar.errors.held');
  }
}

export interface ErasureOutcome {
  request: RequestView;
  report: ResidueReport & { storage: StorageOutcome; limits: string; mentionsToReview: MentionView[] };
  /** Holds that were in force and overridden. */
  overridden: string[];
  ledgerId: string | null;
}

export type MentionStatus = 'open' | 'redacted' | 'kept';

export interface MentionView {
  id: string;
  requestId: string;
  table: string;
  column: string;
  row: string;
  kinds: string[];
  status: MentionStatus;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  /** About 40 characters either side of the first match, read from the live row now (null when the row is gone). */
  excerpt: string | null;
  /** Where the first match sits in the excerpt: [offset, length] (null without an excerpt). */
  excerptMatch: [number, number] | null;
  /** What the column holds, as the data map declares it ("the comment"): the mention's place in words. */
  place: string | null;
}

const REDACTED = '[redacted]';
const hashOf = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** Character spans of every needle in a text (case-insensitive; overlapping spans merged). */
function spansIn(text: string, needles: Needle[]): Array<[number, number]> {
  const lower = text.toLowerCase();
  const spans: Array<[number, number]> = [];
  for (const n of needles) {
    for (const form of new Set([n.raw.toLowerCase(), n.value])) {
      let at = lower.indexOf(form);
      while (at !== -1) {
        spans.push([at, form.length]);
        at = lower.indexOf(form, at + 1);
      }
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, length] of spans) {
    const last = merged[merged.length - 1];
    if (last && start <= last[0] + last[1]) last[1] = Math.max(last[1], start + length - last[0]);
    else merged.push([start, length]);
  }
  return merged;
}

/** The text with every span replaced by "[redacted]". */
function redact(value: string, spans: Array<[number, number]>): string {
  let text = value;
  for (const [start, length] of [...spans].sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + REDACTED + text.slice(start + length);
  return text;
}

export class DsarErasure {
  constructor(
    private readonly knex: Knex,
    private readonly service: DsarService,
    private readonly repo: DsarRepository,
    private readonly users: UsersRepository,
    private readonly holds: HoldsService,
    private readonly accountDeletion: AccountDeletionService,
    private readonly subjects: SubjectErasure,
    private readonly audit: AuditService,
    private readonly tables: TableDeclaration[],
  ) {}

  private heldReport(held: LegalHold[]) {
    return held.map((h) => ({ id: h.id, scope: h.userId ? ('user' as const) : ('workspace' as const), reason: h.reason, until: h.untilAt, placedBy: h.createdBy }));
  }

  /** Refuses (and changes nothing) while a legal hold protects the subject's data, unless an admin overrides it. */
  async erase(id: string, options: { override?: boolean }, h: Handler): Promise<ErasureOutcome> {
    const found = await this.service.find(id, h);
    if (found.status === 'completed' || found.status === 'rejected') throw new ConflictError('dsar.errors.closed');
    if (found.type !== 'erasure') throw new ConflictError('dsar.errors.wrongType', { type: 'dsar.errors.wrongType' });
    const user: User | undefined = found.subjectUserId ? await this.users.findById(found.subjectUserId) : undefined;
    if (!user && !found.subjectEmail) throw new ConflictError('dsar.errors.subjectErased');
    const held = user ? await this.holds.isUserHeld(user.id) : [];
    if (held.length && !options.override) throw new DsarHeldError(this.heldReport(held));
    if (held.length && h.role !== 'admin' && h.role !== 'cli') throw new ForbiddenError('dsar.errors.overrideAdminOnly');
    if (user && user.role === 'admin' && user.status === 'active' && (await this.users.countAdmins()) <= 1) throw new ConflictError('users.lastAdmin');

    const ids = await this.subjects.identifiersOf(user?.id ?? null, { email: found.subjectEmail, name: found.subjectName });
    await this.audit.record(auditActor(h), 'dsar.erase.start', { workspaceId: found.workspaceId, target: { type: 'dsar_request', id: found.id }, details: { override: held.length > 0, holds: held.map((x) => x.id) } });
    if (user && user.status !== 'deleted') await this.accountDeletion.deleteByAdmin(user, { trigger: h.role === 'cli' ? 'cli' : 'admin', userId: h.userId, label: h.label });
    const erased = await this.subjects.erase(user?.id ?? null, ids);
    const ledgerId = erased.ledgerId;

    // Mentions are found with the identifiers still in memory: their spans are kept, the identifiers are not.
    const report = await findResidue(this.knex, this.tables, ids);
    const needles = (await needlesOf(this.knex, ids)).filter((n) => n.kind === 'name' || n.kind === 'first_name' || n.kind === 'last_name' || n.kind === 'email');
    const request = await this.service.find(found.id, h);
    const limits = dialectOfKnex(this.knex) === 'postgres' ? postgresLimits : sqliteLimits;
    await this.knex.transaction(async (trx) => {
      const at = now();
      const byRow = new Map<string, { table: string; column: string; row: string; kinds: Set<string> }>();
      for (const hit of report.hits) {
        if (hit.classification !== 'mention' || !hit.row) continue;
        const key = `${hit.table}\u0000${hit.column}\u0000${hit.row}`;
        const entry = byRow.get(key) ?? { table: hit.table, column: hit.column, row: hit.row, kinds: new Set<string>() };
        entry.kinds.add(hit.kind);
        byRow.set(key, entry);
      }
      for (const m of byRow.values()) {
        const value = await this.liveValue(m.table, m.column, m.row, trx);
        if (value === null) continue;
        await trx('dsar_mentions').insert({
          id: newId(), workspace_id: request.workspaceId, request_id: request.id, table_name: m.table, column_name: m.column, row_key: m.row,
          kinds: [...m.kinds].sort().join(','), spans: JSON.stringify(spansIn(value, needles)), value_hash: hashOf(value), status: 'open', created_at: at,
        });
      }
      const complete = report.residue === 0 && byRow.size === 0;
      await this.service.attach(request, 'erasure_report', { ledgerId, overriddenHolds: held.map((x) => x.id), storage: erased.storage, touched: erased.touched, limits, ...report }, h, trx);
      if (complete) await this.repo.update(request.id, { status: 'completed', closedAt: at }, at, trx);
      else await this.repo.update(request.id, { status: 'in_progress' }, at, trx);
      await this.audit.record(auditActor(h), complete ? 'dsar.complete' : report.residue ? 'dsar.erase.residue' : 'dsar.erase.review', { workspaceId: request.workspaceId, target: { type: 'dsar_request', id: request.id }, details: { residue: report.residue, mentions: byRow.size, hits: report.hits.length, ledger: ledgerId } }, trx);
    });
    const mentionsToReview = await this.mentions(found.id, h);
    return { request: this.service.view(await this.service.find(found.id, h)), report: { ...report, storage: erased.storage, limits, mentionsToReview }, overridden: held.map((x) => x.id), ledgerId };
  }

  private keyOf(table: string): string {
    const declared = this.tables.find((t) => t.name === table);
    if (!declared) throw new ValidationError({ mention: 'dsar.errors.mentionUnknown' });
    return declared.key ?? 'id';
  }

  private async liveValue(table: string, column: string, row: string, db: Knex | Knex.Transaction = this.knex): Promise<string | null> {
    const declared = this.tables.find((t) => t.name === table);
    if (!declared?.columns[column]) return null;
    const r = await db(table).where(this.keyOf(table), row).first(column);
    return r && typeof r[column] === 'string' ? (r[column] as string) : null;
  }

  /** The mentions to review of a request, each with an excerpt read from the live row. */
  async mentions(requestId: string, h: Handler): Promise<MentionView[]> {
    await this.service.find(requestId, h);
    const rows = await this.knex('dsar_mentions').where({ request_id: requestId }).orderBy([{ column: 'table_name' }, { column: 'row_key' }, { column: 'id' }]);
    const out: MentionView[] = [];
    for (const r of rows) {
      const value = await this.liveValue(r.table_name, r.column_name, r.row_key);
      const spans = JSON.parse(r.spans) as Array<[number, number]>;
      let excerpt: string | null = null;
      let excerptMatch: [number, number] | null = null;
      if (value !== null) {
        const [start, length] = spans[0] ?? [0, 0];
        const from = Math.max(0, start - 40);
        const lead = start > 40 ? '…' : '';
        excerpt = `${lead}${value.slice(from, start + length + 40)}${start + length + 40 < value.length ? '…' : ''}`;
        excerptMatch = length > 0 ? [lead.length + start - from, length] : null;
      }
      const declared = this.tables.find((t) => t.name === r.table_name)?.columns[r.column_name]?.personal;
      const place = declared && declared !== 'none' ? declared.purpose : null;
      out.push({ id: r.id, requestId: r.request_id, table: r.table_name, column: r.column_name, row: r.row_key, kinds: String(r.kinds).split(','), status: r.status, reason: r.reason ?? null, decidedBy: r.decided_by ?? null, decidedAt: r.decided_at === null || r.decided_at === undefined ? null : Number(r.decided_at), excerpt, excerptMatch, place });
    }
    return out;
  }

  /** The redactions made, to redo after a restore of a backup taken before them (ErasureService.carry). */
  async redactionsToCarry(): Promise<Array<{ table: string; column: string; row: string; spans: string; hash: string }>> {
    // A live database that was lost (or never migrated this far) has nothing to carry.
    if (!(await this.knex.schema.hasTable('dsar_mentions'))) return [];
    const rows = await this.knex('dsar_mentions').where({ status: 'redacted' }).select('table_name', 'column_name', 'row_key', 'spans', 'value_hash');
    return rows.map((r) => ({ table: r.table_name, column: r.column_name, row: r.row_key, spans: r.spans, hash: r.value_hash }));
  }

  /** Redoes redactions in a restored database: only where the text is still exactly what was redacted. */
  async redoRedactions(list: Array<{ table: string; column: string; row: string; spans: string; hash: string }>): Promise<number> {
    let done = 0;
    const tables = new Set<string>();
    for (const r of list) {
      await this.knex.transaction(async (trx) => {
        const value = await this.liveValue(r.table, r.column, r.row, trx);
        if (value === null || hashOf(value) !== r.hash) return;
        await trx(r.table).where(this.keyOf(r.table), r.row).update({ [r.column]: redact(value, JSON.parse(r.spans)) });
        tables.add(r.table);
        done += 1;
      });
    }
    if (done) await this.subjects.releaseStorage([...tables]);
    return done;
  }

  /**
   * An admin's decision on one mention: `redact` replaces each matched span in the live text by
   * "[redacted]" (refused when the text changed since the check), `keep` records the reason. Audited.
   * When no mention of the request is open any more and the check found no residue, it completes.
   */
  async decide(requestId: string, mentionId: string, decision: { redact: true } | { keep: string }, h: Handler): Promise<{ mention: MentionView; request: RequestView }> {
    if (h.role !== 'admin' && h.role !== 'cli') throw new ForbiddenError('dsar.errors.mentionAdminOnly');
    const request = await this.service.find(requestId, h);
    const m = await this.knex('dsar_mentions').where({ id: mentionId, request_id: requestId }).first();
    if (!m) throw new NotFoundError('dsar.errors.mentionNotFound');
    if (m.status !== 'open') throw new ConflictError('dsar.errors.mentionDecided');
    const reason = 'keep' in decision ? decision.keep.trim() : null;
    if ('keep' in decision && (!reason || reason.length > 500)) throw new ValidationError({ reason: 'dsar.errors.keepReason' });
    let redacted = false;
    await this.knex.transaction(async (trx) => {
      const at = now();
      if ('redact' in decision) {
        const value = await this.liveValue(m.table_name, m.column_name, m.row_key, trx);
        if (value !== null) {
          if (hashOf(value) !== m.value_hash) throw new ConflictError('dsar.errors.mentionChanged');
          await trx(m.table_name).where(this.keyOf(m.table_name), m.row_key).update({ [m.column_name]: redact(value, JSON.parse(m.spans)) });
          redacted = true;
        }
      }
      await trx('dsar_mentions').where({ id: m.id }).update({ status: 'redact' in decision ? 'redacted' : 'kept', reason, decided_by: h.userId, decided_at: at });
      await this.audit.record(auditActor(h), 'redact' in decision ? 'dsar.mention.redact' : 'dsar.mention.keep', { workspaceId: request.workspaceId, target: { type: 'dsar_request', id: request.id }, details: { mention: m.id, table: m.table_name, column: m.column_name, row: m.row_key, ...(reason ? { reasonSha256: hashOf(reason) } : {}) } }, trx);
      const open = await trx('dsar_mentions').where({ request_id: request.id, status: 'open' }).first(trx.raw('1 as hit'));
      const reports = await trx('dsar_results').where({ request_id: request.id, kind: 'erasure_report' }).orderBy('created_at', 'desc').first('summary');
      const residue = reports ? Number(JSON.parse(reports.summary).residue ?? 0) : 1;
      if (!open && residue === 0 && request.status !== 'completed') {
        await this.repo.update(request.id, { status: 'completed', closedAt: at }, at, trx);
        await this.audit.record(auditActor(h), 'dsar.complete', { workspaceId: request.workspaceId, target: { type: 'dsar_request', id: request.id }, details: { mentions: 'resolved' } }, trx);
      }
    });
    // The old text must not stay in the file, the WAL or dead tuples.
    if (redacted) await this.subjects.releaseStorage([m.table_name]);
    const mention = (await this.mentions(requestId, h)).find((x) => x.id === mentionId)!;
    return { mention, request: this.service.view(await this.service.find(requestId, h)) };
  }
}
