// The erasure ledger: knex only, plain objects, an optional transaction.
import type { Knex } from 'knex';

export interface LedgerEntry {
  id: string;
  subjectType: string;
  subjectId: string;
  erasedAt: number;
}

const fromRow = (r: Record<string, unknown>): LedgerEntry => ({ id: r.id as string, subjectType: r.subject_type as string, subjectId: r.subject_id as string, erasedAt: Number(r.erased_at) });

export class ErasureRepository {
  constructor(private readonly knex: Knex) {}

  private db(trx?: Knex.Transaction) {
    return trx ?? this.knex;
  }

  async find(subjectType: string, subjectId: string, trx?: Knex.Transaction): Promise<LedgerEntry | undefined> {
    const r = await this.db(trx)('erasure_ledger').where({ subject_type: subjectType, subject_id: subjectId }).first();
    return r ? fromRow(r) : undefined;
  }

  /** Inserts the entry unless the subject is already in the ledger; returns the stored entry. */
  async insertIfAbsent(entry: LedgerEntry, trx?: Knex.Transaction): Promise<LedgerEntry> {
    await this.db(trx)('erasure_ledger')
      .insert({ id: entry.id, subject_type: entry.subjectType, subject_id: entry.subjectId, erased_at: entry.erasedAt })
      .onConflict(['subject_type', 'subject_id'])
      .ignore();
    return (await this.find(entry.subjectType, entry.subjectId, trx))!;
  }

  async page(afterId: string, limit: number): Promise<LedgerEntry[]> {
    return (await this.knex('erasure_ledger').where('id', '>', afterId).orderBy('id').limit(limit)).map(fromRow);
  }

  async all(): Promise<LedgerEntry[]> {
    return (await this.knex('erasure_ledger').orderBy('erased_at')).map(fromRow);
  }
}
