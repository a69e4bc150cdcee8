// Legal holds: knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';

export interface LegalHold {
  id: string;
  workspaceId: string;
  /** NULL: the whole workspace is held. */
  userId: string | null;
  /** The held person's email, for people reading the list (joined, not stored). */
  userEmail: string | null;
  reason: string;
  createdBy: string;
  createdAt: number;
  untilAt: number | null;
  releasedAt: number | null;
  releasedBy: string | null;
}

const fromRow = (row: Record<string, unknown>): LegalHold => ({
  id: row.id as string,
  workspaceId: row.workspace_id as string,
  userId: (row.user_id as string) ?? null,
  userEmail: (row.user_email as string) ?? null,
  reason: row.reason as string,
  createdBy: row.created_by as string,
  createdAt: Number(row.created_at),
  untilAt: row.until_at === null ? null : Number(row.until_at),
  releasedAt: row.released_at === null ? null : Number(row.released_at),
  releasedBy: (row.released_by as string) ?? null,
});

export class HoldsRepository {
  constructor(private readonly knex: Knex) {}

  private select(trx?: Knex.Transaction) {
    return (trx ?? this.knex)('legal_holds as h').leftJoin('users as u', 'u.id', 'h.user_id').select('h.*', 'u.email as user_email');
  }

  async insert(hold: Omit<LegalHold, 'userEmail' | 'releasedAt' | 'releasedBy'>, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.knex)('legal_holds').insert({
      id: hold.id,
      workspace_id: hold.workspaceId,
      user_id: hold.userId,
      reason: hold.reason,
      created_by: hold.createdBy,
      created_at: hold.createdAt,
      until_at: hold.untilAt,
    });
  }

  async find(id: string, trx?: Knex.Transaction): Promise<LegalHold | undefined> {
    const row = await this.select(trx).where('h.id', id).first();
    return row ? fromRow(row) : undefined;
  }

  /** Every hold, newest first; `activeAt` keeps only those in force at that time. */
  async list(filter: { activeAt?: number } = {}, trx?: Knex.Transaction): Promise<LegalHold[]> {
    const query = this.select(trx).orderBy('h.created_at', 'desc');
    if (filter.activeAt !== undefined) {
      query.whereNull('h.released_at').where((q) => q.whereNull('h.until_at').orWhere('h.until_at', '>', filter.activeAt!));
    }
    return (await query).map(fromRow);
  }

  async release(id: string, at: number, by: string, trx?: Knex.Transaction): Promise<boolean> {
    const changed = await (trx ?? this.knex)('legal_holds').where({ id }).whereNull('released_at').update({ released_at: at, released_by: by });
    return changed === 1;
  }
}
