// knex's better-sqlite3 client prepares every statement again on every query, and on a page that
// runs a handful of small queries preparing costs as much as running them. This client keeps the
// prepared statements of each connection, keyed by SQL text (bounded, least recently used first out).
// Statements are only reused by knex's own queries, which run them to completion at once (all/run),
// so a cached statement is never busy; streams (server/db/stream.ts) prepare their own.
import type { Knex } from 'knex';

interface Statement {
  reader: boolean;
  safeIntegers(on?: boolean): Statement;
  all(bindings: unknown[]): unknown;
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}
interface Connection {
  prepare(sql: string): Statement;
}
interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  options?: unknown;
  response?: unknown;
  context?: { lastID: number | bigint; changes: number };
}
interface BetterSqlite3Client {
  _query(connection: Connection, obj: QueryObject): Promise<QueryObject>;
  _optSafeIntegers(options: unknown): boolean | undefined;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
}

/** Most statements a connection keeps prepared; the app has a few hundred distinct queries. */
export const statementCacheSize = 500;

const caches = new WeakMap<Connection, Map<string, Statement>>();

/** The connection's prepared statement for this SQL (shared by knex queries and bulk inserts). */
export function preparedStatement(connection: Connection, sql: string): Statement {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement) {
    // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
    cache.delete(sql);
  } else {
    statement = connection.prepare(sql);
    if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, statement);
  return statement;
}

/** Replaces the knex better-sqlite3 client's _query with one that reuses prepared statements. */
export function cachePreparedStatements(knex: Knex): void {
  const client = knex.client as unknown as BetterSqlite3Client;
  client._query = async function query(connection, obj) {
    if (!obj.sql) throw new Error('The query is empty');
    if (!connection) throw new Error('No connection provided');
    const statement = preparedStatement(connection, obj.sql);
    // A reused statement keeps the mode its last query set: always set it.
    statement.safeIntegers(client._optSafeIntegers(obj.options) ?? false);
    const bindings = client._formatBindings(obj.bindings);
    if (statement.reader) {
      obj.response = statement.all(bindings);
      return obj;
    }
    const response = statement.run(bindings);
    obj.response = response;
    obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
    return obj;
  };
}
