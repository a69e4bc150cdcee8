// Reading a large result page by page, without sorting or holding it whole (exports of any size):
// - SQLite: a separate read-only connection to the same file (WAL: it neither blocks nor waits for
//   the writer, and the pool's single connection stays free for everyone else) iterating a
//   prepared statement lazily;
// - PostgreSQL: a server-side cursor (DECLARE ... FETCH) inside a read-only transaction.
// Either way the rows come in the query's natural order, as arrays of column values.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';
import { openSqliteReader, sqliteBindings } from './sqlite-client.js';

interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  columns(): Array<{ name: string }>;
  iterate(...bindings: unknown[]): IterableIterator<unknown[]>;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

export interface RowPage {
  columns: string[];
  rows: unknown[][];
}

/** Yields the rows of `query` in pages of at most `pageSize`. */
export async function* streamRows(knex: Knex, query: Knex.QueryBuilder, pageSize = 1000): AsyncGenerator<RowPage> {
  if (dialectOfKnex(knex) === 'sqlite') {
    const { sql, bindings } = query.toSQL().toNative();
    const file = (knex.client.config.connection as { filename: string }).filename;
    const db = openSqliteReader<SqliteDatabase>(file);
    try {
      const statement = db.prepare(sql).raw(true);
      const columns = statement.columns().map((c) => c.name);
      let rows: unknown[][] = [];
      for (const row of statement.iterate(...sqliteBindings(knex, bindings as unknown[]))) {
        rows.push(row);
        if (rows.length >= pageSize) {
          yield { columns, rows };
          rows = [];
        }
      }
      if (rows.length) yield { columns, rows };
    } finally {
      db.close();
    }
    return;
  }
  // PostgreSQL: the cursor lives in a transaction that is only read from, committed at the end.
  const trx = await knex.transaction();
  try {
    await trx.raw('SET TRANSACTION READ ONLY');
    const cursor = `export_${Math.random().toString(36).slice(2, 10)}`;
    const { sql, bindings } = query.toSQL();
    await trx.raw(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, bindings as Knex.RawBinding[]);
    type Fetched = { rows: unknown[][]; fields: Array<{ name: string }> };
    const size = Math.max(1, Math.floor(pageSize));
    // Rows as arrays of values (pg's rowMode 'array'): no object per row, built only to be taken apart.
    const fetch = () => trx.raw(`FETCH ${size} FROM ${cursor}`).options({ rowMode: 'array' }) as unknown as Promise<Fetched>;
    // The next page is asked for before this one is handed over, so the round trip to the server
    // overlaps the consumer's work on the current page (at most one page is held in advance).
    let next: Promise<Fetched> | undefined = fetch();
    while (next) {
      const result: Fetched = await next;
      next = result.rows.length === size ? fetch() : undefined;
      if (!result.rows.length) break;
      yield { columns: result.fields.map((f) => f.name), rows: result.rows };
    }
    await trx.commit();
  } catch (error) {
    await trx.rollback().catch(() => {});
    throw error;
  } finally {
    if (!trx.isCompleted()) await trx.rollback().catch(() => {});
  }
}
