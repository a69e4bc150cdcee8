// Fast inserts inside the demo seed's one transaction. server/db/bulk-insert.ts opens its own
// transaction (and on SQLite its own thread), which would wait forever on the seed's write lock, so
// this is its in-transaction twin:
// - SQLite: one prepared INSERT run per row on the transaction's connection (knex would compile a
//   multi-row insert into INSERT ... SELECT ... UNION ALL: several times slower at 500 rows);
// - PostgreSQL: multi-row INSERT ... VALUES, chunked under the 65,535 bind parameter limit.
// Triggers fire as for any insert (the org headcounts stay right).
import type { Knex } from 'knex';
import { dialectOfKnex } from '../../db/knex.js';
import { preparedStatement } from '../../db/sqlite-client.js';

type Row = Record<string, unknown>;
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Inserts rows (all with the keys of the first one) in the given transaction. */
export async function insertRows(trx: Knex.Transaction, table: string, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const into = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  if (dialectOfKnex(trx) === 'sqlite') {
    const connection = await trx.client.acquireConnection();
    const statement = preparedStatement(connection, `${into}(${columns.map(() => '?').join(', ')})`) as unknown as { run(...values: unknown[]): unknown };
    for (const row of rows) statement.run(...columns.map((c) => sqliteValue(row[c])));
    return;
  }
  const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
  const placeholder = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    await trx.raw(into + chunk.map(() => placeholder).join(', '), chunk.flatMap((row) => columns.map((c) => (row[c] === undefined ? null : row[c]))) as Knex.RawBinding[]);
  }
}

function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}
