// The erasure ledger keeps a one-way digest of each erased subject's user id instead of the id itself
// (server/components/privacy/ledger-key.ts): existing entries are converted. Self-contained.
import crypto from 'node:crypto';
import type { Knex } from 'knex';

const keyOf = (userId: string) => 'h1:' + crypto.createHash('sha256').update(userId).digest('base64url').slice(0, 32);

export async function up(knex: Knex): Promise<void> {
  const rows: Array<{ id: string; subject_id: string }> = await knex('erasure_ledger').where({ subject_type: 'user' }).select('id', 'subject_id');
  for (const row of rows) {
    if (row.subject_id.startsWith('h1:')) continue;
    await knex('erasure_ledger').where({ id: row.id }).update({ subject_id: keyOf(row.subject_id) });
  }
}

export async function down(): Promise<void> {
  // The digests cannot be turned back into ids; the ledger works with them either way.
}
