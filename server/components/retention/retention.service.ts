// Retention: reads the policies from config and the data map, plans (a dry run) and applies them
// in bounded batches, one short transaction per batch, resumable and idempotent. Every run leaves a
// report row and an audit entry. The CLI, the scheduler and the admin pages call these methods.
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import type { Dialect } from '../../db/knex.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { newId, now, sha256 } from '../../platform/ids.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { HoldsService } from '../holds/holds.service.js';
import { cutoffOf, parseCategory, parseMaxAge, retentionCategories, type RetentionCategory } from './policies.js';
import { policyOf, type RetentionConfig } from './retention.config.js';
import { anonymousValue, ANONYMISED, type HeldSet, type RetentionRepository } from './retention.repository.js';
import type { HeldReport, RetentionRun, RunCounts, RunError, RunsRepository } from './runs.repository.js';
import type { JobLocks, Lease } from './job-locks.js';
import { auditActorOf, type AuditLog, type ErasureLedger, type Initiator } from './ports.js';

export const RETENTION_LOCK = 'retention.apply';
const LEASE_MS = 120_000;
/** The lease is extended inside a batch's transaction at most this often (one write fewer per batch). */
const RENEW_EVERY_MS = 10_000;

/** Categories handled by dedicated code rather than row by row. */
const ACCOUNT_CATEGORY = 'deleted_accounts';
const WORKSPACE_CATEGORY = 'sandbox_workspaces';
/** Column-level categories: such a column in a longer-lived row is anonymised when its own policy expires. */
const COLUMN_CATEGORIES = new Set(['log', 'device', 'crash', 'usage']);

export type TaskKind = 'rows' | 'columns' | 'accounts' | 'workspaces' | 'audit';

/** One unit of work of a category: a table (rows or columns), the deleted accounts, the sandboxes or the audit chain. */
interface Task {
  kind: TaskKind;
  category: RetentionCategory;
  table: TableDeclaration;
  action: 'delete' | 'anonymise';
  /** Columns an anonymise task empties. */
  columns: string[];
}

export interface TablePlan {
  table: string;
  kind: TaskKind;
  action: 'delete' | 'anonymise';
  columns: string[];
  ageColumn: string;
  /** Rows (or accounts, workspaces) that would go. */
  rows: number;
  /** Rows that would go but a legal hold protects. */
  held: number;
  oldest: string | null;
  newest: string | null;
  sampleIds: string[];
}

export interface CategoryPlan {
  category: RetentionCategory;
  maxAge: string;
  action: 'delete' | 'anonymise';
  /** Data older than this goes; null when kept forever. */
  cutoff: string | null;
  tables: TablePlan[];
  rows: number;
  held: number;
}

export interface Plan {
  at: string;
  categories: CategoryPlan[];
  holds: HeldReport['holds'];
  rows: number;
  held: number;
}

export interface ApplyResult {
  run: RetentionRun;
  /** Rows removed or anonymised per second of the run. */
  rowsPerSecond: number;
  /** The longest single write transaction, in milliseconds. */
  longestTransactionMs: number;
  batches: number;
  resumed: string[];
}

export interface Progress {
  category: string;
  table: string;
  done: number;
  total: number;
}

export interface ApplyOptions {
  category?: string;
  who: Initiator;
  onProgress?: (p: Progress) => void;
  /** For the scheduler: the tick's scheduled time; the run is skipped when another replica ran it. */
  tick?: number;
  /** Stops the run after the current batch (server shutdown); the run is reported as interrupted. */
  signal?: AbortSignal;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** "Former member 7f3a": a stable pseudonym per person (the same as the privacy component's). */
export function pseudonymOf(userId: string): { firstName: string; lastName: string } {
  return { firstName: 'Former', lastName: `member ${sha256(userId).slice(0, 4)}` };
}

export class RetentionService {
  private subjectPath?: (userId: string, purge: () => Promise<void>) => Promise<void>;

  /** The DSAR component's one erasure path of an account: the purge of deleted accounts runs it too. */
  useSubjectPath(path: (userId: string, purge: () => Promise<void>) => Promise<void>): void {
    this.subjectPath = path;
  }

  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    private readonly repo: RetentionRepository,
    private readonly runs: RunsRepository,
    private readonly locks: JobLocks,
    private readonly holds: HoldsService,
    private readonly tables: TableDeclaration[],
    private readonly config: RetentionConfig,
    private readonly primaryWorkspaceId: () => Promise<string>,
    private readonly logger: Logger,
    private readonly ports: {
      audit?: () => AuditLog | undefined;
      erasure?: () => ErasureLedger | undefined;
      /** The whole erasure of one account around the purge (identifiers swept, fresh pseudonymous id, storage released): the DSAR component's. */
      subjectPath?: () => ((userId: string, purge: () => Promise<void>) => Promise<void>) | undefined;
      /** "Now" for ages and legal holds' `until` (a test moves it past a hold's end). */
      clock?: Clock;
    } = {},
  ) {}

  private now(): number {
    return (this.ports.clock ?? systemClock).now();
  }

  // ---- policies and the data map ----------------------------------------------------------

  /** The policies in force: per category, maximum age, action, and the tables it governs. */
  policies(): Array<{ category: RetentionCategory; maxAge: string; action: 'delete' | 'anonymise'; tables: string[]; columns: string[] }> {
    return retentionCategories.map((category) => {
      const policy = policyOf(this.config, category);
      const tasks = this.tasksOf(category);
      return {
        category,
        ...policy,
        tables: tasks.filter((t) => t.kind !== 'columns').map((t) => t.table.name),
        columns: tasks.filter((t) => t.kind === 'columns').flatMap((t) => t.columns.map((c) => `${t.table.name}.${c}`)),
      };
    });
  }

  authoredContentRule(): 'anonymise' | 'delete' {
    return this.config.authoredContent;
  }

  /** Resolves a --category argument; unknown names are a 400 naming the field. */
  parseCategoryOption(value: string | undefined): RetentionCategory | undefined {
    if (value === undefined) return undefined;
    const category = parseCategory(value);
    if (!category) throw new ValidationError({ category: 'retention.unknownCategory' });
    return category;
  }

  private isAuthored(table: TableDeclaration): boolean {
    if (table.authored !== undefined) return table.authored;
    if (table.subject === 'none') return false;
    const subject = table.columns[table.subject.column];
    return subject !== undefined && subject.personal !== 'none' && subject.personal.category === 'content';
  }

  private anonymisable(table: TableDeclaration, columns: string[]): string[] {
    return columns.filter((c) => table.columns[c] && anonymousValue(table.columns[c]!) !== undefined);
  }

  private tasksOf(category: RetentionCategory): Task[] {
    const policy = policyOf(this.config, category);
    if (category === ACCOUNT_CATEGORY) {
      const users = this.tables.find((t) => t.name === 'users');
      return users ? [{ kind: 'accounts', category, table: users, action: 'anonymise', columns: [] }] : [];
    }
    if (category === WORKSPACE_CATEGORY) {
      const workspaces = this.tables.find((t) => t.name === 'workspaces');
      return workspaces ? [{ kind: 'workspaces', category, table: workspaces, action: 'delete', columns: [] }] : [];
    }
    const tasks: Task[] = [];
    if (category === 'audit' && this.ports.audit?.()?.purgeOlderThan) {
      const entries = this.tables.find((t) => t.name === 'audit_entries');
      if (entries) tasks.push({ kind: 'audit', category, table: entries, action: 'delete', columns: [] });
    }
    for (const table of this.tables) {
      const rule = table.retention;
      if (!rule) continue;
      if (rule.category === category) {
        // The audit chain is only ever shortened through the audit service (keeps it verifiable).
        if (tasks.some((t) => t.kind === 'audit' && t.table.name === table.name)) continue;
        const action = rule.action ?? policy.action;
        let columns: string[] = [];
        if (action === 'anonymise') {
          const own = Object.entries(table.columns).filter(([, c]) => c.personal !== 'none' && c.personal.retention === category).map(([name]) => name);
          const all = Object.entries(table.columns).filter(([name, c]) => c.personal !== 'none' && name !== (table.key ?? 'id')).map(([name]) => name);
          columns = this.anonymisable(table, own.length ? own : all);
          if (!columns.length) continue;
        }
        tasks.push({ kind: 'rows', category, table, action, columns });
      } else if (COLUMN_CATEGORIES.has(category)) {
        const columns = this.anonymisable(table, Object.entries(table.columns).filter(([, c]) => c.personal !== 'none' && c.personal.retention === category).map(([name]) => name));
        if (columns.length) tasks.push({ kind: 'columns', category, table, action: 'anonymise', columns });
      }
    }
    return tasks;
  }

  // ---- plan -------------------------------------------------------------------------------

  private heldSet(active: { userIds: string[]; workspaceIds: string[] }): HeldSet {
    return { userIds: active.userIds, workspaceIds: active.workspaceIds };
  }

  private accountsEligible(cutoff: number) {
    return (q: Knex.QueryBuilder) => q.where('users.status', 'deleted').where('users.deleted_at', '<', cutoff).whereNull('users.purged_at');
  }

  private workspacesEligible(cutoff: number) {
    return (q: Knex.QueryBuilder) => q.where('workspaces.kind', 'sandbox').where('workspaces.expires_at', '<', cutoff);
  }

  private conditionsOf(task: Task, cutoff: number) {
    switch (task.kind) {
      case 'accounts':
        return [this.accountsEligible(cutoff)];
      case 'workspaces':
        return [this.workspacesEligible(cutoff)];
      case 'columns':
        return [(q: Knex.QueryBuilder) => q.where(`${task.table.name}.${task.table.retention!.ageColumn}`, '<', cutoff), this.repo.notYetAnonymised(task.table, task.columns)];
      default:
        return task.action === 'anonymise' ? [this.repo.aged({ table: task.table, cutoff }), this.repo.notYetAnonymised(task.table, task.columns)] : [this.repo.aged({ table: task.table, cutoff })];
    }
  }

  private async planTask(task: Task, cutoff: number, held: HeldSet): Promise<TablePlan> {
    const base: Omit<TablePlan, 'rows' | 'held' | 'oldest' | 'newest' | 'sampleIds'> = {
      table: task.table.name,
      kind: task.kind,
      action: task.action,
      columns: task.columns,
      ageColumn: task.kind === 'audit' ? 'created_at' : task.table.retention?.ageColumn ?? 'created_at',
    };
    if (task.kind === 'audit') {
      const rows = (await this.ports.audit?.()?.countOlderThan?.(cutoff)) ?? 0;
      return { ...base, rows, held: 0, oldest: null, newest: null, sampleIds: [] };
    }
    const conditions = this.conditionsOf(task, cutoff);
    const free = [...conditions, this.repo.notHeld(task.table, held)];
    const all = this.repo.holdable(task.table, held) ? await this.repo.count(task.table, conditions) : undefined;
    const rows = await this.repo.count(task.table, free);
    const described = rows ? await this.repo.describe(task.table, free) : { oldest: null, newest: null, sampleIds: [] };
    return { ...base, rows, held: all === undefined ? 0 : all - rows, oldest: iso(described.oldest), newest: iso(described.newest), sampleIds: described.sampleIds };
  }

  /** The dry run: what `apply` would do now. Changes nothing. */
  async plan(options: { category?: string } = {}): Promise<Plan> {
    const only = this.parseCategoryOption(options.category);
    const at = this.now();
    const active = await this.holds.active(at);
    const held = this.heldSet(active);
    const categories: CategoryPlan[] = [];
    for (const category of retentionCategories) {
      if (only && category !== only) continue;
      const policy = policyOf(this.config, category);
      const cutoff = cutoffOf(parseMaxAge(policy.maxAge)!, at);
      const tables: TablePlan[] = [];
      if (cutoff !== undefined) for (const task of this.tasksOf(category)) tables.push(await this.planTask(task, cutoff, held));
      categories.push({ category, ...policy, cutoff: iso(cutoff), tables, rows: sum(tables.map((t) => t.rows)), held: sum(tables.map((t) => t.held)) });
    }
    return { at: iso(at)!, categories, holds: holdsReport(active.holds), rows: sum(categories.map((c) => c.rows)), held: sum(categories.map((c) => c.held)) };
  }

  // ---- apply ------------------------------------------------------------------------------

  /**
   * Applies the policies. One run at a time across processes and replicas (a lease in the
   * database); a run whose process died is marked interrupted and the new run finishes its work.
   */
  async apply(options: ApplyOptions): Promise<ApplyResult | 'tick-done'> {
    const only = this.parseCategoryOption(options.category);
    const lease = await this.locks.acquire(RETENTION_LOCK, LEASE_MS, options.tick);
    if (lease === 'tick-done') return 'tick-done';
    if ('busy' in lease) throw new ConflictError('retention.alreadyRunning');
    try {
      return await this.run(lease, only, options);
    } finally {
      await this.locks.release(lease).catch((error) => this.logger.warn({ err: error }, 'could not release the retention lease'));
    }
  }

  private async run(lease: Lease, only: RetentionCategory | undefined, options: ApplyOptions): Promise<ApplyResult> {
    const startedAt = this.now();
    const resumed = await this.runs.markInterrupted(startedAt);
    const active = await this.holds.active(startedAt);
    const held = this.heldSet(active);
    const counts: RunCounts = {};
    const errors: RunError[] = [];
    const heldReport: HeldReport = { holds: holdsReport(active.holds), rows: {} };
    const run: RetentionRun = {
      id: newId(),
      workspaceId: await this.primaryWorkspaceId(),
      trigger: options.who.trigger,
      actorUserId: options.who.userId ?? null,
      actorLabel: options.who.label.slice(0, 200),
      category: only ?? null,
      status: 'running',
      startedAt,
      heartbeatAt: startedAt,
      finishedAt: null,
      durationMs: null,
      counts,
      held: heldReport,
      errors,
    };
    await this.runs.insert(run);
    const stats = { longestTransactionMs: 0, batches: 0, rows: 0 };
    const t0 = performance.now();

    let interrupted = false;
    for (const category of retentionCategories) {
      if (only && category !== only) continue;
      if (interrupted) break;
      const policy = policyOf(this.config, category);
      const cutoff = cutoffOf(parseMaxAge(policy.maxAge)!, startedAt);
      if (cutoff === undefined) continue;
      for (const task of this.tasksOf(category)) {
        try {
          const plan = await this.planTask(task, cutoff, held);
          if (plan.held) (heldReport.rows[category] ??= {})[task.table.name] = plan.held;
          if (!plan.rows) continue;
          const progress = (done: number) => options.onProgress?.({ category, table: task.table.name, done, total: plan.rows });
          const ctx: BatchContext = { run, counts, lease, stats, category, onProgress: progress, errors, signal: options.signal };
          if (task.kind === 'accounts') await this.purgeAccounts(ctx, cutoff, held);
          else if (task.kind === 'workspaces') await this.purgeWorkspaces(ctx, cutoff, held);
          else if (task.kind === 'audit') await this.purgeAudit(ctx, task, cutoff);
          else await this.drain(ctx, task.table.name, task.action, await this.stepOf(task, cutoff, held, plan.rows));
        } catch (error) {
          if (error instanceof LeaseLostError || error instanceof StoppedError) {
            interrupted = true;
            break;
          }
          this.logger.error({ err: error, category, table: task.table.name }, 'retention task failed');
          errors.push({ category, table: task.table.name, message: String((error as Error)?.message ?? error).slice(0, 500) });
        }
      }
    }

    const finishedAt = now();
    const durationMs = Math.round(performance.now() - t0);
    run.status = interrupted ? 'interrupted' : errors.length ? 'failed' : 'completed';
    run.finishedAt = finishedAt;
    run.durationMs = durationMs;
    await this.runs.finish(run.id, { status: run.status, finishedAt, durationMs, counts, held: heldReport, errors });
    try {
      await this.ports.audit?.()?.record(auditActorOf(options.who), 'retention.run', {
        workspaceId: run.workspaceId,
        target: { type: 'retention_run', id: run.id },
        details: { status: run.status, category: only ?? null, rows: stats.rows, counts: flatCounts(counts), held: sum(Object.values(heldReport.rows).flatMap((t) => Object.values(t))), holds: heldReport.holds.map((h) => h.id), errors: errors.length, durationMs, resumed },
      });
    } catch (error) {
      this.logger.error({ err: error }, 'could not write the audit entry of a retention run');
    }
    return { run, rowsPerSecond: durationMs ? Math.round((stats.rows * 1000) / durationMs) : stats.rows, longestTransactionMs: Math.round(stats.longestTransactionMs * 10) / 10, batches: stats.batches, resumed };
  }

  /**
   * The batch step of a rows task. When a large share of the table goes (a first purge, a backlog),
   * rows are deleted in physical order over the span where expired rows lie; otherwise the age
   * index finds them.
   */
  private async stepOf(task: Task, cutoff: number, held: HeldSet, expected: number): Promise<Step> {
    const notHeld = this.repo.notHeld(task.table, held);
    if (task.kind === 'rows' && task.action === 'delete' && !task.table.retention?.via) {
      // Held rows inside the span are skipped by the batch's conditions, so the span needs none.
      const span = await this.repo.physicalSpan(task.table, [this.repo.aged({ table: task.table, cutoff })]);
      if (span && (await this.physicalShare(task, span, expected)) >= PHYSICAL_SHARE) {
        const conditions = [this.repo.aged({ table: task.table, cutoff }, { physical: true }), notHeld];
        const walk = { next: span.first, last: span.last };
        return (limit, trx) => this.repo.deletePhysicalBatch(task.table, conditions, limit, trx, walk);
      }
    }
    const conditions = [...this.conditionsOf(task, cutoff), notHeld];
    return (limit, trx) => (task.action === 'delete' ? this.repo.deleteBatch(task.table, conditions, limit, trx) : this.repo.anonymiseBatch(task.table, task.columns, conditions, limit, trx));
  }

  /**
   * The share of the rows a physical walk of the span visits that it deletes. SQLite: the span's
   * width bounds the rows it visits (fewer where rowids have gaps); PostgreSQL: against the whole table.
   */
  private async physicalShare(task: Task, span: { first: number; last: number }, expected: number): Promise<number> {
    if (this.dialect === 'sqlite') return expected / (span.last - span.first + 1);
    const total = await this.repo.count(task.table, []);
    return total ? expected / total : 0;
  }

  /**
   * Runs a step in batches until it finds nothing more, one transaction per batch. The batch size
   * adapts so that a transaction lasts about batch.targetMs; the run's counts and lease are
   * updated inside the same transaction, so a kill at any moment leaves a report that matches.
   */
  private async drain(ctx: BatchContext, table: string, action: string, step: Step, pacing: { firstSize?: number } = {}): Promise<number> {
    const { maxRows, targetMs, pauseMs } = this.config.batch;
    let size = Math.min(maxRows, pacing.firstSize ?? 1000);
    let done = 0;
    for (;;) {
      if (ctx.signal?.aborted) throw new StoppedError();
      const limit = size;
      const started = performance.now();
      let finished = false;
      const n = await this.knex.transaction(async (trx) => {
        // SQLite: write first, so the transaction holds the write lock (waiting for it if the server
        // is writing) before it reads; a read-then-write transaction fails at once with SQLITE_BUSY
        // when another process committed in between.
        if (this.dialect === 'sqlite') await trx('job_locks').where({ name: RETENTION_LOCK }).update({ name: RETENTION_LOCK });
        const out = await step(limit, trx);
        const changed = typeof out === 'number' ? out : out.changed;
        finished = typeof out === 'number' ? changed < limit : out.done;
        if (changed) {
          const entry = ((ctx.counts[ctx.category] ??= {})[table] ??= { action, rows: 0 });
          entry.rows += changed;
          if (ctx.run) await this.runs.progress(ctx.run.id, ctx.counts, now(), trx);
          if (ctx.lease && Date.now() - (ctx.renewedAt ?? 0) > RENEW_EVERY_MS) {
            if (!(await this.locks.renew(ctx.lease, LEASE_MS, trx))) throw new LeaseLostError();
            ctx.renewedAt = Date.now();
          }
        }
        return changed;
      });
      const elapsed = performance.now() - started;
      ctx.stats.longestTransactionMs = Math.max(ctx.stats.longestTransactionMs, elapsed);
      if (n) await this.repo.afterBatch();
      ctx.stats.batches += 1;
      ctx.stats.rows += n;
      done += n;
      if (n) ctx.onProgress(done);
      if (finished) return done;
      if (elapsed < targetMs / 2) size = Math.min(maxRows, size * 2);
      else if (elapsed > targetMs) size = Math.max(100, Math.floor((size * targetMs) / elapsed));
      if (pauseMs) await sleep(pauseMs);
    }
  }

  // ---- deleted accounts -------------------------------------------------------------------

  private async purgeAccounts(ctx: BatchContext, cutoff: number, held: HeldSet): Promise<void> {
    const users = this.tables.find((t) => t.name === 'users')!;
    let purged = 0;
    for (;;) {
      const q = this.knex('users').select('users.id');
      this.accountsEligible(cutoff)(q);
      this.repo.notHeld(users, held)(q);
      const ids = (await q.orderBy('users.deleted_at').limit(100)).map((r: { id: string }) => r.id);
      if (!ids.length) return;
      for (const id of ids) {
        // The same erasure as a data subject request's, with this run's batches, counts and lease.
        const path = this.subjectPath ?? this.ports.subjectPath?.();
        if (path) await path(id, () => this.purgeAccount(id, ctx));
        else await this.purgeAccount(id, ctx);
        purged += 1;
        ctx.onProgress(purged);
      }
    }
  }

  /** How the purge treats each table a person is the subject of: delete the rows, or anonymise these columns. */
  private erasurePlan(): Array<{ table: TableDeclaration; mode: 'delete' | 'anonymise'; columns: string[] }> {
    const out: Array<{ table: TableDeclaration; mode: 'delete' | 'anonymise'; columns: string[] }> = [];
    for (const table of [...this.tables].reverse()) {
      if (table.name === 'users' || table.subject === 'none' || table.erasure === 'keep') continue;
      const subject = table.subject.column;
      const authored = this.isAuthored(table);
      const mode: 'delete' | 'anonymise' = authored ? this.config.authoredContent : table.erasure === 'anonymise' ? 'anonymise' : 'delete';
      if (mode === 'delete') {
        out.push({ table, mode, columns: [] });
        continue;
      }
      // Content stays readable; identities in it go. The author link stays: it now points at "Former member 7f3a".
      const personalColumns = Object.entries(table.columns)
        .filter(([name, c]) => c.personal !== 'none' && c.personal.category !== 'content' && !(authored && name === subject))
        .map(([name]) => name);
      const columns = this.anonymisable(table, personalColumns);
      if (columns.length) out.push({ table, mode, columns });
    }
    return out;
  }

  /**
   * Removes a deleted person's personal data per the data map, in batches: rows they are the
   * subject of go (or are anonymised where the table says `erasure: 'anonymise'`); content they
   * wrote follows retention.authoredContent; then, in one transaction, the erasure ledger entry, the
   * account row ("Former member 7f3a") and the audit entry. Idempotent; skips nothing it already did.
   */
  async purgeAccount(userId: string, ctx?: BatchContext): Promise<void> {
    const local = ctx ?? this.standaloneContext();
    for (const { table, mode, columns } of this.erasurePlan()) {
      try {
        if (mode === 'delete') await this.drain(local, table.name, 'delete', (limit, trx) => this.repo.deleteBatch(table, [this.repo.subjectIs(table, userId)], limit, trx), PURGE_PACING);
        else await this.drain(local, table.name, 'anonymise', (limit, trx) => this.repo.anonymiseBatch(table, columns, [this.repo.subjectIs(table, userId), this.repo.notYetAnonymised(table, columns)], limit, trx), PURGE_PACING);
      } catch (error) {
        if (error instanceof LeaseLostError || error instanceof StoppedError) throw error;
        local.errors?.push({ category: ACCOUNT_CATEGORY, table: table.name, message: String((error as Error)?.message ?? error).slice(0, 500) });
        this.logger.error({ err: error, table: table.name }, 'account purge: table failed');
      }
    }
    await this.knex.transaction(async (trx) => {
      const erasure = this.ports.erasure?.();
      // The ledger runs every registered eraser, this component's eraseAccount among them (container.ts).
      if (erasure) await erasure.erase(userId, { kind: 'system' }, trx);
      else await this.eraseAccount(userId, trx);
      const entry = ((local.counts[ACCOUNT_CATEGORY] ??= {}).users ??= { action: 'anonymise', rows: 0 });
      entry.rows += 1;
      if (ctx?.run) await this.runs.progress(ctx.run.id, ctx.counts, now(), trx);
    });
  }

  /**
   * The same erasure in one transaction, unbatched: registered with the erasure ledger so that
   * re-applying the ledger after a restore purges the person again. Idempotent.
   */
  async eraseAccount(userId: string, trx: Knex.Transaction): Promise<void> {
    for (const { table, mode, columns } of this.erasurePlan()) {
      const subject = (table.subject as { column: string }).column;
      if (mode === 'delete') await trx(table.name).where(subject, userId).delete();
      else await trx(table.name).where(subject, userId).update(Object.fromEntries(columns.map((c) => [c, anonymousValue(table.columns[c]!)])));
    }
    await scrubAccount(userId, trx);
  }

  private standaloneContext(): BatchContext {
    return { counts: {}, stats: { longestTransactionMs: 0, batches: 0, rows: 0 }, category: ACCOUNT_CATEGORY, onProgress: () => {} };
  }

  // ---- sandbox workspaces -----------------------------------------------------------------

  private async purgeWorkspaces(ctx: BatchContext, cutoff: number, held: HeldSet): Promise<void> {
    const workspaces = this.tables.find((t) => t.name === 'workspaces')!;
    let purged = 0;
    for (;;) {
      const q = this.knex('workspaces').select('workspaces.id');
      this.workspacesEligible(cutoff)(q);
      this.repo.notHeld(workspaces, held)(q);
      const ids = (await q.limit(20)).map((r: { id: string }) => r.id);
      if (!ids.length) return;
      for (const id of ids) {
        // Table by table in batches, children first; what a foreign key refuses goes with the workspace row (ON DELETE CASCADE).
        for (const table of [...this.tables].reverse()) {
          if (table.name === 'workspaces' || !table.columns.workspace_id) continue;
          try {
            await this.drain(ctx, table.name, 'delete', (limit, trx) => this.repo.deleteBatch(table, [this.repo.workspaceIs(table, id)], limit, trx));
          } catch (error) {
            if (error instanceof LeaseLostError || error instanceof StoppedError) throw error;
          }
        }
        await this.drain(ctx, 'workspaces', 'delete', (limit, trx) => this.repo.deleteBatch(workspaces, [(q2) => q2.where('workspaces.id', id)], limit, trx));
        purged += 1;
        ctx.onProgress(purged);
      }
    }
  }

  // ---- audit ------------------------------------------------------------------------------

  private async purgeAudit(ctx: BatchContext, task: Task, cutoff: number): Promise<void> {
    const audit = this.ports.audit?.();
    if (!audit?.purgeOlderThan) return;
    let done = 0;
    for (;;) {
      const started = performance.now();
      const n = await audit.purgeOlderThan(cutoff, { batchSize: 1000, maxBatches: 1 });
      ctx.stats.longestTransactionMs = Math.max(ctx.stats.longestTransactionMs, performance.now() - started);
      ctx.stats.batches += 1;
      ctx.stats.rows += n;
      done += n;
      const entry = ((ctx.counts[ctx.category] ??= {})[task.table.name] ??= { action: 'delete', rows: 0 });
      entry.rows += n;
      if (ctx.run) await this.runs.progress(ctx.run.id, ctx.counts, now());
      if (ctx.lease && !(await this.locks.renew(ctx.lease, LEASE_MS))) throw new LeaseLostError();
      if (n) ctx.onProgress(done);
      if (n < 1000) return;
    }
  }

  // ---- history ----------------------------------------------------------------------------

  history(limit = 50): Promise<RetentionRun[]> {
    return this.runs.list(limit);
  }

  lastRun(): Promise<RetentionRun | undefined> {
    return this.runs.last(['completed', 'failed']);
  }

  failedRuns(): Promise<number> {
    return this.runs.countByStatus('failed');
  }
}

/** One batch: rows changed, and whether the work is done (a plain number: done when below the limit). */
type Step = (limit: number, trx: Knex.Transaction) => Promise<number | { changed: number; done: boolean }>;

/** An account purge's first batch is small (one person's rows, zeroed as they go: 1,000 held the write lock for 140 ms); it grows while batches stay under targetMs / 2. */
const PURGE_PACING = { firstSize: 100 };

/** From this share of a table expiring on, rows are deleted in physical order. */
const PHYSICAL_SHARE = 0.2;

interface BatchContext {
  /** Absent outside a run (a purge called directly). */
  run?: RetentionRun;
  counts: RunCounts;
  lease?: Lease;
  stats: { longestTransactionMs: number; batches: number; rows: number };
  category: string;
  onProgress: (done: number) => void;
  errors?: RunError[];
  signal?: AbortSignal;
  renewedAt?: number;
}

/** The run was asked to stop (server shutdown). */
class StoppedError extends Error {
  constructor() {
    super('the retention run was stopped');
  }
}

class LeaseLostError extends Error {
  constructor() {
    super('the retention lease was lost (another process took it over): this run stops');
  }
}

/** The account row after the purge: the id stays (content keeps pointing at it), the identity goes. */
export async function scrubAccount(userId: string, trx: Knex.Transaction): Promise<void> {
  const pseudonym = pseudonymOf(userId);
  const email = `erased-${userId}@erased.invalid`;
  await trx('users').where({ id: userId }).update({
    email,
    email_lower: email,
    first_name: pseudonym.firstName,
    last_name: pseudonym.lastName,
    password_hash: null,
    role: 'member',
    status: 'deleted',
    company: null,
    title: null,
    phone: null,
    bio: null,
    time_zone: null,
    language: null,
    last_sign_in_at: null,
    updated_at: now(),
    purged_at: now(),
  });
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function holdsReport(holds: Array<{ id: string; userId: string | null; userEmail: string | null; workspaceId: string; reason: string; untilAt: number | null }>): HeldReport['holds'] {
  return holds.map((h) => ({ id: h.id, scope: h.userId ? 'user' : 'workspace', target: h.userId ? (h.userEmail ?? h.userId) : h.workspaceId, email: h.userEmail, reason: h.reason, until: h.untilAt }));
}

function flatCounts(counts: RunCounts): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([category, tables]) => [category, sum(Object.values(tables).map((t) => t.rows))]));
}

export { ANONYMISED };
