// Runs the migrations in migrations/ on either dialect. On PostgreSQL a session-level advisory lock
// serialises concurrent runs: a second `opsenic migrate` waits for the first, then finds nothing to do
// (knex's own lock table would make it fail instead).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const MIGRATION_LOCK_ID = 715_300_001; // arbitrary, fixed: identifies "opsenic migrations" among advisory locks

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
  /** `{ transaction: false }` for a migration that must run outside a transaction (e.g. SQLite's VACUUM). */
  config?: { transaction?: boolean };
}

/** A migration file: TypeScript in the sources, JavaScript in the compiled copy (cli/compile.mjs). */
const migrationFile = /^\d{14}_[a-z0-9_]+\.(ts|js)$/;
/** The name recorded in knex_migrations: the file name without its extension, the same from either. */
const nameOf = (file: string) => file.replace(/\.(ts|js)$/, '');

class DirectoryMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(migrationsDir)
      .filter((file) => migrationFile.test(file))
      .sort();
  }
  getMigrationName(file: string): string {
    return nameOf(file);
  }
  async getMigration(file: string): Promise<Knex.Migration> {
    const mod = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as MigrationModule;
    return { up: mod.up, down: mod.down ?? (async () => { throw new Error(`${file} cannot be rolled back`); }), ...(mod.config ? { config: mod.config } : {}) };
  }
}

const migrationConfig: Knex.MigratorConfig = {
  migrationSource: new DirectoryMigrationSource(),
  tableName: 'knex_migrations',
};

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export async function migrationStatus(knex: Knex): Promise<MigrationStatus> {
  const [completed, pending] = (await knex.migrate.list(migrationConfig)) as [Array<{ name: string }>, string[]];
  return {
    applied: completed.map((m) => m.name),
    pending: pending.map(nameOf),
  };
}

/** Applies pending migrations; returns the names applied by this call. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  if (dialectOfKnex(knex) !== 'postgres') {
    const [, applied] = (await knex.migrate.latest(migrationConfig)) as [number, string[]];
    return applied.map(nameOf);
  }
  // Hold the advisory lock on a dedicated connection for the whole run.
  const conn = await knex.client.acquireConnection();
  try {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const [, applied] = (await knex.migrate.latest(migrationConfig)) as [number, string[]];
      return applied.map(nameOf);
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await knex.client.releaseConnection(conn);
  }
}
