// Retention run reports (retention_runs): knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';

export interface TableCount {
  action: string;
  rows: number;
}
export type RunCounts = Record<string, Record<string, TableCount>>;
export interface RunError {
  category: string;
  table: string;
  message: string;
}
export interface HeldReport {
  /** target: the person's email, else their id (the CLI and stored runs keep it); email: null once the account is gone. */
  holds: Array<{ id: string; scope: 'user' | 'workspace'; target: string; email: string | null; reason: string; until: number | null }>;
  /** Rows the holds protected, per category and table. */
  rows: Record<string, Record<string, number>>;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export interface RetentionRun {
  id: string;
  workspaceId: string;
  trigger: string;
  actorUserId: string | null;
  actorLabel: string;
  category: string | null;
  status: RunStatus;
  startedAt: number;
  heartbeatAt: number;
  finishedAt: number | null;
  durationMs: number | null;
  counts: RunCounts;
  held: HeldReport;
  errors: RunError[];
}

const parse = <T>(text: unknown, fallback: T): T => {
  try {
    return JSON.parse(String(text)) as T;
  } catch {
    return fallback;
  }
};

const fromRow = (row: Record<string, unknown>): RetentionRun => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  trigger: row.trigger as string,
  actorUserId: (row.actor_user_id as string) ?? null,
  actorLabel: row.actor_label as string,
  category: (row.category as string) ?? null,
  status: row.status as RunStatus,
  startedAt: Number(row.started_at),
  heartbeatAt: Number(row.heartbeat_at),
  finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
  counts: parse(row.counts, {}),
  held: parse(row.held, { holds: [], rows: {} }),
  errors: parse(row.errors, []),
});

export class RunsRepository {
  constructor(private readonly knex: Knex) {}

  async insert(run: RetentionRun): Promise<void> {
    await this.knex('retention_runs').insert({
      id: run.id,
      workspace_id: run.workspaceId,
      trigger: run.trigger,
      actor_user_id: run.actorUserId,
      actor_label: run.actorLabel,
      category: run.category,
      status: run.status,
      started_at: run.startedAt,
      heartbeat_at: run.heartbeatAt,
      finished_at: run.finishedAt,
      duration_ms: run.durationMs,
      counts: JSON.stringify(run.counts),
      held: JSON.stringify(run.held),
      errors: JSON.stringify(run.errors),
    });
  }

  /** Progress, written in the same transaction as the batch it counts, so the report never lies. */
  async progress(id: string, counts: RunCounts, at: number, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('retention_runs').where({ id }).update({ counts: JSON.stringify(counts), heartbeat_at: at });
  }

  async finish(id: string, changes: { status: RunStatus; finishedAt: number; durationMs: number; counts: RunCounts; held: HeldReport; errors: RunError[] }): Promise<void> {
    await this.knex('retention_runs').where({ id }).update({
      status: changes.status,
      finished_at: changes.finishedAt,
      duration_ms: changes.durationMs,
      counts: JSON.stringify(changes.counts),
      held: JSON.stringify(changes.held),
      errors: JSON.stringify(changes.errors),
    });
  }

  /** Runs still marked running when no run holds the lock: their process died (killed, crashed). */
  async markInterrupted(at: number): Promise<string[]> {
    const rows = await this.knex('retention_runs').where({ status: 'running' }).select('id');
    if (rows.length) await this.knex('retention_runs').where({ status: 'running' }).update({ status: 'interrupted', finished_at: at });
    return rows.map((r: { id: string }) => r.id);
  }

  async list(limit = 50): Promise<RetentionRun[]> {
    return (await this.knex('retention_runs').orderBy('started_at', 'desc').limit(limit)).map(fromRow);
  }

  async find(id: string): Promise<RetentionRun | undefined> {
    const row = await this.knex('retention_runs').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async last(statuses?: RunStatus[]): Promise<RetentionRun | undefined> {
    const q = this.knex('retention_runs').orderBy('started_at', 'desc');
    if (statuses) q.whereIn('status', statuses);
    const row = await q.first();
    return row ? fromRow(row) : undefined;
  }

  async countByStatus(status: RunStatus): Promise<number> {
    const row = await this.knex('retention_runs').where({ status }).count<{ n: number }[]>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}
