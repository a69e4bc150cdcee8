// Helpers for retention tests: synthetic rows for any declared table, built from its declaration.
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../server/db/declare.js';

export const DAY = 86_400_000;

/** A row that satisfies the declaration: nullable columns NULL, others a plain value of their type. */
export function syntheticRow(table: TableDeclaration, o: { workspaceId: string; userId?: string | null; age?: number; values?: Record<string, unknown> }): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const subject = table.subject === 'none' ? undefined : table.subject.column;
  for (const [name, column] of Object.entries(table.columns)) {
    if (table.retention && name === table.retention.ageColumn) row[name] = o.age ?? Date.now();
    else if (name === 'workspace_id') row[name] = o.workspaceId;
    else if (name === subject) row[name] = o.userId ?? (column.nullable ? null : crypto.randomUUID());
    else if (column.nullable) row[name] = null;
    else if (column.type === 'string') row[name] = name === (table.key ?? 'id') ? crypto.randomUUID() : crypto.randomUUID().slice(0, 8);
    else if (column.type === 'text') row[name] = '{}';
    else if (column.type === 'boolean') row[name] = false;
    else if (column.type === 'bigint') row[name] = Date.now();
    else row[name] = 0;
  }
  return { ...row, ...(table.retention?.where ?? {}), ...o.values };
}

/** Inserts a synthetic row; returns its key, or undefined when the table's constraints refuse such rows. */
export async function insertSynthetic(knex: Knex, table: TableDeclaration, o: Parameters<typeof syntheticRow>[1]): Promise<string | undefined> {
  const row = syntheticRow(table, o);
  const key = table.key ?? 'id';
  try {
    await knex(table.name).insert(row);
    return String(row[key]);
  } catch {
    return undefined;
  }
}

export async function exists(knex: Knex, table: TableDeclaration, id: string): Promise<boolean> {
  return Boolean(await knex(table.name).where({ [table.key ?? 'id']: id }).first());
}
