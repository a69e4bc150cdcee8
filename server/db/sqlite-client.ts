// knex's better-sqlite3 client prepares every statement again on every query, and on a page that
// runs a handful of small queries preparing costs as much as running them. This client keeps the
// prepared statements of each connection, keyed by SQL text (bounded, least recently used first out).
// Statements are only reused by knex's own queries, which run them to completion at once (all/run),
// so a cached statement is never busy; streams (server/db/stream.ts) prepare their own.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

interface Statement {
  reader: boolean;
  safeIntegers(on?: boolean): Statement;
  all(bindings: unknown[]): unknown;
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}
export interface Connection {
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

/** How long a connection waits for another connection's write transaction (ms). */
export const sqliteBusyTimeoutMs = 5000;
/**
 * WAL pages after which a commit copies the WAL back into the database (SQLite's default is 1,000).
 * Pages written again and again (the hot leaves of the log table's indexes) are copied once per
 * checkpoint: at 4,000 pages (16 MB of WAL) bulk log inserts ran ~1.3x faster than at 1,000.
 */
export const sqliteWalAutocheckpointPages = 4000;

/**
 * Whether every connection the product opens to a SQLite file runs with `PRAGMA secure_delete = ON`:
 * SQLite then overwrites deleted content with zeros instead of leaving it in free space and stale
 * cells, so an erased person's bytes do not survive in the database file or its WAL. Always on in
 * the product; only the benchmarks turn it off, to measure what it costs (bench/capture-insert.ts,
 * bench/retention.ts). Read when a connection opens.
 */
export const sqliteSecurity = { secureDelete: true };

/** The pragma every connection runs when it opens (the pool's, the reader's, the insert thread's, backup and restore). */
export function secureDeletePragma(): string {
  return `secure_delete = ${sqliteSecurity.secureDelete ? 'ON' : 'OFF'}`;
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

const patched = new WeakSet<object>();

/**
 * Replaces the knex better-sqlite3 client's _query with one that reuses prepared statements. On the
 * client class, not the instance: knex builds each transaction's client from the class's prototype,
 * so an instance-level override would not reach queries inside transactions.
 */
export function cachePreparedStatements(knex: Knex): void {
  const prototype = Object.getPrototypeOf(knex.client) as BetterSqlite3Client;
  if (patched.has(prototype)) return;
  patched.add(prototype);
  prototype._query = async function query(this: BetterSqlite3Client, connection, obj) {
    if (!obj.sql) throw new Error('The query is empty');
    if (!connection) throw new Error('No connection provided');
    // Transactions take the write lock when they begin: another connection (the insert thread,
    // sqlite-insert-thread.ts) may commit at any time, and a deferred transaction that read before
    // that commit could not write afterwards (SQLITE_BUSY at once, no waiting). BEGIN IMMEDIATE waits
    // for the other writer (busy_timeout) and then reads and writes one consistent state.
    const sql = obj.sql === 'BEGIN;' ? 'BEGIN IMMEDIATE;' : obj.sql;
    const statement = preparedStatement(connection, sql);
    // A reused statement keeps the mode its last query set: always set it.
    statement.safeIntegers(this._optSafeIntegers(obj.options) ?? false);
    const bindings = this._formatBindings(obj.bindings);
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

interface QueryCompiler {
  single: Record<string, unknown>;
  _getValueOrParameterFromAttribute(attribute: string, rawValue?: unknown): unknown;
}

/**
 * Writes LIMIT into the SQL as a number instead of a bound parameter. SQLite runs a statement with a
 * bound LIMIT 2-3x slower than the same statement with a literal one (a user by id: 17 against 7 µs;
 * the signed-in page's session query: 34 against 9 µs), and knex binds the LIMIT of every first().
 * knex has already parsed the limit to an integer, so the text is safe; the few limits in use keep
 * the prepared-statement cache small. (OFFSET stays bound: its values are many.)
 */
export function inlineLimits(knex: Knex): void {
  const prototype = Object.getPrototypeOf(knex.client.queryCompiler(knex.queryBuilder())) as QueryCompiler;
  if (patched.has(prototype)) return;
  patched.add(prototype);
  const original = prototype._getValueOrParameterFromAttribute;
  prototype._getValueOrParameterFromAttribute = function valueOrParameter(this: QueryCompiler, attribute, rawValue) {
    const value = this.single[attribute];
    if (attribute === 'limit' && Number.isSafeInteger(value)) return String(value);
    return original.call(this, attribute, rawValue);
  };
}

/**
 * A read-only connection of its own to a SQLite file, waiting for locks as the pool's does: with WAL it
 * reads beside the pool's single connection and sees every committed write. Never creates a file.
 */
export function openSqliteReader<T extends object>(file: string): T {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => { pragma(sql: string): unknown };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
  db.pragma(secureDeletePragma());
  return db as T;
}

/** Values bound the way knex's better-sqlite3 client binds them (booleans and dates as numbers). */
export function sqliteBindings(knex: Knex, bindings: unknown[]): unknown[] {
  return (knex.client as BetterSqlite3Client)._formatBindings(bindings);
}
