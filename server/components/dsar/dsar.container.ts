// Data subject requests (issue 6), built in one place so the composition root needs one line. It
// also wires the restriction of processing into notifications and usage analytics, and registers
// the eraser that blanks an erased subject's identity in the register.
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../platform/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { UsersRepository } from '../accounts/users.repository.js';
import type { AccountDeletionService } from '../accounts/deletion.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { HoldsService } from '../holds/holds.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ErasureService } from '../privacy/erasure.service.js';
import type { RetentionService } from '../retention/retention.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { UsageService } from '../capture/usage.service.js';
import type { CaptureService } from '../capture/capture.service.js';
import { BusinessCalendar } from './business-days.js';
import { DsarErasure } from './dsar.erasure.js';
import { SubjectErasure } from './subject-erasure.js';
import { createDsarMetrics } from './dsar.metrics.js';
import { DsarRepository } from './dsar.repository.js';
import { DsarService } from './dsar.service.js';
import { AccessExporter } from './export.js';

export interface DsarServices {
  dsar: DsarService;
  dsarErasure: DsarErasure;
  subjectErasure: SubjectErasure;
}

export interface DsarDeps {
  knex: Knex;
  /** Every declared table (the registry's data map): what an access export reads and an erasure clears. */
  declaredTables: TableDeclaration[];
  config: Config;
  logger: Logger;
  metrics: Metrics;
  users: UsersRepository;
  workspaces: WorkspacesService;
  audit: AuditService;
  erasure: ErasureService;
  /** The rate_limits keys of these subjects (emails, addresses) under every sign-in limiter. */
  rateLimitKeys: (subjects: string[]) => string[];
  /** Hands the retention purge the subject path (set once the DSAR services exist). */
  setSubjectPath: (path: (userId: string, purge: () => Promise<void>) => Promise<void>) => void;
  services: { holds: HoldsService; retention: RetentionService; accountDeletion: AccountDeletionService; notifications: NotificationsService; usage: UsageService; capture: CaptureService };
}

export function createDsarServices(d: DsarDeps): DsarServices {
  const repo = new DsarRepository(d.knex);
  const calendar = new BusinessCalendar(d.config.dsar);
  const exporter = new AccessExporter(d.knex, d.declaredTables);
  const dsar = new DsarService(d.knex, repo, d.users, d.workspaces, calendar, d.config.dsar, d.audit, exporter, d.services.notifications, d.logger);
  const subjects = new SubjectErasure(d.knex, d.declaredTables, d.services.retention, d.erasure, repo, d.rateLimitKeys, () => d.services.capture.flush());
  const dsarErasure = new DsarErasure(d.knex, dsar, repo, d.users, d.services.holds, d.services.accountDeletion, subjects, d.audit, d.declaredTables);
  d.erasure.carry('dsar.mentions', {
    read: () => dsarErasure.redactionsToCarry(),
    apply: async (list) => {
      await dsarErasure.redoRedactions(list as Awaited<ReturnType<DsarErasure['redactionsToCarry']>>);
    },
  });
  // The retention purge of deleted accounts (after their grace period) runs it too, around its own batches.
  d.setSubjectPath(async (userId, purge) => {
    await subjects.erase(userId, await subjects.identifiersOf(userId), purge);
  });
  // Re-applying the ledger after a restore runs the very same erasure as a request.
  d.erasure.useSubjectPath(async (userId) => {
    await subjects.erase(userId, await subjects.identifiersOf(userId));
  });

  // Restriction of processing: no notifications and no usage analytics while it lasts.
  d.services.notifications.excludeRestricted((ids, trx) => dsar.restrictedAmong(ids, trx));
  d.services.usage.excludeRestricted((userId) => dsar.isRestricted(userId));

  // Erasing a person (a DSAR, an account purge, or re-applying the ledger after a restore) blanks
  // their identity on the requests about them and drops the old values kept by rectifications.
  d.erasure.register('dsar.requests', async (userId, trx) => {
    const ledger = await d.erasure.entryOf(userId, trx);
    await repo.forgetSubject(userId, ledger?.id ?? null, null, trx);
  });

  createDsarMetrics(d.metrics.registry, dsar);
  return { dsar, dsarErasure, subjectErasure: subjects };
}
