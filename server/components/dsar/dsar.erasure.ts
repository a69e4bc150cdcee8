// Erasure requests: built on the retention component's account purge (the data map decides, table
// by table, what is deleted or anonymised), the erasure ledger and legal holds. Then the subject's
// pseudonymous account row gets a fresh id, so no row anywhere still carries their user id, and a
// verification searches every text column for what identified them. The report is attached.
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import { readLiveSchema } from '../../db/introspect.js';
import { ConflictError, ForbiddenError } from '../../platform/errors.js';
import { newId, now } from '../../platform/ids.js';
import type { AccountDeletionService } from '../accounts/deletion.service.js';
import type { User, UsersRepository } from '../accounts/users.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { HoldsService } from '../holds/holds.service.js';
import type { LegalHold } from '../holds/holds.repository.js';
import type { RetentionService } from '../retention/retention.service.js';
import { pseudonymOf } from '../privacy/default-erasers.js';
import type { DsarRepository, DsarRequest } from './dsar.repository.js';
import { auditActor, type DsarService, type Handler, type RequestView } from './dsar.service.js';
import { findResidue, type ResidueReport, type SubjectIdentifiers } from './residue.js';

/** A 409 that says what is held and why: erasing would destroy data a legal hold protects. */
export class DsarHeldError extends ConflictError {
  constructor(public readonly holds: Array<{ id: string; scope: 'user' | 'workspace'; reason: string; until: number | null; placedBy: string }>) {
    super('dsar.errors.held');
  }
}

export interface ErasureOutcome {
  request: RequestView;
  report: ResidueReport;
  /** Holds that were in force and overridden. */
  overridden: string[];
  ledgerId: string | null;
}

const IP_COLUMN = /(^|_)ip$/;

export class DsarErasure {
  constructor(
    private readonly knex: Knex,
    private readonly service: DsarService,
    private readonly repo: DsarRepository,
    private readonly users: UsersRepository,
    private readonly holds: HoldsService,
    private readonly accountDeletion: AccountDeletionService,
    private readonly retention: RetentionService,
    private readonly audit: AuditService,
    private readonly tables: TableDeclaration[],
    /** Writes out what capture still buffers, so none of the subject's requests lands after the purge. */
    private readonly flushCapture: () => Promise<void> = async () => {},
  ) {}

  private heldReport(held: LegalHold[]) {
    return held.map((h) => ({ id: h.id, scope: h.userId ? ('user' as const) : ('workspace' as const), reason: h.reason, until: h.untilAt, placedBy: h.createdBy }));
  }

  /** Refuses (and changes nothing) while a legal hold protects the subject's data, unless an admin overrides it. */
  async erase(id: string, options: { override?: boolean }, h: Handler): Promise<ErasureOutcome> {
    const found = await this.service.find(id, h);
    if (found.status === 'completed' || found.status === 'rejected') throw new ConflictError('dsar.errors.closed');
    if (found.type !== 'erasure') throw new ConflictError('dsar.errors.wrongType', { type: 'dsar.errors.wrongType' });
    const user = found.subjectUserId ? await this.users.findById(found.subjectUserId) : undefined;
    if (!user && !found.subjectEmail) throw new ConflictError('dsar.errors.subjectErased');
    const held = user ? await this.holds.isUserHeld(user.id) : [];
    if (held.length && !options.override) throw new DsarHeldError(this.heldReport(held));
    if (held.length && h.role !== 'admin' && h.role !== 'cli') throw new ForbiddenError('dsar.errors.overrideAdminOnly');
    if (user && user.role === 'admin' && user.status === 'active' && (await this.users.countAdmins()) <= 1) throw new ConflictError('users.lastAdmin');

    const ids = await this.identifiers(found, user);
    await this.audit.record(auditActor(h), 'dsar.erase.start', { workspaceId: found.workspaceId, target: { type: 'dsar_request', id: found.id }, details: { override: held.length > 0, holds: held.map((x) => x.id) } });
    let ledgerId: string | null = null;
    if (user) {
      if (user.status !== 'deleted') await this.accountDeletion.deleteByAdmin(user, { trigger: h.role === 'cli' ? 'cli' : 'admin', userId: h.userId, label: h.label });
      // The account can no longer make requests; what capture buffered of its last ones is written before the purge.
      await this.flushCapture();
      // Sessions and tokens went with the account deletion; the purge follows the data map and records the ledger entry.
      await this.retention.purgeAccount(user.id);
      ledgerId = (await this.knex('erasure_ledger').where({ subject_type: 'user', subject_id: user.id }).first())?.id ?? null;
    }
    await this.knex.transaction(async (trx) => {
      await this.repo.forgetSubject(user?.id ?? '', ledgerId, ids.email, trx);
      if (ids.email) await trx('invitations').where({ email_lower: ids.email.toLowerCase() }).delete();
      await this.sweepAddresses(ids.ips, trx);
      if (user) await this.rekey(user.id, trx);
    });
    const report = await findResidue(this.knex, this.tables, ids);
    const request = await this.service.find(found.id, h);
    await this.knex.transaction(async (trx) => {
      await this.service.attach(request, 'erasure_report', { ledgerId, overriddenHolds: held.map((x) => x.id), ...report }, h, trx);
      const at = now();
      if (report.residue === 0) await this.repo.update(request.id, { status: 'completed', closedAt: at }, at, trx);
      else await this.repo.update(request.id, { status: 'in_progress' }, at, trx);
      await this.audit.record(auditActor(h), report.residue === 0 ? 'dsar.complete' : 'dsar.erase.residue', { workspaceId: request.workspaceId, target: { type: 'dsar_request', id: request.id }, details: { residue: report.residue, hits: report.hits.length, ledger: ledgerId } }, trx);
    });
    return { request: this.service.view(await this.service.find(found.id, h)), report, overridden: held.map((x) => x.id), ledgerId };
  }

  /** What identified the subject: email, name, user id and the IP addresses of their sessions and requests. */
  private async identifiers(r: DsarRequest, user: User | undefined): Promise<SubjectIdentifiers> {
    const ips = new Set<string>();
    if (user) {
      for (const table of this.tables) {
        if (table.subject === 'none') continue;
        for (const column of Object.keys(table.columns).filter((c) => IP_COLUMN.test(c))) {
          const rows: Array<{ ip: string | null }> = await this.knex(table.name).distinct({ ip: column }).where(table.subject.column, user.id).whereNotNull(column).limit(500);
          for (const row of rows) if (row.ip) ips.add(row.ip);
        }
      }
    }
    return {
      userId: user?.id ?? null,
      email: user?.email ?? r.subjectEmail,
      names: user ? [`${user.firstName} ${user.lastName}`] : r.subjectName ? [r.subjectName] : [],
      ips: [...ips],
    };
  }

  /** IP addresses of the subject in rows linked to no one (requests before sign-in) are blanked; other people's rows are left alone. */
  private async sweepAddresses(ips: string[], trx: Knex.Transaction): Promise<void> {
    if (!ips.length) return;
    for (const table of this.tables) {
      if (table.subject === 'none') continue;
      for (const [column, c] of Object.entries(table.columns)) {
        if (!IP_COLUMN.test(column) || !c.nullable) continue;
        await trx(table.name).whereNull(table.subject.column).whereIn(column, ips).update({ [column]: null });
      }
    }
  }

  /**
   * The purged account row keeps content pointing at "Former member 7f3a"; its id was the subject's
   * user id. A copy under a fresh id takes its place everywhere (every text column holding exactly
   * that id), then the old row goes: nothing carries the old id but the erasure ledger.
   */
  private async rekey(oldId: string, trx: Knex.Transaction): Promise<void> {
    const row = await trx('users').where({ id: oldId }).first();
    if (!row) return;
    const freshId = newId();
    const pseudonym = pseudonymOf(freshId);
    const email = `erased-${freshId}@erased.invalid`;
    await trx('users').insert({ ...row, id: freshId, email, email_lower: email, first_name: pseudonym.firstName, last_name: pseudonym.lastName, updated_at: now() });
    const live = await readLiveSchema(trx as unknown as Knex);
    for (const [table, columns] of Object.entries(live)) {
      if (table === 'erasure_ledger') continue;
      for (const [column, c] of Object.entries(columns)) {
        if (c.type !== 'string' || (table === 'users' && column === 'id')) continue;
        // Only where it occurs: PostgreSQL refuses even an update matching no row when the new value is longer than a short column.
        if (await trx(table).where(column, oldId).first(trx.raw('1 as hit'))) await trx(table).where(column, oldId).update({ [column]: freshId });
      }
    }
    await trx('users').where({ id: oldId }).delete();
  }
}
