// What retention, holds and account deletion need from the audit log and the erasure ledger (the
// audit component's AuditService and the privacy component's ErasureService fit these shapes).
import type { AuditAction } from '../audit/audit-actions.js';
import type { Knex } from 'knex';

export interface AuditActorRef {
  kind: 'user' | 'system' | 'cli';
  userId?: string | null;
}

export interface AuditLog {
  record(actor: AuditActorRef, action: AuditAction, rest?: { workspaceId?: string | null; target?: { type: string; id: string } | null; details?: Record<string, unknown> }, trx?: Knex.Transaction): Promise<unknown>;
  /** Removes chained entries created before cutoff from the start of the chain (keeps it verifiable). */
  purgeOlderThan?(cutoff: number, options?: { batchSize?: number; maxBatches?: number }): Promise<number>;
  countOlderThan?(cutoff: number): Promise<number>;
}

export interface ErasureLedger {
  /** Records the subject in the erasure ledger, runs every registered eraser and an audit entry, in one transaction. */
  erase(subjectId: string, actor: AuditActorRef, trx?: Knex.Transaction): Promise<unknown>;
  register(name: string, eraser: (subjectId: string, trx: Knex.Transaction) => Promise<void>): void;
}

/** Who started something, as retention stores and audits it. */
export interface Initiator {
  trigger: 'cli' | 'scheduler' | 'admin';
  /** The admin's user id when started from the browser. */
  userId?: string | null;
  /** Shown in reports: "cli (os user ops on host-1)", "scheduler", "admin". */
  label: string;
}

export const auditActorOf = (who: Initiator): AuditActorRef => (who.userId ? { kind: 'user', userId: who.userId } : { kind: who.trigger === 'cli' ? 'cli' : 'system' });
