// Creates the knex instance for the configured database. Dialect differences live in server/db only.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';
import type pgModule from 'pg';
import { rememberDatabaseTarget } from './connection-errors.js';
import { cachePreparedStatements, inlineLimits, secureDeletePragma, sqliteBusyTimeoutMs, sqliteWalAutocheckpointPages } from './sqlite-client.js';

export type Dialect = 'sqlite' | 'postgres';

let int8AsNumber = false;
/**
 * int8 (bigint) columns hold epoch milliseconds and counts, all far below 2^53: read them as numbers.
 * pg is loaded here, on the first PostgreSQL database, not at import: a SQLite server never needs it
 * (50 ms of every start).
 */
function readInt8AsNumber(): void {
  if (int8AsNumber) return;
  const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  int8AsNumber = true;
}

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

export function sqlitePathOf(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
}

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
}

export function createKnex({ url, poolMax = 10 }: DatabaseOptions): Knex {
  if (dialectOf(url) === 'sqlite') {
    const file = sqlitePathOf(url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
      // better-sqlite3 is synchronous: one connection serialises writes the way SQLite wants them.
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          // Deleted content is overwritten, not left in free pages (server/db/sqlite-client.ts).
          conn.pragma(secureDeletePragma());
          conn.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
          conn.pragma('synchronous = NORMAL');
          conn.pragma(`wal_autocheckpoint = ${sqliteWalAutocheckpointPages}`);
          done(null, conn);
        },
      },
    });
    cachePreparedStatements(knex);
    inlineLimits(knex);
    return knex;
  }
  readInt8AsNumber();
  rememberDatabaseTarget(url);
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'opsenic' },
    // knex prints every failed connection attempt with its stack; the error itself reaches the
    // caller, which reports it (a TLS problem in one line: db/connection-errors.ts).
    log: { warn: (message: string) => (String(message).startsWith('Acquire connection error') ? undefined : console.warn(message)) },
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 10_000,
  });
}

/** A stable helper for migrations (test/support/migration-rules.ts): released migrations call it, keep its meaning. */
export function dialectOfKnex(knex: Knex): Dialect {
  return knex.client.config.client === 'pg' ? 'postgres' : 'sqlite';
}
