// What both dialects' export rows share (export-rows.ts for SQLite, export-rows.postgres.ts): a table
// read, the select of its exported columns, and the CSV cell rule, kept in one place for Node and SQL.
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type { TableDeclaration } from '../../db/declare.js';
import { dialectOfKnex } from '../../db/knex.js';

export type Row = Record<string, unknown>;
type Condition = (qb: Knex.QueryBuilder) => void;

/** One table of the export: what to read, and what the summary learns while it is read. */
export interface TableRead {
  table: TableDeclaration;
  condition: Condition;
  /** The columns exported (the table's columns less the withheld ones), in declared order. */
  columns: string[];
  rows: number;
  sample: Row[];
}

export interface ExportRows {
  /** data.json's rows of the table: JSON arrays of the columns' values, joined by commas. Counts the rows and keeps a sample. */
  json(read: TableRead): AsyncIterable<string | Buffer>;
  /** The table's CSV, header first; asked for after data.json has been written. */
  csv(read: TableRead): Promise<Readable>;
  /** Releases what the export held; `failed` when the zip was not written to its end. */
  end(failed: boolean): Promise<void>;
}

export const SAMPLE_ROWS = 20;
/** csvCell's rule, kept in one place for Node and SQL: the codes of = + - @ tab CR (a formula's first character)... */
const FORMULA_FIRST_CODES = [61, 43, 45, 64, 9, 13];
export const FORMULA_START = FORMULA_FIRST_CODES.join(', ');
/** ...unless the text is a plain number (a POSIX pattern, read by PostgreSQL and by JavaScript alike). */
export const PLAIN_NUMBER = '^-?[0-9]+(\\.[0-9]+)?$';
const plainNumber = new RegExp(PLAIN_NUMBER);
/**
 * Times are stored as epoch milliseconds; a person (and a spreadsheet) reads ISO 8601. A column is a
 * time when it is declared as a whole number and named like one (created_at, held_on, lease_until, expire).
 */
export function isTimeColumn(table: TableDeclaration, column: string): boolean {
  const type = table.columns[column]?.type;
  return (type === 'bigint' || type === 'integer') && /(_at|_on|_until|^expire)$/.test(column);
}

/**
 * The exported value of a column, converted by the database: epoch ms become ISO 8601 UTC text
 * ("2026-12-06T09:14:03.120Z"), the same on both dialects; `alias` names the result.
 */
export function exportedColumn(knex: Knex, read: TableRead, column: string, alias = true): string | Knex.Raw {
  const name = read.table.name;
  if (!isTimeColumn(read.table, column)) return `${name}.${column}`;
  const expression =
    dialectOfKnex(knex) === 'sqlite'
      ? knex.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', ??.?? / 1000.0, 'unixepoch')`, [name, column])
      : knex.raw(`to_char(to_timestamp(??.?? / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, [name, column]);
  return alias ? knex.raw(`${expression.toQuery()} AS ??`, [column]) : expression;
}

export function selectOf(knex: Knex, read: TableRead): Knex.QueryBuilder {
  return knex(read.table.name).select(read.columns.map((c) => exportedColumn(knex, read, c))).where(read.condition);
}

export function csvHeader(columns: string[]): string {
  return columns.map(csvCell).join(',') + '\r\n';
}

/** RFC 4180 cell; values a spreadsheet would run as a formula get a leading apostrophe. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // never quoted, never a formula
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // = + - @ tab CR start a formula in spreadsheets: neutralised, unless the text is a plain number.
  if (FORMULA_FIRST_CODES.includes(text.charCodeAt(0)) && !plainNumber.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
