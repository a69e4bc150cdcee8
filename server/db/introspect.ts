// Reads the live schema of either dialect into canonical column types, for the schema guard,
// the data map check and `opsenic datamap`.
import type { Knex } from 'knex';
import { dialectOfKnex } from './knex.js';
import type { ColumnType } from './declare.js';

export interface LiveColumn {
  type: ColumnType | `unknown:${string}`;
  nullable: boolean;
}
export type LiveSchema = Record<string, Record<string, LiveColumn>>;

/** Tables that belong to knex's migrator or to SQLite itself, not to the product. */
export const internalTables = new Set(['knex_migrations', 'knex_migrations_lock', 'sqlite_sequence']);

function canonical(raw: string): LiveColumn['type'] {
  const type = raw.toLowerCase();
  if (type.startsWith('varchar') || type.startsWith('character varying') || type.startsWith('char')) return 'string';
  if (type === 'text') return 'text';
  if (type === 'integer' || type === 'int') return 'integer';
  if (type === 'bigint') return 'bigint';
  if (type === 'boolean') return 'boolean';
  if (type === 'real' || type === 'double precision' || type.startsWith('float')) return 'real';
  return `unknown:${type}`;
}

export async function readLiveSchema(knex: Knex): Promise<LiveSchema> {
  const schema: LiveSchema = {};
  if (dialectOfKnex(knex) === 'sqlite') {
    const tables = (await knex.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as Array<{ name: string }>;
    for (const { name } of tables) {
      if (internalTables.has(name) || name.includes('_fts')) continue;
      const columns = (await knex.raw(`PRAGMA table_info("${name}")`)) as Array<{ name: string; type: string; notnull: number; pk: number }>;
      schema[name] = Object.fromEntries(columns.map((c) => [c.name, { type: canonical(c.type), nullable: c.notnull === 0 && c.pk === 0 }]));
    }
    return schema;
  }
  const result = await knex.raw(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  for (const row of result.rows as Array<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>) {
    if (internalTables.has(row.table_name)) continue;
    (schema[row.table_name] ??= {})[row.column_name] = { type: canonical(row.data_type), nullable: row.is_nullable === 'YES' };
  }
  return schema;
}
