// SQLite: every FTS5 table (the search indexes) gets FTS5's `secure-delete` option, so a deleted or
// updated row's terms leave the index at once; the index is rebuilt (dropping the old segments that
// still held deleted rows' terms), then the file is VACUUMed once so that no freed page keeps them.
// Self-contained (finds the FTS5 tables in the schema). PostgreSQL: nothing to do (its GIN indexes are
// vacuumed with their tables after an erasure).
import type { Knex } from 'knex';

// VACUUM cannot run inside a transaction.
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') return;
  const tables = (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`)) as Array<{ name: string }>;
  for (const { name } of tables) {
    await knex.raw(`INSERT INTO "${name}" ("${name}", rank) VALUES ('secure-delete', 1)`);
    await knex.raw(`INSERT INTO "${name}" ("${name}") VALUES ('rebuild')`);
  }
  const file = (knex.client.config.connection as { filename?: string }).filename;
  if (file && file !== ':memory:') await knex.raw('VACUUM');
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') return;
  const tables = (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`)) as Array<{ name: string }>;
  for (const { name } of tables) await knex.raw(`INSERT INTO "${name}" ("${name}", rank) VALUES ('secure-delete', 0)`);
}
