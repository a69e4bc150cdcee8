// A read on SQLite's own reader connection, for the query every signed-in request makes (the session
// with its user). Why: through knex, that one small read waited for the pool's single connection
// (tarn's promise round trip), went through knex's runner and its events, and cost about three times
// what SQLite took to answer it. Here it is one prepared statement on a second, read-only connection:
// WAL lets it read beside the pool's connection, and it sees every committed write, as a PostgreSQL
// pool connection would. PostgreSQL and in-memory SQLite (no file to share) run the same SQL through
// knex.raw.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';
import { openSqliteReader, preparedStatement, sqliteBindings, type Connection } from './sqlite-client.js';

type Row = Record<string, unknown>;

interface ReaderConnection extends Connection {
  close(): void;
}

const readers = new WeakMap<Knex, ReaderConnection>();

function readerOf(knex: Knex): ReaderConnection | undefined {
  if (dialectOfKnex(knex) !== 'sqlite') return undefined;
  const file = (knex.client.config.connection as { filename?: string }).filename;
  if (!file || file === ':memory:') return undefined;
  // A destroyed knex has no pool: its reader goes with it, and the read fails through knex as any other.
  if (!(knex.client as { pool?: unknown }).pool) {
    closeReadConnection(knex);
    return undefined;
  }
  let reader = readers.get(knex);
  if (!reader) {
    // Opened on first use, when the server has migrated the file.
    readers.set(knex, (reader = openSqliteReader<ReaderConnection>(file)));
  }
  return reader;
}

/** Rows of a read-only SELECT with `?` placeholders (SQL from knex's toSQL(), so the same on both dialects). */
export async function readRows(knex: Knex, sql: string, bindings: unknown[]): Promise<Row[]> {
  const reader = readerOf(knex);
  if (reader) return preparedStatement(reader, sql).all(sqliteBindings(knex, bindings)) as Row[];
  const result = await knex.raw(sql, bindings as Knex.RawBinding[]);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

/** Closes the reader connection of this knex, if one was opened (before knex.destroy()). */
export function closeReadConnection(knex: Knex): void {
  readers.get(knex)?.close();
  readers.delete(knex);
}
