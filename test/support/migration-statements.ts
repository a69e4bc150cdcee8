// Records the SQL one migration file runs: a fresh database is migrated to the latest schema, then
// the migration's down() and up() are run again directly, with every statement knex sends captured
// (text and bindings, in order). The text depends only on the migration and the dialect, not on the
// rows, so two versions of a migration that record the same statements apply the same schema.
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.js';
import { migrateLatest } from '../../server/db/migrate.js';
import { createDatabase, type Dialect } from './databases.js';

export interface Statement {
  sql: string;
  bindings: unknown[];
}

export interface RecordedStatements {
  down: Statement[];
  up: Statement[];
}

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

async function recording(knex: Knex, run: () => Promise<void>): Promise<Statement[]> {
  const statements: Statement[] = [];
  const listener = (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on('query', listener);
  try {
    await run();
  } finally {
    knex.removeListener('query', listener);
  }
  return statements;
}

export async function recordMigrationStatements(dialect: Dialect, migrationPath: string): Promise<RecordedStatements> {
  const db = await createDatabase(dialect);
  const knex = createKnex({ url: db.url });
  try {
    await migrateLatest(knex);
    const migration = (await import(pathToFileURL(migrationPath).href)) as MigrationModule;
    const down = await recording(knex, () => migration.down(knex));
    const up = await recording(knex, () => migration.up(knex));
    return { down, up };
  } finally {
    await knex.destroy();
    await db.drop();
  }
}
