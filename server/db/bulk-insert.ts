// Bulk inserts for high-volume append-only tables (request logs, ...), the fastest way each dialect
// offers:
// - SQLite (a database file): one prepared INSERT run per row inside one transaction, on the insert
//   thread's own connection (sqlite-insert-thread.ts), so the event loop keeps serving meanwhile
//   (knex would compile a multi-row insert into INSERT ... SELECT ... UNION ALL, which is slow and
//   fails past 500 rows: SQLITE_MAX_COMPOUND_SELECT); an in-memory database has no file to share,
//   so there the pooled connection runs the same statement;
// - PostgreSQL: multi-row INSERT ... VALUES statements, chunked under the 65,535 bind parameter limit,
//   in one transaction.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';
import { preparedStatement, sqliteBusyTimeoutMs, sqliteSecurity, sqliteWalAutocheckpointPages } from './sqlite-client.js';
import { SqliteInsertThread } from './sqlite-insert-thread.js';

interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  transaction<T extends (...args: never[]) => unknown>(fn: T): T;
}

type Value = string | number | boolean | null;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

const insertThreads = new WeakMap<Knex, SqliteInsertThread>();

function insertThreadOf(knex: Knex): SqliteInsertThread | undefined {
  const file = (knex.client.config.connection as { filename?: string }).filename;
  if (!file || file === ':memory:') return undefined;
  let thread = insertThreads.get(knex);
  if (!thread) insertThreads.set(knex, (thread = new SqliteInsertThread({ file, busyTimeoutMs: sqliteBusyTimeoutMs, walAutocheckpoint: sqliteWalAutocheckpointPages, secureDelete: sqliteSecurity.secureDelete })));
  return thread;
}

/** Ends the SQLite insert thread of this knex, if one was started (before knex.destroy()). */
export async function closeBulkInsert(knex: Knex): Promise<void> {
  const thread = insertThreads.get(knex);
  insertThreads.delete(knex);
  await thread?.close();
}

/** Inserts rows (each an array of values in `columns` order) in one transaction. */
export async function bulkInsert(knex: Knex, table: string, columns: string[], rows: Value[][]): Promise<void> {
  if (!rows.length) return;
  if (dialectOfKnex(knex) === 'sqlite') {
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    const thread = insertThreadOf(knex);
    if (thread) return thread.insert(sql, rows);
    const conn = (await knex.client.acquireConnection()) as SqliteConnection;
    try {
      const statement = preparedStatement(conn as never, sql) as unknown as { run(...values: unknown[]): unknown };
      conn.transaction((batch: Value[][]) => {
        for (const row of batch) statement.run(...row.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)));
      })(rows);
    } finally {
      await knex.client.releaseConnection(conn);
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
  await knex.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await trx.raw(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  });
}

/** The insert thread's connection settings as SQLite reports them (tests: it runs secure_delete); undefined without a thread. */
export async function bulkInsertSettings(knex: Knex): Promise<Record<string, unknown> | undefined> {
  return insertThreadOf(knex)?.settings();
}
